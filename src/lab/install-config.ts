import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { chrootUser, writeIfChanged } from './chroot.js';
import type { LabNode } from './lab-nodes.js';
import type { LabPaths } from './paths.js';
import { configChangeAction, renderLabConfig, type ConfFiles } from './render.js';

/**
 * Debian sample configs that must not be there. users.conf makes pbx_config warn that it is deprecated at every start,
 * and could define phones the project does not know about.
 */
export const unwantedFiles: readonly string[] = ['users.conf'];

/** Reads the project's config templates (every `*.conf` in asterisk/etc, or the given endings in another dir). */
export function readTemplates(dir: string, endings: readonly string[] = ['.conf']): ConfFiles {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir).filter((n) => endings.some((e) => n.endsWith(e))).sort()) {
    files[name] = readFileSync(join(dir, name), 'utf8');
  }
  return files;
}

/** What installing the config changed, and what a running Asterisk needs to pick it up. */
export interface InstallResult {
  changed: string[];
  action: 'none' | 'reload' | 'restart';
}

/**
 * Renders the templates for this config into the chroot's /etc/asterisk. Files are written only when they differ,
 * readable by the asterisk user only: ari.conf and pjsip.conf hold passwords.
 */
export function installLabConfig(config: Config, paths: LabPaths, node?: LabNode): InstallResult {
  const rendered = renderLabConfig(config, readTemplates(paths.templates), node);
  const before: Record<string, string> = {};
  for (const name of Object.keys(rendered)) {
    const path = join(paths.etc, name);
    if (existsSync(path)) before[name] = readFileSync(path, 'utf8');
  }
  const owner = chrootUser(paths.root, 'asterisk');
  if (owner === undefined) {
    throw new HotlineError('LAB_NOT_PROVISIONED', `no asterisk user in ${paths.root}: run \`hotline lab provision --force\``);
  }
  mkdirSync(paths.etc, { recursive: true });
  const changed: string[] = [];
  for (const [name, text] of Object.entries(rendered)) {
    const path = join(paths.etc, name);
    if (writeIfChanged(path, text, 0o640)) changed.push(name);
    chownSync(path, owner.uid, owner.gid);
  }
  for (const name of unwantedFiles) {
    const path = join(paths.etc, name);
    if (existsSync(path) && !(name in rendered)) {
      rmSync(path);
      changed.push(name);
    }
  }
  const action = configChangeAction(before, rendered);
  return { changed, action: action === 'none' && changed.length > 0 ? 'reload' : action };
}
