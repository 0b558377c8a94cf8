/**
 * Reading a flow file (and the files it includes) into a runnable, versioned flow, or the reasons it cannot run.
 * The only part of src/ivr that touches the file system.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { parse } from 'yaml';
import { HotlineError } from '../errors.js';
import { pathOf, schemaErrors, type FlowError } from './flow-error.js';
import { includeFileSchema } from './flow-schema.js';
import type { ListLookup } from './conditions.js';
import { compileFlow, type LoadedFlow } from './loaded-flow.js';
import { validateFlow, type ValidateFlowOptions } from './validate-flow.js';

export interface LoadFlowOptions extends Omit<ValidateFlowOptions, 'promptExists' | 'knownLists' | 'librarySubflows'> {
  /** Recorded prompts live here; without it file prompts are not checked. */
  promptsDir?: string;
  /** Caller lists from the config (name → numbers), merged with the flow's own. */
  lists?: Readonly<Record<string, readonly string[]>>;
  /** Caller lists kept through the API, added to the flow's lists of the same name (see compileFlow). */
  live?: ListLookup;
}

export type FlowLoad = { ok: true; flow: LoadedFlow } | { ok: false; errors: FlowError[] };

const fail = (errors: FlowError[]): FlowLoad => ({ ok: false, errors });

function readYaml(file: string, label: string): { ok: true; text: string; doc: unknown } | { ok: false; error: FlowError } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return { ok: false, error: { path: '(file)', code: 'FLOW_NOT_FOUND', message: `cannot read ${label} ${file}: ${(err as NodeJS.ErrnoException).code ?? 'error'}` } };
  }
  try {
    return { ok: true, text, doc: parse(text) };
  } catch (err) {
    const pos = (err as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    const at = pos ? `line ${pos.line}, column ${pos.col}` : '(file)';
    return { ok: false, error: { path: at, code: 'FLOW_SYNTAX', message: `not valid YAML: ${(err as Error).message.split('\n')[0]}` } };
  }
}

/** The content version: a hash of the flow file and every file it includes, in order. */
export function flowVersion(texts: readonly string[]): string {
  const h = createHash('sha256');
  for (const t of texts) h.update(t).update('\0');
  return h.digest('hex').slice(0, 12);
}

/** Loads, includes, validates and compiles a flow file; a bad file gives its errors and never a flow. */
export function loadFlowFile(file: string, opts: LoadFlowOptions = {}): FlowLoad {
  const path = resolve(file);
  const main = readYaml(path, 'the flow file');
  if (!main.ok) return fail([main.error]);
  const raw = main.doc;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([{ path: '(root)', code: 'FLOW_SYNTAX', message: 'the top level of a flow must be a mapping' }]);
  }
  const doc = structuredClone(raw) as Record<string, unknown>;
  const texts = [main.text];
  const errors: FlowError[] = [];
  const origin = new Map<string, string>();

  const includes = Array.isArray(doc.include) ? doc.include : [];
  includes.forEach((inc, i) => {
    if (typeof inc !== 'string') return; // the schema reports it
    const incPath = resolve(dirname(path), inc);
    const shown = relative(process.cwd(), incPath) || incPath;
    const r = readYaml(incPath, 'included file');
    if (!r.ok) {
      errors.push({ ...r.error, path: r.error.code === 'FLOW_NOT_FOUND' ? pathOf(['include', i]) : r.error.path, file: shown });
      return;
    }
    texts.push(r.text);
    const parsed = includeFileSchema.safeParse(r.doc ?? {});
    if (!parsed.success) {
      errors.push(...schemaErrors(parsed.error).map((e) => ({ ...e, file: shown })));
      return;
    }
    const subflows = (doc.subflows ??= {}) as Record<string, unknown>;
    for (const [name, sub] of Object.entries(parsed.data.subflows)) {
      if (name in subflows) {
        errors.push({ path: pathOf(['subflows', name]), code: 'FLOW_DUPLICATE_NAME', message: `subflow "${name}" is defined twice`, file: shown });
        continue;
      }
      subflows[name] = sub;
      origin.set(name, shown);
    }
  });

  const promptsDir = opts.promptsDir;
  const result = validateFlow(doc, {
    ...opts,
    ...(promptsDir === undefined ? {} : { promptExists: (f: string) => existsSync(join(promptsDir, f)) }),
    knownLists: Object.keys(opts.lists ?? {}),
    librarySubflows: [...origin.keys()],
  });
  // A finding inside an included subflow belongs to the included file.
  const located = result.errors.map((e) => {
    const m = /^subflows\.([^.]+)/.exec(e.path);
    const from = m ? origin.get(m[1]!) : undefined;
    return from === undefined ? e : { ...e, file: from };
  });
  if (errors.length > 0 || !result.ok) return fail([...errors, ...located]);
  return { ok: true, flow: compileFlow(result.flow, { version: flowVersion(texts), file: path, ...(opts.lists ? { lists: opts.lists } : {}), ...(opts.live ? { live: opts.live } : {}) }) };
}

/** Like loadFlowFile, but throws FLOW_INVALID (its details list the errors) for callers that want an exception. */
export function loadFlowFileOrThrow(file: string, opts: LoadFlowOptions = {}): LoadedFlow {
  const r = loadFlowFile(file, opts);
  if (r.ok) return r.flow;
  const first = r.errors[0]!;
  throw new HotlineError('FLOW_INVALID', `${file}: ${r.errors.length} error(s), first: ${first.path}: ${first.message}`, {
    key: first.path,
    details: { errors: r.errors },
  });
}
