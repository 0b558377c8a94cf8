import type { ComplaintState } from '../desk/complaint-states.js';
import type { Db } from './db.js';
import type { ComplaintCount } from '../reports/desk-kpis.js';

export interface ComplaintRow {
  id: number;
  channelId: string | null;
  callerNumber: string;
  category: string;
  department: string;
  description: string;
  state: ComplaintState;
  escalation: number;
  dueAt: number;
  resolution: string | null;
  resolvedAt: number | null;
  callbackId: number | null;
  createdAt: number;
  createdBy: string;
  updatedAt: number;
}

export type NewComplaint = Pick<ComplaintRow, 'channelId' | 'callerNumber' | 'category' | 'department' | 'description' | 'dueAt' | 'createdAt' | 'createdBy'>;

export interface ComplaintQuery {
  states?: readonly ComplaintState[];
  category?: string;
  department?: string;
  /** Open and past their deadline at this time. */
  overdueAt?: number;
  callerNumber?: string;
  afterId?: number;
  limit: number;
}

/** Complaints of one category or department in a period: the desk report's complaint counts. */
export type ComplaintStat = ComplaintCount;

const columns = `id, channel_id AS channelId, caller_number AS callerNumber, category, department, description, state, escalation,
  due_at AS dueAt, resolution, resolved_at AS resolvedAt, callback_id AS callbackId, created_at AS createdAt, created_by AS createdBy, updated_at AS updatedAt`;
const open = `state IN ('registered', 'in-progress', 'escalated', 'reopened')`;

/** Complaints from registration to the customer's confirmation (issue 15 item 2). */
export class ComplaintsRepo {
  constructor(private readonly db: Db) {}

  insert(c: NewComplaint): number {
    const r = this.db
      .prepare(
        `INSERT INTO complaints (channel_id, caller_number, category, department, description, due_at, created_at, created_by, updated_at)
         VALUES (@channelId, @callerNumber, @category, @department, @description, @dueAt, @createdAt, @createdBy, @createdAt)`,
      )
      .run(c);
    return Number(r.lastInsertRowid);
  }

  get(id: number): ComplaintRow | undefined {
    return this.db.prepare(`SELECT ${columns} FROM complaints WHERE id = ?`).get(id) as ComplaintRow | undefined;
  }

  exists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM complaints WHERE id = ?').get(id) !== undefined;
  }

  /** Applies a move: the new state and level, and on resolution its text, time and the callback it owes. */
  move(id: number, m: { state: ComplaintState; escalation: number; resolution?: string; resolvedAt?: number; callbackId?: number | null }, now: number): void {
    this.db
      .prepare(
        `UPDATE complaints SET state = @state, escalation = @escalation, resolution = COALESCE(@resolution, resolution),
           resolved_at = COALESCE(@resolvedAt, resolved_at), callback_id = COALESCE(@callbackId, callback_id), updated_at = @now WHERE id = @id`,
      )
      .run({ id, state: m.state, escalation: m.escalation, resolution: m.resolution ?? null, resolvedAt: m.resolvedAt ?? null, callbackId: m.callbackId ?? null, now });
  }

  /** Complaints matching the query, soonest deadline first (then id). */
  search(q: ComplaintQuery): ComplaintRow[] {
    const where: string[] = [];
    const args: Record<string, unknown> = { limit: q.limit };
    if (q.states?.length) {
      where.push(`state IN (${q.states.map((_, i) => `@s${i}`).join(', ')})`);
      q.states.forEach((s, i) => (args[`s${i}`] = s));
    }
    if (q.category) (where.push('category = @category'), (args.category = q.category));
    if (q.department) (where.push('department = @department'), (args.department = q.department));
    if (q.overdueAt !== undefined) (where.push(`${open} AND due_at < @overdueAt`), (args.overdueAt = q.overdueAt));
    if (q.callerNumber) (where.push('caller_number = @callerNumber'), (args.callerNumber = q.callerNumber));
    if (q.afterId !== undefined) (where.push('id > @afterId'), (args.afterId = q.afterId));
    return this.db
      .prepare(`SELECT ${columns} FROM complaints ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY id LIMIT @limit`)
      .all(args) as ComplaintRow[];
  }

  /** Complaints registered in [from, to) counted by category or by department (顾客投诉分类统计表); overdue as of `now`. */
  stats(by: 'category' | 'department', from: number, to: number, now: number): ComplaintStat[] {
    return this.db
      .prepare(
        `SELECT ${by} AS key, COUNT(*) AS total, SUM(${open}) AS open, SUM(resolved_at IS NOT NULL) AS resolved,
           SUM(state = 'confirmed') AS confirmed, SUM(${open} AND due_at < @now) AS overdue
         FROM complaints WHERE created_at >= @from AND created_at < @to GROUP BY ${by} ORDER BY total DESC, key`,
      )
      .all({ from, to, now }) as ComplaintStat[];
  }
}
