import { describe, expect, it } from 'vitest';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import { leadAfterAttempt } from '../../../src/dialer/lead-after-attempt.js';
import { dispositions, type AttemptOutcome } from '../../../src/dialer/lead-state.js';

// Tuesday 2026-11-24 10:00 in Shanghai, inside the default calling window.
const now = Date.parse('2026-11-24T02:00:00Z');
const settings = campaignSettingsSchema.parse({});
const lead = { attempts: 1, attemptsToday: 1, attemptsDay: '2026-11-24' };

describe('leadAfterAttempt: who decides the lead when its attempt ends', () => {
  it.each(dispositions)("a disposition given during the call (%s) stands, whatever the call's outcome", (disposition) => {
    for (const outcome of ['human', 'short-call', 'failed'] as AttemptOutcome[]) {
      expect(leadAfterAttempt({ lead, outcome, disposition, now, settings })).toEqual({ by: 'agent', disposition });
    }
  });

  it('without one, the outcome decides by the retry policy', () => {
    expect(leadAfterAttempt({ lead, outcome: 'human', disposition: null, now, settings })).toMatchObject({ by: 'outcome', decision: { state: 'done-success', dueAt: null } });
    expect(leadAfterAttempt({ lead, outcome: 'busy', disposition: null, now, settings })).toMatchObject({ by: 'outcome', decision: { state: 'retry-wait' } });
    expect(leadAfterAttempt({ lead, outcome: 'unallocated', disposition: null, now, settings })).toMatchObject({ by: 'outcome', decision: { state: 'invalid-number' } });
  });

  it('a stored value that is no disposition does not stand', () => {
    expect(leadAfterAttempt({ lead, outcome: 'human', disposition: 'great', now, settings })).toMatchObject({ by: 'outcome', decision: { state: 'done-success' } });
  });
});
