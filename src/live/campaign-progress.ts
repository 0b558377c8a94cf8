/**
 * A campaign's live answers and abandons over its whole life, counted by the outbound report's own definitions
 * (connects: answered by a person, not a machine or fax; abandoned: no agent within the abandon time), so the console's
 * progress and the reports never disagree. Only answered attempts can be either, and an index holds exactly those.
 * The abandon rate that the law limits is over the campaign's compliance window: it is read the way the dialer's guard
 * reads it, so what the console shows against the limit is what pacing acts on.
 */
import { emptyWindow, recordLiveAnswer, windowCounts, windowReachMs } from '../dialer/pacing/abandon-window.js';
import type { ComplianceWindow } from '../dialer/pacing/pacing-settings.js';
import { attemptKpis } from '../reports/outbound-kpis.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CampaignsRepo } from '../store/campaigns-repo.js';
import type { PacingRepo } from '../store/pacing-repo.js';

/** The repositories a campaign's progress is read from. */
export interface ProgressStore {
  campaigns: Pick<CampaignsRepo, 'get'>;
  attempts: Pick<AttemptsRepo, 'answeredGroups'>;
  pacing: Pick<PacingRepo, 'liveAnswers'>;
}

export interface AbandonWindowView {
  window: ComplianceWindow;
  lives: number;
  abandons: number;
  /** null with no live answer in the window. */
  rate: number | null;
  limit: number;
}

export interface CampaignConnects {
  connects: number;
  abandoned: number;
  abandonWindow: AbandonWindowView;
}

/** Connects and abandons of one campaign so far, and its abandon rate over its compliance window as of `now`. */
export function campaignConnects(store: ProgressStore, campaignId: number, now: number): CampaignConnects {
  const rows = store.attempts.answeredGroups(campaignId);
  const { total } = attemptKpis(
    rows.map((r) => ({ ...r, answered: true })),
    new Map(),
  );
  const { complianceWindow: window, abandonLimit: limit } = store.campaigns.get(campaignId).settings.pacing;
  const reach = windowReachMs(window);
  let w = emptyWindow(window);
  for (const a of store.pacing.liveAnswers(campaignId, Number.isFinite(reach) ? now - reach : 0)) w = recordLiveAnswer(w, a.abandoned, a.answeredAt);
  const c = windowCounts(w, now);
  return { connects: total.connects, abandoned: total.abandoned, abandonWindow: { window, lives: c.lives, abandons: c.abandons, rate: c.lives > 0 ? c.rate : null, limit } };
}
