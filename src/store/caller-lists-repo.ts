import type { Db } from './db.js';

export const callerListNames = ['vip', 'blocked'] as const;
export type CallerListName = (typeof callerListNames)[number];

export interface CallerListEntry {
  list: CallerListName;
  number: string;
  note: string;
  createdAt: number;
  createdBy: string;
}

const columns = 'list, number, note, created_at AS createdAt, created_by AS createdBy';

/** The VIP and blocked caller lists kept through the API (issue 15 item 5); the IVR's branches read them. */
export class CallerListsRepo {
  constructor(private readonly db: Db) {}

  /** Adds the number (or updates its note); returns the entry. */
  add(e: CallerListEntry): CallerListEntry {
    this.db
      .prepare(`INSERT INTO caller_lists (list, number, note, created_at, created_by) VALUES (@list, @number, @note, @createdAt, @createdBy)
                ON CONFLICT (list, number) DO UPDATE SET note = excluded.note`)
      .run(e);
    return this.get(e.list, e.number)!;
  }

  get(list: CallerListName, number: string): CallerListEntry | undefined {
    return this.db.prepare(`SELECT ${columns} FROM caller_lists WHERE list = ? AND number = ?`).get(list, number) as CallerListEntry | undefined;
  }

  /** Removes the number; true when it was there. */
  remove(list: CallerListName, number: string): boolean {
    return this.db.prepare('DELETE FROM caller_lists WHERE list = ? AND number = ?').run(list, number).changes > 0;
  }

  /** A list's entries by number, or every entry. */
  list(list?: CallerListName): CallerListEntry[] {
    return (list
      ? this.db.prepare(`SELECT ${columns} FROM caller_lists WHERE list = ? ORDER BY number`).all(list)
      : this.db.prepare(`SELECT ${columns} FROM caller_lists ORDER BY list, number`).all()) as CallerListEntry[];
  }
}
