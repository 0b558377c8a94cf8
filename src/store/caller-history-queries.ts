import type { Statement } from 'better-sqlite3';
import type { ComplaintState } from '../desk/complaint-states.js';
import type { Db } from './db.js';
import type { WrapUpResult } from './wrap-ups-repo.js';

/** One earlier inbound call of the caller, with its wrap-up when one was saved. */
export interface HistoryCall {
  channelId: string;
  startedAt: number;
  answeredAt: number | null;
  endedIn: string | null;
  queueGroup: string | null;
  agentId: string | null;
  category: string | null;
  result: WrapUpResult | null;
  notes: string | null;
  workOrderNo: string | null;
  complaintId: number | null;
}

export interface HistoryComplaint {
  id: number;
  category: string;
  department: string;
  description: string;
  state: ComplaintState;
  escalation: number;
  dueAt: number;
  createdAt: number;
}

export interface HistoryWorkOrder {
  orderNo: string;
  status: string;
  category: string | null;
  description: string;
  createdAt: number;
  respondBy: number | null;
  completeBy: number | null;
  completedAt: number | null;
}

export interface HistoryCallback {
  id: number;
  number: string;
  reason: string;
  dueAt: number | null;
  state: 'pending' | 'dialing' | 'done' | 'cancelled';
  createdAt: number;
}

export interface CallerHistoryRows {
  calls: HistoryCall[];
  complaints: HistoryComplaint[];
  workOrders: HistoryWorkOrder[];
  callbacks: HistoryCallback[];
}

/**
 * The caller history an agent sees as a call arrives (issue 15 item 4): four look-ups by the caller's number, newest
 * first, each bounded by `limit`. Each is one range scan of an index led by the number (calls_caller and
 * callbacks_number of migration 16, complaints_caller and work_orders_caller of 13 and 14); bench/caller-history.ts
 * measures them with and without those indexes.
 */
export class CallerHistoryQueries {
  constructor(private readonly db: Db) {}

  // Prepared per look-up (tens of microseconds, against one look-up per arriving call) so the store can be made
  // before its migrations run, as the other query classes are.
  private prepare(): Record<'calls' | 'complaints' | 'workOrders' | 'callbacks', Statement> {
    return {
        calls: this.db.prepare(
          `SELECT c.channel_id AS channelId, c.started_at AS startedAt, c.answered_at AS answeredAt, c.ended_in AS endedIn,
             c.queue_group AS queueGroup, c.agent_id AS agentId, w.category AS category, w.result AS result, w.notes AS notes,
             w.work_order_no AS workOrderNo, w.complaint_id AS complaintId
           FROM calls c LEFT JOIN wrap_ups w ON w.channel_id = c.channel_id
           WHERE c.caller_number = @number AND c.direction = 'inbound' AND c.channel_id != @except
           ORDER BY c.started_at DESC LIMIT @limit`,
        ),
        complaints: this.db.prepare(
          `SELECT id, category, department, description, state, escalation, due_at AS dueAt, created_at AS createdAt
           FROM complaints WHERE caller_number = @number AND state IN ('registered', 'in-progress', 'escalated', 'reopened')
           ORDER BY created_at DESC LIMIT @limit`,
        ),
        workOrders: this.db.prepare(
          `SELECT order_no AS orderNo, status, category, description, created_at AS createdAt, respond_by AS respondBy,
             complete_by AS completeBy, completed_at AS completedAt
           FROM work_orders WHERE caller_number = @number ORDER BY created_at DESC LIMIT @limit`,
        ),
        callbacks: this.db.prepare(
          `SELECT id, number, reason, due_at AS dueAt, state, created_at AS createdAt
           FROM callbacks WHERE number = @number ORDER BY created_at DESC LIMIT @limit`,
        ),
    };
  }

  /** The caller's history, leaving out the call in front of the agent (`exceptChannelId`). */
  of(number: string, q: { exceptChannelId?: string; limit: number }): CallerHistoryRows {
    const s = this.prepare();
    const args = { number, limit: q.limit };
    return {
      calls: s.calls.all({ ...args, except: q.exceptChannelId ?? '' }) as HistoryCall[],
      complaints: s.complaints.all(args) as HistoryComplaint[],
      workOrders: s.workOrders.all(args) as HistoryWorkOrder[],
      callbacks: s.callbacks.all(args) as HistoryCallback[],
    };
  }
}
