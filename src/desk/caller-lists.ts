/**
 * The VIP and blocked caller lists as the IVR reads them: the stored lists held in memory (a branch must not wait on
 * the disk), changed only through here so memory and the store agree. Writes go to the store first.
 */
import type { ListLookup } from '../ivr/conditions.js';
import { normalizeNumber } from '../ivr/conditions.js';
import type { CallerListEntry, CallerListName, CallerListsRepo } from '../store/caller-lists-repo.js';

export class CallerLists implements ListLookup {
  private readonly sets = new Map<string, Set<string>>();

  constructor(private readonly repo: CallerListsRepo) {
    for (const e of repo.list()) this.setOf(e.list).add(normalizeNumber(e.number));
  }

  /** The numbers on a list, for a branch's `inList`. */
  get(name: string): ReadonlySet<string> | undefined {
    return this.sets.get(name);
  }

  /** Adds a number (written to the store, then to memory). */
  add(e: CallerListEntry): CallerListEntry {
    const saved = this.repo.add({ ...e, number: normalizeNumber(e.number) });
    this.setOf(e.list).add(saved.number);
    return saved;
  }

  /** Removes a number; true when it was on the list. */
  remove(list: CallerListName, number: string): boolean {
    const n = normalizeNumber(number);
    const was = this.repo.remove(list, n);
    this.sets.get(list)?.delete(n);
    return was;
  }

  private setOf(list: string): Set<string> {
    let s = this.sets.get(list);
    if (!s) this.sets.set(list, (s = new Set()));
    return s;
  }
}
