/**
 * The VIP and blocked caller lists as the IVR reads them: the stored lists held in memory (a branch must not wait on
 * the disk), changed only through here so memory and the store agree: the store's write (with its audit entry) is
 * committed first, and memory follows only once it is.
 */
import type { ListLookup } from '../ivr/conditions.js';
import { normalizeNumber } from '../ivr/conditions.js';
import type { CallerListEntry, CallerListName, CallerListsRepo } from '../store/caller-lists-repo.js';

export class CallerLists implements ListLookup {
  private readonly sets = new Map<string, Set<string>>();

  constructor(
    private readonly repo: CallerListsRepo,
    private readonly transaction: <T>(fn: () => T) => T = (fn) => fn(),
  ) {
    for (const e of repo.list()) this.setOf(e.list).add(normalizeNumber(e.number));
  }

  /** The numbers on a list, for a branch's `inList`. */
  get(name: string): ReadonlySet<string> | undefined {
    return this.sets.get(name);
  }

  /** Adds a number; `also` runs in the same transaction (the audit entry). */
  add(e: CallerListEntry, also: (saved: CallerListEntry) => void = () => undefined): CallerListEntry {
    const saved = this.transaction(() => {
      const row = this.repo.add({ ...e, number: normalizeNumber(e.number) });
      also(row);
      return row;
    });
    this.setOf(e.list).add(saved.number);
    return saved;
  }

  /** Removes a number; true when it was on the list. `also` runs in the same transaction when it was. */
  remove(list: CallerListName, number: string, also: () => void = () => undefined): boolean {
    const n = normalizeNumber(number);
    const was = this.transaction(() => {
      const removed = this.repo.remove(list, n);
      if (removed) also();
      return removed;
    });
    this.sets.get(list)?.delete(n);
    return was;
  }

  private setOf(list: string): Set<string> {
    let s = this.sets.get(list);
    if (!s) this.sets.set(list, (s = new Set()));
    return s;
  }
}
