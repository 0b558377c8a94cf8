import { describe, expect, it } from 'vitest';
import { callbackOnLead } from '../../../src/dialer/callback-on-lead.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import type { LeadState } from '../../../src/dialer/lead-state.js';

const settings = campaignSettingsSchema.parse({ retry: { default: { delayS: 60, maxPerDay: 3, maxTotal: 9 } } });
const at = Date.parse('2026-11-24T02:00:00Z'); // 10:00 in Shanghai, local day 2026-11-24
const lead = (state: LeadState, attempts = 0, attemptsToday = 0, attemptsDay: string | null = null) => ({ id: 7, state, attempts, attemptsToday, attemptsDay });

// Issue 17 items 4 and 5: a callback reset any lead to callback-scheduled, whatever its state or attempts.
describe('what a callback may do to the lead with its number', () => {
  it.each([
    ['no lead', undefined, 'new'],
    ['a new lead', lead('new'), 'schedule'],
    ['a retry within its limits', lead('retry-wait', 8, 2, '2026-11-24'), 'schedule'],
    ['a callback already scheduled', lead('callback-scheduled', 1), 'schedule'],
    ['a full day, but the callback is on another day', lead('retry-wait', 3, 3, '2026-11-23'), 'schedule'],
    ['a lead on a call now', lead('dialing', 1), 'busy'],
  ] as const)('%s → %s', (_what, l, kind) => {
    expect(callbackOnLead(l, at, settings).kind).toBe(kind);
  });

  it.each(['done-success', 'done-failed', 'invalid-number', 'wrong-party', 'dnc', 'expired'] as const)('a %s lead keeps its end: CALLBACK_LEAD_FINAL', (state) => {
    expect(callbackOnLead(lead(state, 1), at, settings)).toEqual({ kind: 'refuse', code: 'CALLBACK_LEAD_FINAL', why: `lead #7 is ${state}` });
  });

  it('a lead past its attempt limits is not dialed again: CALLBACK_LIMIT_REACHED', () => {
    expect(callbackOnLead(lead('retry-wait', 9), at, settings)).toEqual({ kind: 'refuse', code: 'CALLBACK_LIMIT_REACHED', why: 'lead #7 has used all 9 attempts' });
    expect(callbackOnLead(lead('retry-wait', 4, 3, '2026-11-24'), at, settings)).toEqual({ kind: 'refuse', code: 'CALLBACK_LIMIT_REACHED', why: 'lead #7 has had 3 attempts on that day' });
  });
});
