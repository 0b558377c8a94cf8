/**
 * The campaign state machine. The table is the whole policy; the runner turns clock ticks into window-open and
 * window-close, and a lead store with no open leads left into exhausted.
 */
import { HotlineError } from '../errors.js';

export const campaignStates = ['draft', 'scheduled', 'running', 'paused', 'finished'] as const;
export type CampaignState = (typeof campaignStates)[number];

export const campaignEvents = ['start', 'window-open', 'window-close', 'pause', 'resume', 'finish', 'exhausted'] as const;
export type CampaignEvent = (typeof campaignEvents)[number];

/** Every allowed (state, event) pair and where it leads; anything else is CAMPAIGN_BAD_TRANSITION. */
export const campaignTransitions: { readonly [S in CampaignState]: Readonly<Partial<Record<CampaignEvent, CampaignState>>> } = {
  // Start only arms the campaign: whether it dials now is the calling window's business (the runner fires window-open).
  draft: { start: 'scheduled', finish: 'finished' },
  scheduled: { 'window-open': 'running', pause: 'paused', finish: 'finished', exhausted: 'finished' },
  running: { 'window-close': 'scheduled', pause: 'paused', finish: 'finished', exhausted: 'finished' },
  // A paused campaign keeps its leads as they are; nothing finishes it on its own, so a manager can still add leads.
  paused: { start: 'scheduled', resume: 'scheduled', finish: 'finished' },
  finished: {},
};

/** The campaign's state after `event`; throws CAMPAIGN_BAD_TRANSITION when the table does not allow it. */
export function nextCampaignState(state: CampaignState, event: CampaignEvent): CampaignState {
  const next = campaignTransitions[state][event];
  if (next === undefined) {
    throw new HotlineError('CAMPAIGN_BAD_TRANSITION', `a ${state} campaign cannot take the event ${event}`, { details: { state, event } });
  }
  return next;
}
