import { readFileSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';
import { HotlineError } from '../errors.js';
import { configSchema, type Config } from './schema.js';
import { exposedShippedSecret } from './shipped-secrets.js';

/** The project root, whatever the working directory. */
export const projectRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../..');

/** The embedded defaults: the local lab and a SQLite file under data/. */
export const defaultConfigPath = resolve(projectRoot, 'config/default.yaml');

/** Environment variables that override a config key (secrets and addresses only). */
export const envOverrides: ReadonlyArray<{ env: string; path: string[]; type: 'string' | 'number' }> = [
  { env: 'HOTLINE_ARI_URL', path: ['ari', 'url'], type: 'string' },
  { env: 'HOTLINE_ARI_USERNAME', path: ['ari', 'username'], type: 'string' },
  { env: 'HOTLINE_ARI_PASSWORD', path: ['ari', 'password'], type: 'string' },
  { env: 'HOTLINE_HOST', path: ['service', 'host'], type: 'string' },
  { env: 'HOTLINE_PORT', path: ['service', 'port'], type: 'number' },
  { env: 'HOTLINE_DB', path: ['store', 'path'], type: 'string' },
  { env: 'HOTLINE_LOG_LEVEL', path: ['service', 'logLevel'], type: 'string' },
  { env: 'HOTLINE_CARRIER_HOST', path: ['lab', 'carrier', 'host'], type: 'string' },
  { env: 'HOTLINE_CARRIER_PORT', path: ['lab', 'carrier', 'port'], type: 'number' },
];

function setPath(obj: Record<string, unknown>, path: string[], value: unknown): void {
  let cur = obj;
  for (const key of path.slice(0, -1)) {
    const next = cur[key];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) cur[key] = {};
    cur = cur[key] as Record<string, unknown>;
  }
  cur[path[path.length - 1]!] = value;
}

function describeIssue(issue: z.core.$ZodIssue): { key: string; message: string } {
  const base = issue.path.map(String).join('.');
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((k) => (base ? `${base}.${k}` : k));
    return { key: keys[0]!, message: `unknown key ${keys.join(', ')}` };
  }
  return { key: base || '(root)', message: issue.message };
}

/** Validates a raw config object (already merged with env) into the typed Config, naming the first bad key. */
export function validateConfig(raw: unknown, source = 'config'): Config {
  const result = configSchema.safeParse(raw ?? {});
  if (result.success) {
    const exposed = exposedShippedSecret(result.data);
    if (exposed) throw new HotlineError('CONFIG_INVALID', `${source}: ${exposed.key}: ${exposed.message}`, { key: exposed.key, details: { issues: [exposed] } });
    return result.data;
  }
  const issues = result.error.issues.map(describeIssue);
  const first = issues[0]!;
  const all = issues.map((i) => `${i.key}: ${i.message}`).join('; ');
  throw new HotlineError('CONFIG_INVALID', `${source}: ${all}`, { key: first.key, details: { issues } });
}

/** Reads the YAML file (defaults when none given), applies env overrides and validates. */
export function loadConfig(file: string | undefined, env: NodeJS.ProcessEnv = process.env): Config {
  const path = resolve(file ?? env.HOTLINE_CONFIG ?? defaultConfigPath);
  if (!existsSync(path)) throw new HotlineError('CONFIG_NOT_FOUND', `config file not found: ${path}`, { key: 'file' });
  let raw: unknown;
  try {
    raw = parse(readFileSync(path, 'utf8')) ?? {};
  } catch (error) {
    throw new HotlineError('CONFIG_INVALID', `${path}: not valid YAML: ${(error as Error).message}`, { key: '(file)', error });
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new HotlineError('CONFIG_INVALID', `${path}: the top level must be a mapping`, { key: '(root)' });
  }
  const merged = structuredClone(raw) as Record<string, unknown>;
  for (const o of envOverrides) {
    const value = env[o.env];
    if (value === undefined || value === '') continue;
    const parsed = o.type === 'number' ? Number(value) : value;
    if (o.type === 'number' && !Number.isInteger(parsed)) {
      throw new HotlineError('CONFIG_INVALID', `${o.env}: ${o.path.join('.')} must be an integer, got "${value}"`, {
        key: o.path.join('.'),
      });
    }
    setPath(merged, o.path, parsed);
  }
  const config = validateConfig(merged, path);
  // A relative store path or lab dir is relative to the project, not to wherever the command ran.
  config.store.path = config.store.path === ':memory:' ? config.store.path : resolve(projectRoot, config.store.path);
  config.lab.dir = resolve(projectRoot, config.lab.dir);
  config.prompts.dir = resolve(projectRoot, config.prompts.dir);
  config.ivr.dir = resolve(projectRoot, config.ivr.dir);
  config.api.reports.dir = resolve(projectRoot, config.api.reports.dir);
  return config;
}
