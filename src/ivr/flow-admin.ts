/**
 * Flow versions through the API: upload (validate, keep), activate any kept version, roll back to the one live
 * before. A flow is a file `<name>.yaml` in ivr.dir; activation writes it and has the registry load it, so the API,
 * a hand edit and the file watcher all end in the same validation and the same one-step switch.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';
import type { FlowVersionRow, FlowVersionsRepo } from '../store/flow-versions-repo.js';
import type { FlowError } from './flow-error.js';
import type { FlowRegistry } from './flow-registry.js';
import { loadFlowText, type LoadFlowOptions } from './load-flow.js';

export interface FlowAdminDeps {
  dir: string;
  registry: FlowRegistry;
  loadOptions: LoadFlowOptions;
  versions: FlowVersionsRepo;
}

export type FlowCheck = { ok: true; version: string; entryNumbers: string[] } | { ok: false; errors: FlowError[] };

/** Flow names are file names: lower-case, no path. */
export const flowNamePattern = /^[a-z][a-z0-9_-]{0,63}$/;

const fileOf = (d: FlowAdminDeps, name: string) => join(d.dir, `${name}.yaml`);
// Not *.yaml, so the registry's watcher never picks these up; in ivr.dir, so the rename that makes it live is atomic.
const scratch = (d: FlowAdminDeps, name: string, what: string) => join(d.dir, `.${name}.${randomBytes(6).toString('hex')}.${what}`);

/** Validates a flow text exactly as the service would load it as `<name>.yaml`; nothing is written for good. */
// Read from memory, never written first: a validate request leaves nothing in the live folder, even if it dies.
// Includes stay inside ivr.dir whatever the service's options say, since the text is the caller's.
export function checkFlow(d: FlowAdminDeps, name: string, content: string): FlowCheck {
  const r = loadFlowText(content, fileOf(d, name), { ...d.loadOptions, includeRoot: d.dir });
  if (!r.ok) return { ok: false, errors: r.errors };
  // The flow's own name is the one agentless campaigns run it by: it must match the file it will live in.
  if (r.flow.name !== name) {
    return { ok: false, errors: [{ path: 'name', code: 'FLOW_SCHEMA', message: `the flow is named "${r.flow.name}" but is uploaded as "${name}"` }] };
  }
  return { ok: true, version: r.flow.version, entryNumbers: [...r.flow.flow.entryNumbers] };
}

function invalid(name: string, errors: FlowError[]): HotlineError {
  const first = errors[0]!;
  return new HotlineError('FLOW_INVALID', `flow ${name}: ${errors.length} error(s), first: ${first.path}: ${first.message}`, {
    key: first.path,
    details: { errors },
  });
}

/** The live version of a flow, or null when none is live. */
export function liveVersion(d: FlowAdminDeps, name: string): string | null {
  return d.registry.forName(name)?.flow.version ?? null;
}

// The file live on disk (written by hand or shipped) becomes a kept version the first time the API touches the flow,
// so a rollback can always return to it.
function keepDiskVersion(d: FlowAdminDeps, name: string, now: number): void {
  const live = liveVersion(d, name);
  const file = fileOf(d, name);
  if (live === null || !existsSync(file) || d.versions.get(name, live)) return;
  const content = readFileSync(file, 'utf8');
  const check = checkFlow(d, name, content);
  if (!check.ok || check.version !== live) return;
  d.versions.add(name, live, content, 'file', now);
  d.versions.markActivated(name, live, now - 1);
}

/** Validates and keeps a flow version; a bad flow is refused with its errors (FLOW_INVALID) and never kept. */
export function uploadFlow(d: FlowAdminDeps, name: string, content: string, by: string, now: number): FlowVersionRow {
  const check = checkFlow(d, name, content);
  if (!check.ok) throw invalid(name, check.errors);
  keepDiskVersion(d, name, now);
  return d.versions.add(name, check.version, content, by, now);
}

/** Makes a kept version live; if the registry refuses it the previous file is put back. Returns the previous version. */
export function activateFlow(d: FlowAdminDeps, name: string, version: string, now: number): { previous: string | null; activated: FlowVersionRow } {
  const row = d.versions.get(name, version);
  if (!row) throw new HotlineError('NOT_FOUND', `flow ${name} has no version ${version}`, { key: 'version' });
  keepDiskVersion(d, name, now);
  const previous = liveVersion(d, name);
  // Prompt files or queue groups may have gone since the upload: check again before touching the live file.
  const check = checkFlow(d, name, row.content);
  if (!check.ok) throw invalid(name, check.errors);
  const file = fileOf(d, name);
  const old = existsSync(file) ? readFileSync(file, 'utf8') : null;
  writeAtomically(d, name, file, row.content);
  const result = d.registry.load(file);
  if (!result.ok) {
    if (old === null) unlinkSync(file);
    else writeAtomically(d, name, file, old);
    throw invalid(name, result.errors ?? []);
  }
  d.versions.markActivated(name, version, now);
  return { previous, activated: d.versions.get(name, version)! };
}

/** Makes the version that was live before the current one live again. */
export function rollbackFlow(d: FlowAdminDeps, name: string, now: number): { previous: string | null; activated: FlowVersionRow } {
  keepDiskVersion(d, name, now);
  const live = liveVersion(d, name);
  const target = d.versions.list(name).find((v) => v.activatedAt !== null && v.version !== live);
  if (!target) throw new HotlineError('CONFLICT', `flow ${name} has no earlier version to roll back to`, { key: 'name' });
  return activateFlow(d, name, target.version, now);
}

/** Kept versions of a flow (the live one on disk included). */
export function flowVersions(d: FlowAdminDeps, name: string, now: number): FlowVersionRow[] {
  keepDiskVersion(d, name, now);
  return d.versions.list(name);
}

function writeAtomically(d: FlowAdminDeps, name: string, file: string, content: string): void {
  const tmp = scratch(d, name, 'tmp');
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } finally {
    rmSync(tmp, { force: true });
  }
}
