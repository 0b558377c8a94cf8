import type { Db } from './db.js';

export const wrapUpResults = ['resolved', 'transferred', 'escalated', 'callback'] as const;
export type WrapUpResult = (typeof wrapUpResults)[number];

export interface WrapUpRow {
  id: number;
  channelId: string;
  agentId: string | null;
  category: string;
  notes: string;
  result: WrapUpResult;
  callbackAt: number | null;
  callbackId: number | null;
  workOrderNo: string | null;
  complaintId: number | null;
  createdAt: number;
  createdBy: string;
}

export type NewWrapUp = Omit<WrapUpRow, 'id'>;

const columns = `id, channel_id AS channelId, agent_id AS agentId, category, notes, result, callback_at AS callbackAt,
  callback_id AS callbackId, work_order_no AS workOrderNo, complaint_id AS complaintId, created_at AS createdAt, created_by AS createdBy`;

/** What each inbound call was about and how it ended (issue 15 item 1): one row per call. */
export class WrapUpsRepo {
  constructor(private readonly db: Db) {}

  /** Adds the wrap-up; returns its id (the UNIQUE channel_id refuses a second one). */
  insert(w: NewWrapUp): number {
    const r = this.db
      .prepare(
        `INSERT INTO wrap_ups (channel_id, agent_id, category, notes, result, callback_at, callback_id, work_order_no, complaint_id, created_at, created_by)
         VALUES (@channelId, @agentId, @category, @notes, @result, @callbackAt, @callbackId, @workOrderNo, @complaintId, @createdAt, @createdBy)`,
      )
      .run(w);
    return Number(r.lastInsertRowid);
  }

  /** The wrap-up of a call, or undefined. */
  byCall(channelId: string): WrapUpRow | undefined {
    return this.db.prepare(`SELECT ${columns} FROM wrap_ups WHERE channel_id = ?`).get(channelId) as WrapUpRow | undefined;
  }

  /**
   * Wrap-ups of the inbound calls that started in [from, to), by category (what callers called about, 热点问题), with
   * how many were resolved on the call (first-call resolution).
   */
  countByCategory(from: number, to: number): Array<{ category: string; calls: number; resolved: number }> {
    return this.db
      .prepare(
        `SELECT w.category AS category, COUNT(*) AS calls, SUM(w.result = 'resolved') AS resolved
         FROM wrap_ups w JOIN calls c ON c.channel_id = w.channel_id
         WHERE c.started_at >= ? AND c.started_at < ? GROUP BY w.category ORDER BY calls DESC, category`,
      )
      .all(from, to) as Array<{ category: string; calls: number; resolved: number }>;
  }
}
