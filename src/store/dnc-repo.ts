import type { Db } from './db.js';

/** The global do-not-call list is campaign 0. */
export const GLOBAL_DNC = 0;

export interface DncEntry {
  phone: string;
  campaignId: number;
  reason: string;
  addedAt: number;
}

/** Do-not-call lists: one global, one per campaign. Numbers are E.164. */
export class DncRepo {
  constructor(private readonly db: Db) {}

  /** Adds a number (idempotent: the first reason stays). */
  add(phone: string, campaignId: number, reason: string, now: number): void {
    this.db.prepare('INSERT OR IGNORE INTO dnc (phone, campaign_id, reason, added_at) VALUES (?, ?, ?, ?)').run(phone, campaignId, reason, now);
  }

  /** Removes a number from one list; returns whether it was there. */
  remove(phone: string, campaignId: number): boolean {
    return this.db.prepare('DELETE FROM dnc WHERE phone = ? AND campaign_id = ?').run(phone, campaignId).changes > 0;
  }

  /** True when the number is on the global list or the campaign's own. */
  blocks(phone: string, campaignId: number): boolean {
    return this.db.prepare('SELECT 1 FROM dnc WHERE phone = ? AND campaign_id IN (0, ?) LIMIT 1').get(phone, campaignId) !== undefined;
  }

  /** One list's entries. */
  list(campaignId: number): DncEntry[] {
    return this.db
      .prepare('SELECT phone, campaign_id AS campaignId, reason, added_at AS addedAt FROM dnc WHERE campaign_id = ? ORDER BY added_at, phone')
      .all(campaignId) as DncEntry[];
  }
}
