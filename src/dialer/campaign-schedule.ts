/**
 * The campaigns' state clock: a campaign opens and closes with its calling window, finishes at its deadline (its
 * waiting leads expire) or once every lead has a final state, and the nightly rollover reports missed callbacks.
 * node-cron runs it (campaign-cron.ts); the transitions themselves are the pure table in campaign-state.ts.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { CampaignRow, CampaignsRepo } from '../store/campaigns-repo.js';
import type { LeadsRepo } from '../store/leads-repo.js';
import { deadlineMs, isDialAllowed } from './calling-window.js';
import { nextCampaignState, type CampaignEvent } from './campaign-state.js';

export interface CampaignScheduleDeps {
  campaigns: Pick<CampaignsRepo, 'inStates' | 'setState'>;
  leads: Pick<LeadsRepo, 'expireOpen' | 'openCount' | 'total' | 'missedCallbacks'>;
  /** Calls of the campaign on the line now: a campaign with one is not done. */
  liveCount: (campaignId: number) => number;
  /** The callbacks campaign's name: it stands for good, and never finishes by itself. */
  standing?: string;
  clock: Clock;
  log: Logger;
}

/** A missed callback is reported once its grace and this much more have passed. */
const MISSED_AFTER_MS = 15 * 60_000;

export class CampaignSchedule {
  constructor(private readonly d: CampaignScheduleDeps) {}

  /** Applies window opens and closes, deadlines and exhausted lists to campaign states (each minute). */
  checkCampaigns(): void {
    const now = this.d.clock.now();
    for (const c of this.d.campaigns.inStates(['scheduled', 'running'])) {
      const deadline = deadlineMs(c.settings);
      if (deadline !== undefined && now >= deadline) {
        const n = this.d.leads.expireOpen(c.id, now);
        this.transition(c, 'finish', `deadline passed, ${n} leads expired`);
        continue;
      }
      // An empty campaign is waiting for its list, and the callbacks campaign stands for good: neither is "done".
      const standing = c.name === this.d.standing;
      if (!standing && this.d.leads.openCount(c.id) === 0 && this.d.liveCount(c.id) === 0 && this.d.leads.total(c.id) > 0) {
        this.transition(c, 'exhausted', 'every lead has a final state');
        continue;
      }
      const allowed = isDialAllowed(now, c.settings);
      if (c.state === 'scheduled' && allowed) this.transition(c, 'window-open', 'calling window open');
      if (c.state === 'running' && !allowed) this.transition(c, 'window-close', 'outside the calling window');
    }
  }

  /** The daily rollover: deadlines and finished lists, and callbacks that were missed are reported. */
  rollover(): void {
    this.checkCampaigns();
    const now = this.d.clock.now();
    for (const c of this.d.campaigns.inStates(['scheduled', 'running', 'paused'])) {
      const missed = this.d.leads.missedCallbacks(c.id, now - c.settings.callbackGraceS * 1000 - MISSED_AFTER_MS);
      if (missed.length) this.d.log.warn({ campaignId: c.id, missed: missed.map((l) => l.id) }, 'scheduled callbacks missed');
    }
  }

  private transition(c: CampaignRow, event: CampaignEvent, why: string): void {
    const next = nextCampaignState(c.state, event);
    this.d.campaigns.setState(c.id, next, this.d.clock.now());
    this.d.log.info({ campaignId: c.id, from: c.state, to: next, why }, 'campaign state');
  }
}
