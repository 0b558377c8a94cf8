/**
 * Whether a callback may schedule the lead that already has its number. A callback must not be a way round the
 * lead's end or its limits: a final lead (success, not interested, wrong party, invalid number, do-not-call,
 * expired) keeps its state, and a lead whose attempts are used up is not dialed again. Otherwise every callback
 * request, from the IVR or the API, would buy another round of calls to the same number. Used by the IVR callback
 * intake and by POST /callbacks. Pure.
 */
import type { LeadRow } from '../store/leads-repo.js';
import { localDay } from './calling-window.js';
import type { CampaignSettings } from './campaign-settings.js';
import { finalLeadStates } from './lead-state.js';

export type CallbackOnLead =
  /** No lead has the number: a new one is made. */
  | { kind: 'new' }
  /** The lead is open and within its limits: it becomes callback-scheduled. */
  | { kind: 'schedule' }
  /** The lead is on a call now: decide again after it. */
  | { kind: 'busy' }
  | { kind: 'refuse'; code: 'CALLBACK_LEAD_FINAL' | 'CALLBACK_LIMIT_REACHED'; why: string };

/** What a callback at `at` may do to `lead` under the campaign's retry limits (the default rule's). */
export function callbackOnLead(lead: Pick<LeadRow, 'id' | 'state' | 'attempts' | 'attemptsToday' | 'attemptsDay'> | undefined, at: number, settings: Pick<CampaignSettings, 'retry' | 'timeZone'>): CallbackOnLead {
  if (lead === undefined) return { kind: 'new' };
  if (lead.state === 'dialing') return { kind: 'busy' };
  if (finalLeadStates.has(lead.state)) return { kind: 'refuse', code: 'CALLBACK_LEAD_FINAL', why: `lead #${lead.id} is ${lead.state}` };
  const limits = settings.retry.default;
  if (lead.attempts >= limits.maxTotal) {
    return { kind: 'refuse', code: 'CALLBACK_LIMIT_REACHED', why: `lead #${lead.id} has used all ${limits.maxTotal} attempts` };
  }
  if (lead.attemptsDay === localDay(at, settings.timeZone) && lead.attemptsToday >= limits.maxPerDay) {
    return { kind: 'refuse', code: 'CALLBACK_LIMIT_REACHED', why: `lead #${lead.id} has had ${limits.maxPerDay} attempts on that day` };
  }
  return { kind: 'schedule' };
}
