/**
 * The intake of callbacks the IVR owes (a caller who gave up in the queue, a one-ring call): each becomes a callback
 * lead of the standing callbacks campaign, due at once or at the agreed time, so it is dialed like any callback,
 * before new leads and inside calling hours. The campaign is created on first use.
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { CampaignsRepo } from '../store/campaigns-repo.js';
import type { LeadsRepo } from '../store/leads-repo.js';
import { checkCallbackNumber } from './callback-number.js';
import { callbackOnLead } from './callback-on-lead.js';
import { callbackRate, callerOverLimit } from './callback-rate.js';
import { isDialAllowed } from './calling-window.js';

export interface CallbackIntakeDeps {
  callbacks: Pick<CallbacksRepo, 'pending' | 'settle' | 'otherNumbersFromSameCaller'>;
  campaigns: Pick<CampaignsRepo, 'find' | 'create' | 'setState'>;
  leads: Pick<LeadsRepo, 'byPhone' | 'update' | 'insert'>;
  /** The callbacks campaign, and the skill group whose agents take its calls. */
  campaign: string;
  group: string;
  clock: Clock;
  log: Logger;
}

export class CallbackIntake {
  constructor(private readonly d: CallbackIntakeDeps) {}

  /** Hands every pending IVR callback to the dialer; returns how many became leads. */
  absorb(): number {
    const pending = this.d.callbacks.pending();
    if (!pending.length) return 0;
    const now = this.d.clock.now();
    let campaign = this.d.campaigns.find(this.d.campaign);
    if (!campaign) {
      campaign = this.d.campaigns.create(this.d.campaign, { kind: 'follow-up', mode: 'progressive', skillGroup: this.d.group }, now);
      this.d.log.info({ campaignId: campaign.id, name: this.d.campaign }, 'callbacks campaign created');
    }
    // A standing campaign: created or finished by hand, it is put back in service when a callback is owed (paused stays paused).
    if (campaign.state === 'draft' || campaign.state === 'finished') {
      this.d.campaigns.setState(campaign.id, isDialAllowed(now, campaign.settings) ? 'running' : 'scheduled', now);
    }
    let n = 0;
    for (const c of pending) {
      // The number is the caller's (keyed or their caller ID): only a national mobile or fixed line is called back.
      const phone = checkCallbackNumber(c.number);
      if (!phone.ok) {
        this.d.callbacks.settle(c.id, 'cancelled');
        this.d.log.warn({ callbackId: c.id, reason: phone.reason, code: 'CALLBACK_NUMBER_REFUSED' }, 'IVR callback to a number that may not be dialed: cancelled');
        continue;
      }
      if (callerOverLimit(this.d.callbacks.otherNumbersFromSameCaller(c.id, now - callbackRate.windowMs))) {
        this.d.callbacks.settle(c.id, 'cancelled');
        this.d.log.warn({ callbackId: c.id, code: 'CALLBACK_LIMIT_REACHED', limit: callbackRate.maxNumbersPerCaller }, 'IVR callback refused: its caller had other numbers called back today');
        continue;
      }
      const dueAt = c.dueAt ?? now;
      const existing = this.d.leads.byPhone(campaign.id, phone.e164);
      const plan = callbackOnLead(existing, dueAt, campaign.settings);
      if (plan.kind === 'busy') continue; // its call is on now; take the callback after it
      if (plan.kind === 'refuse') {
        this.d.callbacks.settle(c.id, 'cancelled');
        this.d.log.warn({ callbackId: c.id, leadId: existing?.id, reason: plan.why, code: plan.code }, 'IVR callback refused: the lead stays as it is');
        continue;
      }
      if (existing) this.d.leads.update(existing.id, { state: 'callback-scheduled', dueAt, callbackAt: dueAt, callbackAgent: null }, now);
      else this.d.leads.insert({ campaignId: campaign.id, phone: phone.e164, state: 'callback-scheduled', dueAt, callbackAt: dueAt, now });
      this.d.callbacks.settle(c.id, 'dialing');
      n += 1;
    }
    if (n) this.d.log.info({ campaignId: campaign.id, callbacks: n }, 'IVR callbacks handed to the dialer');
    return n;
  }
}
