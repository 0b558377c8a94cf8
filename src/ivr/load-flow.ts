/**
 * Reading a flow file (and the files it includes) into a runnable, versioned flow, or the reasons it cannot run.
 * The only part of src/ivr that touches the file system.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { HotlineError } from '../errors.js';
import { pathOf, schemaErrors, type FlowError } from './flow-error.js';
import { flowFileLimits, readFlowFile } from './flow-file-read.js';
import { includeFileSchema } from './flow-schema.js';
import type { ListLookup } from './conditions.js';
import { compileFlow, type LoadedFlow } from './loaded-flow.js';
import { validateFlow, type ValidateFlowOptions } from './validate-flow.js';

export interface LoadFlowOptions extends Omit<ValidateFlowOptions, 'promptExists' | 'knownLists' | 'librarySubflows'> {
  /** Recorded prompts live here; without it file prompts are not checked. */
  promptsDir?: string;
  /** Caller lists from the config (name → numbers), merged with the flow's own. */
  lists?: Readonly<Record<string, readonly string[]>>;
  /** Includes must lie inside this folder (the service sets ivr.dir); without it any regular, small file may be. */
  includeRoot?: string;
  /** Caller lists kept through the API, added to the flow's lists of the same name (see compileFlow). */
  live?: ListLookup;
}

export type FlowLoad = { ok: true; flow: LoadedFlow } | { ok: false; errors: FlowError[] };

const fail = (errors: FlowError[]): FlowLoad => ({ ok: false, errors });

function parseYaml(text: string): { ok: true; doc: unknown } | { ok: false; error: FlowError } {
  try {
    return { ok: true, doc: parse(text) };
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
  const read = readFlowFile(path, undefined);
  if (!read.ok) return fail([{ path: '(file)', code: 'FLOW_NOT_FOUND', message: `the flow file ${path}: ${read.message}` }]);
  return loadFlowText(read.text, path, opts);
}

/**
 * Loads a flow from its text as if it were the file `file` (includes resolve from its folder): how the API checks
 * an uploaded flow without writing it anywhere.
 */
export function loadFlowText(text: string, file: string, opts: LoadFlowOptions = {}): FlowLoad {
  const path = resolve(file);
  const main = parseYaml(text);
  if (!main.ok) return fail([main.error]);
  const raw = main.doc;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail([{ path: '(root)', code: 'FLOW_SYNTAX', message: 'the top level of a flow must be a mapping' }]);
  }
  const doc = structuredClone(raw) as Record<string, unknown>;
  const texts = [text];
  const errors: FlowError[] = [];
  const origin = new Map<string, string>();

  const includes = Array.isArray(doc.include) ? doc.include : [];
  if (includes.length > flowFileLimits.maxIncludes) {
    return fail([{ path: 'include', code: 'FLOW_INCLUDE_REFUSED', message: `at most ${flowFileLimits.maxIncludes} included files` }]);
  }
  includes.forEach((inc, i) => {
    if (typeof inc !== 'string') return; // the schema reports it
    const incPath = resolve(dirname(path), inc);
    // Shown as written: the server's own paths are none of the caller's business.
    const shown = inc;
    const read = readFlowFile(incPath, opts.includeRoot);
    if (!read.ok) {
      const code = read.reason === 'missing' ? 'FLOW_NOT_FOUND' : 'FLOW_INCLUDE_REFUSED';
      errors.push({ path: pathOf(['include', i]), code, message: `included file ${inc}: ${read.message}`, file: shown });
      return;
    }
    const r = parseYaml(read.text);
    if (!r.ok) {
      errors.push({ ...r.error, file: shown });
      return;
    }
    texts.push(read.text);
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
