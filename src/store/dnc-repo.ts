import type { Db } from './db.js';

/** The global do-not-call list is campaign 0. */
export const GLOBAL_DNC = 0;

export interface DncEntry {
  phone: string;
  campaignId: number;
  reason: string;
  addedAt: number;
}

const select = 'SELECT phone, campaign_id AS campaignId, reason, added_at AS addedAt FROM dnc';
const insertSql = 'INSERT OR IGNORE INTO dnc (phone, campaign_id, reason, added_at) VALUES (?, ?, ?, ?)';
const deleteSql = 'DELETE FROM dnc WHERE phone = ? AND campaign_id = ?';

/** Do-not-call lists: one global, one per campaign. Numbers are E.164. */
export class DncRepo {
  constructor(private readonly db: Db) {}

  /** Adds a number (idempotent: the first reason stays); returns whether it was new to the list. */
  add(phone: string, campaignId: number, reason: string, now: number): boolean {
    return this.db.prepare(insertSql).run(phone, campaignId, reason, now).changes > 0;
  }

  /** Removes a number from one list; returns whether it was there. */
  remove(phone: string, campaignId: number): boolean {
    return this.db.prepare(deleteSql).run(phone, campaignId).changes > 0;
  }

  /** Adds and removes many numbers of one list; counts what changed. The caller holds the transaction. */
  bulk(campaignId: number, add: readonly string[], remove: readonly string[], reason: string, now: number): { added: number; removed: number } {
    const insert = this.db.prepare(insertSql);
    const del = this.db.prepare(deleteSql);
    let added = 0;
    let removed = 0;
    for (const ph of add) added += insert.run(ph, campaignId, reason, now).changes;
    for (const ph of remove) removed += del.run(ph, campaignId).changes;
    return { added, removed };
  }

  /** One entry of one list, or undefined. */
  entry(phone: string, campaignId: number): DncEntry | undefined {
    return this.db.prepare(`${select} WHERE phone = ? AND campaign_id = ?`).get(phone, campaignId) as DncEntry | undefined;
  }

  /** The lists that block the number for a campaign: the global one (0) and the campaign's own, in id order. */
  listsFor(phone: string, campaignId: number): number[] {
    return this.db.prepare('SELECT campaign_id FROM dnc WHERE phone = ? AND campaign_id IN (0, ?) ORDER BY campaign_id').pluck().all(phone, campaignId) as number[];
  }

  /** One page of a list, oldest first, and how many entries the list has. */
  page(campaignId: number, offset: number, limit: number): { items: DncEntry[]; total: number } {
    const items = this.db.prepare(`${select} WHERE campaign_id = ? ORDER BY added_at, phone LIMIT ? OFFSET ?`).all(campaignId, limit, offset) as DncEntry[];
    const total = this.db.prepare('SELECT COUNT(*) FROM dnc WHERE campaign_id = ?').pluck().get(campaignId) as number;
    return { items, total };
  }

  /** True when the number is on the global list or the campaign's own. */
  blocks(phone: string, campaignId: number): boolean {
    return this.db.prepare('SELECT 1 FROM dnc WHERE phone = ? AND campaign_id IN (0, ?) LIMIT 1').get(phone, campaignId) !== undefined;
  }

  /** One list's entries. */
  list(campaignId: number): DncEntry[] {
    return this.db.prepare(`${select} WHERE campaign_id = ? ORDER BY added_at, phone`).all(campaignId) as DncEntry[];
  }
}
