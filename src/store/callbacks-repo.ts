import type { Db } from './db.js';

export interface CallbackRow {
  id: number;
  number: string;
  reason: string;
  sourceChannelId: string | null;
  entryNumber: string | null;
  dueAt: number | null;
  state: 'pending' | 'dialing' | 'done' | 'cancelled';
  createdAt: number;
}

/** Callbacks the dialer owes: IVR offers, queue abandons, one-ring and silent calls on lines that want them. */
export class CallbacksRepo {
  constructor(private readonly db: Db) {}

  /** Adds a pending callback; returns its id. */
  create(c: { number: string; reason: string; sourceChannelId?: string; entryNumber?: string; dueAt?: number; now: number }): number {
    const r = this.db
      .prepare('INSERT INTO callbacks (number, reason, source_channel_id, entry_number, due_at, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .run(c.number, c.reason, c.sourceChannelId ?? null, c.entryNumber ?? null, c.dueAt ?? null, c.now);
    return Number(r.lastInsertRowid);
  }

  /** Callbacks not yet done, oldest first. */
  pending(): CallbackRow[] {
    return (
      this.db
        .prepare(
          `SELECT id, number, reason, source_channel_id AS sourceChannelId, entry_number AS entryNumber, due_at AS dueAt, state, created_at AS createdAt
           FROM callbacks WHERE state = 'pending' ORDER BY COALESCE(due_at, created_at), id`,
        )
        .all() as CallbackRow[]
    );
  }

  /**
   * How many other numbers the caller behind callback `id` (its source call's caller number) has had handed to the
   * dialer as callbacks since `since`: the per-caller limit on caller-given callback numbers.
   */
  otherNumbersFromSameCaller(id: number, since: number): number {
    return this.db
      .prepare(
        `SELECT COUNT(DISTINCT o.number) FROM callbacks cb
           JOIN calls me ON me.channel_id = cb.source_channel_id
           JOIN calls oc ON oc.caller_number = me.caller_number
           JOIN callbacks o ON o.source_channel_id = oc.channel_id
          WHERE cb.id = ? AND me.caller_number IS NOT NULL AND o.id != cb.id AND o.number != cb.number
            AND o.state IN ('dialing', 'done') AND o.created_at >= ?`,
      )
      .pluck()
      .get(id, since) as number;
  }

  /** Marks a callback as handed to the dialer (its lead now carries it), or cancelled when it cannot be dialed. */
  settle(id: number, state: 'dialing' | 'cancelled'): void {
    this.db.prepare('UPDATE callbacks SET state = ? WHERE id = ?').run(state, id);
  }
}
