/** A validated flow made ready to run: its version and its caller lists as sets. */
import { defined } from '../defined.js';
import { normalizeNumber } from './conditions.js';
import type { Flow } from './flow-schema.js';

/** What the interpreter runs. Immutable once made; a new file version makes a new LoadedFlow. */
export interface LoadedFlow {
  readonly name: string;
  /** Content hash; every call's state carries the version it started on. */
  readonly version: string;
  readonly file?: string;
  readonly flow: Flow;
  readonly lists: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Makes a validated flow runnable; `lists` adds the config's caller lists to the flow's own. */
export function compileFlow(flow: Flow, meta: { version: string; file?: string; lists?: Readonly<Record<string, readonly string[]>> }): LoadedFlow {
  const lists = new Map<string, ReadonlySet<string>>();
  for (const [name, numbers] of Object.entries({ ...meta.lists, ...flow.lists })) lists.set(name, new Set(numbers.map(normalizeNumber)));
  return { name: flow.name, version: meta.version, ...defined({ file: meta.file }), flow, lists };
}
