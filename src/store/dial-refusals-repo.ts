import type { DialRefusalReason } from '../dialer/dial-policy.js';
import type { Db } from './db.js';

export interface DialRefusal {
  at: number;
  campaignId: number;
  leadId: number;
  phone: string;
  reason: DialRefusalReason;
  why: string;
  retryAt: number | null;
}

export interface DialRefusalCount {
  campaignId: number;
  reason: DialRefusalReason;
  n: number;
}

/** The dials the centre-wide dial policy refused, with why; the reports count them (never list the numbers). */
export class DialRefusalsRepo {
  constructor(private readonly db: Db) {}

  add(r: DialRefusal): void {
    this.db
      .prepare('INSERT INTO dial_refusals (at, campaign_id, lead_id, phone, reason, why, retry_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(r.at, r.campaignId, r.leadId, r.phone, r.reason, r.why, r.retryAt);
  }

  /** Refusals in [from, to), counted per campaign and reason. */
  counts(from: number, to: number): DialRefusalCount[] {
    return this.db
      .prepare('SELECT campaign_id AS campaignId, reason, COUNT(*) AS n FROM dial_refusals WHERE at >= ? AND at < ? GROUP BY campaign_id, reason ORDER BY campaign_id, reason')
      .all(from, to) as DialRefusalCount[];
  }

  /** A lead's refusals, oldest first. */
  ofLead(leadId: number): DialRefusal[] {
    return this.db
      .prepare('SELECT at, campaign_id AS campaignId, lead_id AS leadId, phone, reason, why, retry_at AS retryAt FROM dial_refusals WHERE lead_id = ? ORDER BY id')
      .all(leadId) as DialRefusal[];
  }
}
