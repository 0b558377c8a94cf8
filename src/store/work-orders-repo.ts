import type { Db } from './db.js';

export interface WorkOrder {
  orderNo: string;
  status: string;
}

export interface WorkOrderRow extends WorkOrder {
  channelId: string | null;
  callerNumber: string | null;
  category: string | null;
  description: string;
  createdAt: number;
  createdBy: string | null;
  respondBy: number | null;
  completeBy: number | null;
  respondedAt: number | null;
  completedAt: number | null;
  updatedAt: number;
}

export interface WorkOrderEvent {
  status: string;
  note: string;
  at: number;
  actor: string;
}

export interface NewWorkOrder {
  channelId: string | null;
  callerNumber: string | null;
  category: string | null;
  description: string;
  respondBy: number;
  completeBy: number;
  createdAt: number;
  createdBy: string;
}

const columns = `order_no AS orderNo, status, channel_id AS channelId, caller_number AS callerNumber, category, description,
  created_at AS createdAt, created_by AS createdBy, respond_by AS respondBy, complete_by AS completeBy,
  responded_at AS respondedAt, completed_at AS completedAt, updated_at AS updatedAt`;
const open = `status NOT IN ('completed', 'cancelled')`;

/**
 * Work orders (issue 15 item 3): created from a call or the API with a number a caller can key in, their status
 * history, response and completion deadlines. The sample hotline's option 4 reads the status through `find`.
 */
export class WorkOrdersRepo {
  constructor(private readonly db: Db) {}

  /** The order with this number, or undefined (what the IVR's look-up answers). */
  find(orderNo: string): WorkOrder | undefined {
    return this.db.prepare('SELECT order_no AS orderNo, status FROM work_orders WHERE order_no = ?').get(orderNo) as WorkOrder | undefined;
  }

  /** The whole order, or undefined. */
  get(orderNo: string): WorkOrderRow | undefined {
    return this.db.prepare(`SELECT ${columns} FROM work_orders WHERE order_no = ?`).get(orderNo) as WorkOrderRow | undefined;
  }

  /**
   * Adds a received order under the next number of its year (YYYY then a sequence: 20260004), digits only so a caller
   * can key it in; returns the number. Call inside a transaction, so two creations cannot take the same number.
   */
  create(o: NewWorkOrder, year: number): string {
    const prefix = String(year);
    const last = this.db
      .prepare(`SELECT MAX(CAST(substr(order_no, 5) AS INTEGER)) AS n FROM work_orders WHERE order_no GLOB ? AND length(order_no) >= 8`)
      .get(`${prefix}[0-9]*`) as { n: number | null };
    const orderNo = `${prefix}${String((last.n ?? 0) + 1).padStart(4, '0')}`;
    this.db
      .prepare(
        `INSERT INTO work_orders (order_no, status, channel_id, caller_number, category, description, created_at, created_by, respond_by, complete_by, updated_at)
         VALUES (@orderNo, 'received', @channelId, @callerNumber, @category, @description, @createdAt, @createdBy, @respondBy, @completeBy, @createdAt)`,
      )
      .run({ orderNo, ...o });
    this.addEvent(orderNo, { status: 'received', note: o.description, at: o.createdAt, actor: o.createdBy });
    return orderNo;
  }

  /** Changes the status and notes it in the history; the first move out of received is the response. */
  setStatus(orderNo: string, status: string, e: { note: string; at: number; actor: string }): void {
    this.db
      .prepare(
        `UPDATE work_orders SET status = @status, updated_at = @at,
           responded_at = COALESCE(responded_at, CASE WHEN @status != 'received' THEN @at END),
           completed_at = CASE WHEN @status = 'completed' THEN @at ELSE completed_at END
         WHERE order_no = @orderNo`,
      )
      .run({ orderNo, status, at: e.at });
    this.addEvent(orderNo, { status, ...e });
  }

  /** The order's status changes, oldest first. */
  history(orderNo: string): WorkOrderEvent[] {
    return this.db.prepare('SELECT status, note, at, actor FROM work_order_history WHERE order_no = ? ORDER BY id').all(orderNo) as WorkOrderEvent[];
  }

  /** Orders by creation (newest first); `overdueAt`: open ones past a deadline then, soonest deadline first. */
  search(q: { overdueAt?: number; status?: string; callerNumber?: string; limit: number }): WorkOrderRow[] {
    const where: string[] = ['created_at > 0'];
    const args: Record<string, unknown> = { limit: q.limit };
    if (q.status) (where.push('status = @status'), (args.status = q.status));
    if (q.callerNumber) (where.push('caller_number = @callerNumber'), (args.callerNumber = q.callerNumber));
    if (q.overdueAt !== undefined) {
      where.push(`${open} AND (complete_by < @now OR (status = 'received' AND respond_by < @now))`);
      args.now = q.overdueAt;
    }
    const order = q.overdueAt !== undefined ? 'COALESCE(respond_by, complete_by), order_no' : 'created_at DESC, order_no DESC';
    return this.db.prepare(`SELECT ${columns} FROM work_orders WHERE ${where.join(' AND ')} ORDER BY ${order} LIMIT @limit`).all(args) as WorkOrderRow[];
  }

  private addEvent(orderNo: string, e: WorkOrderEvent): void {
    this.db.prepare('INSERT INTO work_order_history (order_no, status, note, at, actor) VALUES (?, ?, ?, ?, ?)').run(orderNo, e.status, e.note, e.at, e.actor);
  }
}
