/**
 * What the service desk's report reads (issue 15 item 6), by time range: the wrap-ups of the period's inbound calls
 * with the call's IVR path, the work orders created in it, and the complaint counts. Rows come one by one, as the
 * other report queries give them; the math is src/reports/desk-kpis.ts. Runs in the report worker on its read-only
 * connection as well as on the main thread.
 */
import type { ComplaintCount, OrderTimes, WrappedUpCall } from '../reports/desk-kpis.js';
import type { IvrStep } from './calls-repo.js';
import { ComplaintsRepo } from './complaints-repo.js';
import type { Db } from './db.js';

export class DeskReportQueries {
  private readonly complaints: ComplaintsRepo;

  constructor(private readonly db: Db) {
    this.complaints = new ComplaintsRepo(db);
  }

  /** The wrap-ups of the inbound calls started in [from, to), each with its call's IVR path. */
  *wrappedUpCalls(from: number, to: number): Generator<WrappedUpCall> {
    const rows = this.db
      .prepare(
        `SELECT w.category AS category, w.result AS result, c.ivr_path AS ivrPath
         FROM calls c JOIN wrap_ups w ON w.channel_id = c.channel_id
         WHERE c.direction = 'inbound' AND c.started_at >= ? AND c.started_at < ?`,
      )
      .iterate(from, to) as IterableIterator<{ category: string; result: string; ivrPath: string }>;
    for (const r of rows) yield { category: r.category, result: r.result, ivrPath: JSON.parse(r.ivrPath || '[]') as IvrStep[] };
  }

  /** The deadlines and times of the work orders created in [from, to) (the demo rows of migration 3 have none). */
  ordersCreated(from: number, to: number): OrderTimes[] {
    return this.db
      .prepare(
        `SELECT status, respond_by AS respondBy, complete_by AS completeBy, responded_at AS respondedAt, completed_at AS completedAt
         FROM work_orders WHERE created_at > 0 AND created_at >= ? AND created_at < ?`,
      )
      .all(from, to) as OrderTimes[];
  }

  /** Complaints registered in [from, to) by category and by department (顾客投诉分类统计表); overdue as of `now`. */
  complaintStats(from: number, to: number, now: number): { byCategory: ComplaintCount[]; byDepartment: ComplaintCount[] } {
    return { byCategory: this.complaints.stats('category', from, to, now), byDepartment: this.complaints.stats('department', from, to, now) };
  }
}
