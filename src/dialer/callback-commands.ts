/**
 * Callbacks a person arranges through the API: a callback is a lead in state callback-scheduled, due at its time,
 * which the dialer takes before retries and new leads (the same path an agent's callback-at disposition takes).
 */
import { HotlineError } from '../errors.js';
import type { LeadRow, LeadsRepo } from '../store/leads-repo.js';
import type { Store } from '../store/store.js';
import { checkCallbackNumber } from './callback-number.js';
import { callbackOnLead } from './callback-on-lead.js';
import { normalizePhone } from './import/normalize-phone.js';

export interface NewCallback {
  campaignId: number;
  phone: string;
  /** When to call (epoch ms). */
  at: number;
  /** The agent who should take it; after the campaign's grace anyone may. */
  agentId?: string | null;
  name?: string | null;
}

// A callback set a moment ago for "now" must not be refused because the request took a second.
const pastToleranceMs = 60_000;

function checkTime(at: number, now: number): void {
  if (at < now - pastToleranceMs) throw new HotlineError('BAD_REQUEST', 'a callback cannot be set in the past', { key: 'at' });
}

/**
 * Schedules a callback on the campaign's lead for the number (made if the campaign has none); returns the lead.
 * `scopeAgent` is set for an agent: the lead must be one they may see (ownAgentScope), and a callback another agent
 * owns is not theirs to take. A final lead or one past its limits is refused (callback-on-lead.ts); a number no lead
 * has yet must be a national mobile or fixed line (callback-number.ts).
 */
export function createCallback(
  store: Pick<Store, 'campaigns' | 'leads' | 'dnc' | 'transaction'>,
  cb: NewCallback,
  now: number,
  scopeAgent?: string,
): { before: LeadRow | undefined; after: LeadRow } {
  checkTime(cb.at, now);
  const phone = normalizePhone(cb.phone);
  if (!phone.ok) throw new HotlineError('BAD_REQUEST', `phone: ${phone.reason}`, { key: 'phone' });
  const { leads } = store;
  return store.transaction(() => {
    const campaign = store.campaigns.get(cb.campaignId);
    if (campaign.state === 'finished') throw new HotlineError('CONFLICT', `campaign #${campaign.id} is finished`, { key: 'campaignId' });
    if (store.dnc.blocks(phone.e164, campaign.id)) {
      throw new HotlineError('CONFLICT', 'the number is on a do-not-call list', { key: 'phone' });
    }
    const before = leads.byPhone(campaign.id, phone.e164);
    // Out of scope reads as "not yours" whatever the lead is, so the answer tells an agent nothing about it.
    if (before && scopeAgent !== undefined && (!leads.find(before.id, scopeAgent) || (before.callbackAgent !== null && before.callbackAgent !== scopeAgent))) {
      throw new HotlineError('FORBIDDEN', 'the number belongs to a lead that is not yours', { key: 'phone' });
    }
    const plan = callbackOnLead(before, cb.at, campaign.settings);
    if (plan.kind === 'busy') throw new HotlineError('CONFLICT', `lead #${before!.id} is on a call now`, { key: 'phone' });
    if (plan.kind === 'refuse') throw new HotlineError(plan.code, plan.why, { key: 'phone' });
    if (plan.kind === 'new') {
      const allowed = checkCallbackNumber(phone.e164);
      if (!allowed.ok) throw new HotlineError('CALLBACK_NUMBER_REFUSED', `phone: ${allowed.reason}`, { key: 'phone' });
    }
    const update = { state: 'callback-scheduled' as const, dueAt: cb.at, callbackAt: cb.at, callbackAgent: cb.agentId ?? null };
    let id: number;
    if (before) {
      leads.update(before.id, update, now);
      id = before.id;
    } else {
      id = leads.insert({ campaignId: campaign.id, phone: phone.e164, name: cb.name ?? null, ...update, now });
    }
    return { before, after: leads.get(id)! };
  });
}

function scheduled(leads: LeadsRepo, leadId: number): LeadRow {
  const lead = leads.get(leadId);
  if (!lead) throw new HotlineError('NOT_FOUND', `no callback on lead #${leadId}`, { key: 'id' });
  if (lead.state !== 'callback-scheduled') {
    throw new HotlineError('CONFLICT', `lead #${leadId} has no scheduled callback (it is ${lead.state})`, { key: 'id' });
  }
  return lead;
}

/** Moves a scheduled callback to another time (and owner, when given). */
export function rescheduleCallback(store: Pick<Store, 'leads' | 'transaction'>, leadId: number, change: { at: number; agentId?: string | null }, now: number): { before: LeadRow; after: LeadRow } {
  checkTime(change.at, now);
  const { leads } = store;
  return store.transaction(() => {
    const before = scheduled(leads, leadId);
    const agent = change.agentId === undefined ? before.callbackAgent : change.agentId;
    leads.update(leadId, { state: 'callback-scheduled', dueAt: change.at, callbackAt: change.at, callbackAgent: agent }, now);
    return { before, after: leads.get(leadId)! };
  });
}

/** Cancels a scheduled callback: the lead ends (done-failed) and is not dialed again. */
export function cancelCallback(store: Pick<Store, 'leads' | 'transaction'>, leadId: number, now: number): { before: LeadRow; after: LeadRow } {
  const { leads } = store;
  return store.transaction(() => {
    const before = scheduled(leads, leadId);
    leads.update(leadId, { state: 'done-failed', dueAt: null, callbackAt: null, callbackAgent: null }, now);
    return { before, after: leads.get(leadId)! };
  });
}
