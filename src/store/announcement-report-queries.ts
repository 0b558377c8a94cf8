import type { AnnouncementLabel } from '../announcements/labels.js';
import type { Db } from './db.js';

/** Dials of one campaign in one quarter hour (local days are made from these: every real time zone is a whole quarter). */
export interface DialBucket {
  campaignId: number;
  /** Start of the quarter hour, epoch ms. */
  at: number;
  /** The label of the announcement the dials heard; 'unknown' when it has none, null for dials that heard none. */
  label: AnnouncementLabel | 'unknown' | null;
  dials: number;
}

/** A number the carrier announced as vacant or suspended, per campaign it was dialed in. */
export interface HygieneRow {
  number: string;
  label: 'vacant' | 'suspended';
  campaignId: number | null;
  campaignName: string | null;
  heard: number;
  firstHeardAt: number;
  lastHeardAt: number;
}

const quarter = 900_000;

/** The SQL of the announcement reports: dials by label, and the list-hygiene export. */
export class AnnouncementReportQueries {
  constructor(private readonly db: Db) {}

  /** Every dial in [from, to) by campaign, quarter hour and announcement label. */
  dialBuckets(from: number, to: number): DialBucket[] {
    return this.db
      .prepare(
        `SELECT a.campaign_id AS campaignId, (COALESCE(a.dialed_at, a.queued_at) / ${quarter}) * ${quarter} AS at,
           CASE WHEN a.announcement_id IS NULL THEN NULL ELSE COALESCE(n.label, 'unknown') END AS label, COUNT(*) AS dials
         FROM attempts a LEFT JOIN announcements n ON n.id = a.announcement_id
         WHERE COALESCE(a.dialed_at, a.queued_at) >= ? AND COALESCE(a.dialed_at, a.queued_at) < ?
         GROUP BY 1, 2, 3 ORDER BY 1, 2`,
      )
      .all(from, to) as DialBucket[];
  }

  /** Numbers heard with a vacant or suspended announcement, optionally of one campaign and heard in [from, to). */
  hygiene(q: { campaignId?: number; from?: number; to?: number }): HygieneRow[] {
    const where = ["n.label IN ('vacant', 'suspended')"];
    const args: Record<string, number> = {};
    if (q.campaignId !== undefined) (where.push('h.campaign_id = @campaignId'), (args.campaignId = q.campaignId));
    if (q.from !== undefined) (where.push('h.heard_at >= @from'), (args.from = q.from));
    if (q.to !== undefined) (where.push('h.heard_at < @to'), (args.to = q.to));
    return this.db
      .prepare(
        `SELECT h.number, n.label, h.campaign_id AS campaignId, c.name AS campaignName, COUNT(*) AS heard,
           MIN(h.heard_at) AS firstHeardAt, MAX(h.heard_at) AS lastHeardAt
         FROM announcement_hearings h JOIN announcements n ON n.id = h.announcement_id
           LEFT JOIN campaigns c ON c.id = h.campaign_id
         WHERE ${where.join(' AND ')}
         GROUP BY h.number, n.label, h.campaign_id ORDER BY h.number, h.campaign_id`,
      )
      .all(args) as HygieneRow[];
  }
}
