import type { Db } from './db.js';

/** A live answer whose fate is known, for rebuilding a campaign's abandon window. */
export interface LiveAnswer {
  answeredAt: number;
  abandoned: boolean;
}

/** Each campaign's learned pacing statistics (stored as JSON), and the live answers its abandon window counts. */
export class PacingRepo {
  constructor(private readonly db: Db) {}

  /** The stored statistics as parsed JSON, or undefined for a campaign that has none yet. */
  stats(campaignId: number): unknown {
    const r = this.db.prepare('SELECT stats FROM campaign_pacing WHERE campaign_id = ?').get(campaignId) as { stats: string } | undefined;
    return r ? (JSON.parse(r.stats) as unknown) : undefined;
  }

  /** Stores a campaign's statistics. */
  saveStats(campaignId: number, stats: unknown, now: number): void {
    this.db
      .prepare(
        `INSERT INTO campaign_pacing (campaign_id, stats, updated_at) VALUES (?, ?, ?)
         ON CONFLICT (campaign_id) DO UPDATE SET stats = excluded.stats, updated_at = excluded.updated_at`,
      )
      .run(campaignId, JSON.stringify(stats), now);
  }

  /** Live answers since `from`, oldest first: connected to an agent or flow, or abandoned. */
  liveAnswers(campaignId: number, from: number): LiveAnswer[] {
    const rows = this.db
      .prepare(
        `SELECT answered_at AS answeredAt, outcome = 'abandoned' AS abandoned FROM attempts
         WHERE campaign_id = ? AND answered_at >= ? AND (connected_at IS NOT NULL OR outcome = 'abandoned')
         ORDER BY answered_at`,
      )
      .all(campaignId, from) as Array<{ answeredAt: number; abandoned: number }>;
    return rows.map((r) => ({ answeredAt: r.answeredAt, abandoned: r.abandoned === 1 }));
  }
}
