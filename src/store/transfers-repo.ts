import type { Db } from './db.js';

/**
 * Issue 13: a call's transfer chain, one row per transfer or conference started on the customer's channel: who
 * transferred to whom, when, how it ended and how long the caller was held for it. Legs keep their own call rows.
 */
export const transfersMigrationSql = `
      CREATE TABLE call_transfers (
        id           INTEGER PRIMARY KEY,
        channel_id   TEXT NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('blind', 'attended')),
        target_kind  TEXT NOT NULL CHECK (target_kind IN ('agent', 'group', 'number')),
        target       TEXT NOT NULL,
        from_agent   TEXT NOT NULL,
        requested_by TEXT NOT NULL,
        leg_id       TEXT,
        requested_at INTEGER NOT NULL,
        answered_at  INTEGER,
        ended_at     INTEGER,
        outcome      TEXT CHECK (outcome IN ('completed', 'cancelled', 'not-answered', 'conference', 'target-gone', 'caller-gone', 'failed')),
        hold_ms      INTEGER NOT NULL DEFAULT 0
      );
      CREATE INDEX call_transfers_call ON call_transfers (channel_id, id);
`;

export type TransferKind = 'blind' | 'attended';
export type TransferOutcome = 'completed' | 'cancelled' | 'not-answered' | 'conference' | 'target-gone' | 'caller-gone' | 'failed';

export interface TransferRow {
  id: number;
  channelId: string;
  kind: TransferKind;
  targetKind: 'agent' | 'group' | 'number';
  target: string;
  fromAgent: string;
  requestedBy: string;
  legId: string | null;
  requestedAt: number;
  answeredAt: number | null;
  endedAt: number | null;
  /** Null while the transfer is under way; `conference` once the caller joined the agent and the third party. */
  outcome: TransferOutcome | null;
  holdMs: number;
}

export type NewTransfer = Pick<TransferRow, 'channelId' | 'kind' | 'targetKind' | 'target' | 'fromAgent' | 'requestedBy' | 'legId' | 'requestedAt'>;

const select = `SELECT id, channel_id AS channelId, kind, target_kind AS targetKind, target, from_agent AS fromAgent,
  requested_by AS requestedBy, leg_id AS legId, requested_at AS requestedAt, answered_at AS answeredAt, ended_at AS endedAt,
  outcome, hold_ms AS holdMs FROM call_transfers`;

export class TransfersRepo {
  constructor(private readonly db: Db) {}

  /** A transfer started; returns its id. */
  add(t: NewTransfer): number {
    return Number(
      this.db
        .prepare('INSERT INTO call_transfers (channel_id, kind, target_kind, target, from_agent, requested_by, leg_id, requested_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
        .run(t.channelId, t.kind, t.targetKind, t.target, t.fromAgent, t.requestedBy, t.legId, t.requestedAt).lastInsertRowid,
    );
  }

  answered(id: number, at: number): void {
    this.db.prepare('UPDATE call_transfers SET answered_at = ? WHERE id = ?').run(at, id);
  }

  /** How it ended (a conference ends again when the third party leaves or the agent completes). */
  ended(id: number, outcome: TransferOutcome, at: number, holdMs: number): void {
    this.db.prepare('UPDATE call_transfers SET outcome = ?, ended_at = ?, hold_ms = ? WHERE id = ?').run(outcome, at, holdMs, id);
  }

  /** The chain of a call, in the order the transfers were made. */
  ofCall(channelId: string): TransferRow[] {
    return this.db.prepare(`${select} WHERE channel_id = ? ORDER BY id`).all(channelId) as TransferRow[];
  }
}
