/** A validated flow made ready to run: its version and its caller lists as sets. */
import { defined } from '../defined.js';
import { normalizeNumber, type ListLookup } from './conditions.js';
import type { Flow } from './flow-schema.js';

/** What the interpreter runs. Immutable once made; a new file version makes a new LoadedFlow. */
export interface LoadedFlow {
  readonly name: string;
  /** Content hash; every call's state carries the version it started on. */
  readonly version: string;
  readonly file?: string;
  readonly flow: Flow;
  readonly lists: ListLookup;
}

/**
 * Makes a validated flow runnable; `lists` adds the config's caller lists to the flow's own. `live` adds the lists
 * kept through the API (VIP, blocked): a flow's list of the same name also holds their numbers, as they are at the
 * moment the branch is taken, so a number added through the API counts on the caller's next call with no new version.
 */
export function compileFlow(
  flow: Flow,
  meta: { version: string; file?: string; lists?: Readonly<Record<string, readonly string[]>>; live?: ListLookup },
): LoadedFlow {
  const own = new Map<string, ReadonlySet<string>>();
  for (const [name, numbers] of Object.entries({ ...meta.lists, ...flow.lists })) own.set(name, new Set(numbers.map(normalizeNumber)));
  const live = meta.live;
  const lists: ListLookup = live
    ? {
        get: (name) => {
          const fixed = own.get(name);
          if (!fixed) return undefined;
          return { has: (n) => fixed.has(n) || (live.get(name)?.has(n) ?? false) };
        },
      }
    : own;
  return { name: flow.name, version: meta.version, ...defined({ file: meta.file }), flow, lists };
}
