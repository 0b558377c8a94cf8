/**
 * A campaign's live answers and abandons over its whole life, counted by the outbound report's own definitions
 * (connects: answered by a person, not a machine or fax; abandoned: no agent within the abandon time), so the console's
 * progress and the reports never disagree. Only answered attempts can be either, and an index holds exactly those.
 */
import { attemptKpis } from '../reports/outbound-kpis.js';
import type { Db } from '../store/db.js';

export interface CampaignConnects {
  connects: number;
  abandoned: number;
}

/** Connects and abandons of one campaign so far. */
export function campaignConnects(db: Db, campaignId: number): CampaignConnects {
  const rows = db
    .prepare('SELECT campaign_id AS campaignId, outcome, disposition, COUNT(*) AS n FROM attempts WHERE campaign_id = ? AND answered_at IS NOT NULL GROUP BY outcome, disposition')
    .all(campaignId) as Array<{ campaignId: number; outcome: string | null; disposition: string | null; n: number }>;
  const { total } = attemptKpis(
    rows.map((r) => ({ ...r, answered: true })),
    new Map(),
  );
  return { connects: total.connects, abandoned: total.abandoned };
}
