import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { localDay } from '../../../src/dialer/calling-window.js';
import { campaignSettingsSchema, retryableOutcomes, type CampaignSettings, type CampaignSettingsInput } from '../../../src/dialer/campaign-settings.js';
import { attemptOutcomes, finalLeadStates, leadStates, type AttemptOutcome } from '../../../src/dialer/lead-state.js';
import { countDial, decideAfterAttempt, expireAtDeadline, outcomeRules, type LeadAttempts } from '../../../src/dialer/retry-decision.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

const settings = (input: CampaignSettingsInput = {}): CampaignSettings => campaignSettingsSchema.parse(input);
/** Local wall time in Asia/Shanghai → epoch ms. */
const sh = (iso: string): number => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();

// The default campaign: 09:00–21:00 every day, quiet 12:00–13:30 and 21:00–09:00, Asia/Shanghai, retry 4 h / 3 a day / 9 in all.
const seed = settings();
const allDay = settings({
  quietHours: [],
  windows: Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]])),
});

/** A lead after one dial at `at` (the attempt being decided), with `before` dials earlier the same day and `total` in all. */
const dialedAt = (at: number, todayBefore = 0, totalBefore = todayBefore): LeadAttempts => ({
  attempts: totalBefore + 1,
  attemptsToday: todayBefore + 1,
  attemptsDay: localDay(at, 'Asia/Shanghai'),
});

const catchError = (f: () => unknown): unknown => {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
};

describe('outcomeRules', () => {
  it('covers every attempt outcome', () => {
    expect(Object.keys(outcomeRules).sort()).toEqual([...attemptOutcomes].sort());
  });

  it('retries exactly the retryable outcomes', () => {
    for (const o of attemptOutcomes) {
      expect(outcomeRules[o].kind === 'retry', o).toBe((retryableOutcomes as readonly string[]).includes(o));
    }
  });
});

describe('decideAfterAttempt: final outcomes', () => {
  const now = sh('2024-06-03T10:00:00');
  const cases: Array<[AttemptOutcome, string]> = [
    ['unallocated', 'invalid-number'],
    ['invalid-format', 'invalid-number'],
    ['number-changed', 'invalid-number'],
    ['fax', 'invalid-number'],
    ['wrong-party', 'wrong-party'],
    ['dnc', 'dnc'],
    ['success', 'done-success'],
    ['human', 'done-success'],
    ['not-interested', 'done-failed'],
  ];
  it.each(cases)('%s → %s, final, no due time', (outcome, state) => {
    for (const lead of [dialedAt(now), dialedAt(now, 2, 8)]) {
      const d = decideAfterAttempt(lead, outcome, now, seed);
      expect(d.state).toBe(state);
      expect(d.dueAt).toBeNull();
      expect(d.flagged).toBe(false);
      expect(finalLeadStates.has(d.state)).toBe(true);
      expect(d.why).not.toBe('');
    }
  });
});

describe('decideAfterAttempt: the default retry rule of docs/domain.md §Outbound flow (Asia/Shanghai)', () => {
  it('the defaults are the default retry rule of docs/domain.md', () => {
    expect(seed.retry.default).toEqual({ delayS: 4 * 3600, maxPerDay: 3, maxTotal: 9, flag: false });
    expect(seed.timeZone).toBe('Asia/Shanghai');
  });

  it('busy at 10:00 → retry at 14:00 the same day', () => {
    const now = sh('2024-06-03T10:00:00');
    for (const s of [seed, allDay]) {
      const d = decideAfterAttempt(dialedAt(now), 'busy', now, s);
      expect(d).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-03T14:00:00'), flagged: false });
      expect(d.why).not.toMatch(/moved/);
    }
  });

  it('no-answer and other retryable outcomes use the same default rule', () => {
    const now = sh('2024-06-03T10:00:00');
    for (const o of ['no-answer', 'rejected', 'failed', 'short-call', 'abandoned', 'callback-later', 'machine'] as const) {
      expect(decideAfterAttempt(dialedAt(now), o, now, seed), o).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-03T14:00:00') });
    }
  });

  it("after the 3rd dial of the day → the next day's first allowed moment", () => {
    // Dials at 10:00 and 14:00 earlier; the 3rd at 18:00.
    const now = sh('2024-06-03T18:00:00');
    const lead = dialedAt(now, 2);
    expect(lead.attemptsToday).toBe(3);
    // All-day windows: next local midnight (18:00 + 4 h = 22:00 would still be today).
    expect(decideAfterAttempt(lead, 'busy', now, allDay)).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-04T00:00:00') });
    // Seed windows: next day's window opens at 09:00.
    const d = decideAfterAttempt(lead, 'busy', now, seed);
    expect(d).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-04T09:00:00') });
    expect(d.why).toMatch(/next day/);
  });

  it("a full day early in the morning still waits for the next day, not just the delay", () => {
    const now = sh('2024-06-03T09:30:00');
    const d = decideAfterAttempt(dialedAt(now, 2), 'busy', now, allDay);
    expect(d.dueAt).toBe(sh('2024-06-04T00:00:00'));
  });

  it('a delay longer than the rest of the day still holds after a full day', () => {
    const s = settings({ ...allDay, retry: { default: { delayS: 30 * 3600, maxPerDay: 1, maxTotal: 9 } } });
    const now = sh('2024-06-03T10:00:00');
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, s).dueAt).toBe(sh('2024-06-04T16:00:00'));
  });

  it("counts from yesterday do not fill today's quota", () => {
    const now = sh('2024-06-04T10:00:00');
    const lead: LeadAttempts = { attempts: 4, attemptsToday: 3, attemptsDay: '2024-06-03' };
    expect(decideAfterAttempt(lead, 'busy', now, seed).dueAt).toBe(sh('2024-06-04T14:00:00'));
  });

  it("after the 9th dial in all → 'done-failed'", () => {
    const now = sh('2024-06-05T10:00:00');
    const d = decideAfterAttempt(dialedAt(now, 0, 8), 'busy', now, seed);
    expect(d).toMatchObject({ state: 'done-failed', dueAt: null });
    expect(d.why).toMatch(/9/);
    // The 8th still retries.
    expect(decideAfterAttempt(dialedAt(now, 0, 7), 'busy', now, seed).state).toBe('retry-wait');
  });

  it('walks the default schedule: 3 dials a day, 9 in all, over three days', () => {
    let lead: LeadAttempts = { attempts: 0, attemptsToday: 0, attemptsDay: null };
    let t = sh('2024-06-03T09:00:00');
    const dials: string[] = [];
    for (;;) {
      lead = countDial(lead, t, 'Asia/Shanghai');
      dials.push(DateTime.fromMillis(t, { zone: 'Asia/Shanghai' }).toFormat('MM-dd HH:mm'));
      const d = decideAfterAttempt(lead, 'busy', t, seed);
      if (d.dueAt === null) {
        expect(d.state).toBe('done-failed');
        break;
      }
      t = d.dueAt;
    }
    // 09:00 + 4 h = 13:00 is in the lunch quiet hours → 13:30; 13:30 + 4 h = 17:30.
    expect(dials).toEqual([
      '06-03 09:00', '06-03 13:30', '06-03 17:30',
      '06-04 09:00', '06-04 13:30', '06-04 17:30',
      '06-05 09:00', '06-05 13:30', '06-05 17:30',
    ]);
  });
});

describe('decideAfterAttempt: calling window, special rules', () => {
  it('a retry landing in lunch quiet hours moves to 13:30', () => {
    const s = settings({ retry: { default: { delayS: 2 * 3600, maxPerDay: 3, maxTotal: 9 } } });
    const now = sh('2024-06-03T10:30:00');
    const d = decideAfterAttempt(dialedAt(now), 'busy', now, s);
    expect(d).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-03T13:30:00') });
    expect(d.why).toMatch(/moved to the next allowed calling time/);
  });

  it('a retry landing in the night quiet hours moves to 09:00 next day', () => {
    const now = sh('2024-06-03T18:00:00');
    const d = decideAfterAttempt(dialedAt(now), 'busy', now, seed);
    expect(d).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-04T09:00:00') });
    expect(d.why).toMatch(/moved/);
  });

  it('a retry landing on a holiday moves past it', () => {
    const s = settings({ holidays: ['2024-06-04'] });
    const now = sh('2024-06-03T18:00:00');
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, s).dueAt).toBe(sh('2024-06-05T09:00:00'));
  });

  it('network-failure uses its own rule (300 s, 6 in all) and is flagged', () => {
    const now = sh('2024-06-03T10:00:00');
    expect(decideAfterAttempt(dialedAt(now), 'network-failure', now, seed)).toMatchObject({
      state: 'retry-wait',
      dueAt: sh('2024-06-03T10:05:00'),
      flagged: true,
    });
    expect(decideAfterAttempt(dialedAt(now, 0, 5), 'network-failure', now, seed)).toMatchObject({ state: 'done-failed', dueAt: null, flagged: true });
    expect(decideAfterAttempt(dialedAt(now, 2), 'network-failure', now, seed).dueAt).toBe(sh('2024-06-04T09:00:00'));
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, seed).flagged).toBe(false);
  });

  it("machine with onMachine 'leave-message' is final; with 'retry' it retries", () => {
    const now = sh('2024-06-03T10:00:00');
    const left = decideAfterAttempt(dialedAt(now), 'machine', now, settings({ onMachine: 'leave-message' }));
    expect(left).toMatchObject({ state: 'done-failed', dueAt: null, why: 'message left' });
    expect(decideAfterAttempt(dialedAt(now), 'machine', now, settings({ onMachine: 'retry' })).state).toBe('retry-wait');
    // Only machines: busy still retries under leave-message.
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, settings({ onMachine: 'leave-message' })).state).toBe('retry-wait');
  });

  it('an abandoned call retries ahead with an agent kept for it, after the rest time when one is set (Ofcom 72 h)', () => {
    const now = sh('2024-06-03T10:00:00');
    expect(decideAfterAttempt(dialedAt(now), 'abandoned', now, seed)).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-03T14:00:00'), needsAgent: true });
    const ofcom = decideAfterAttempt(dialedAt(now), 'abandoned', now, settings({ abandonNoRepeatH: 72 }));
    expect(ofcom).toMatchObject({ state: 'retry-wait', dueAt: sh('2024-06-06T10:00:00'), needsAgent: true });
    // Other retries neither wait for an agent nor rest.
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, settings({ abandonNoRepeatH: 72 }))).toMatchObject({ dueAt: sh('2024-06-03T14:00:00') });
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, seed).needsAgent).toBeUndefined();
  });

  it('callback-at without a time, with a non-finite time or in the past throws DISPOSITION_INVALID', () => {
    const now = sh('2024-06-03T10:00:00');
    for (const opts of [{}, { callbackAt: Number.NaN }, { callbackAt: Number.POSITIVE_INFINITY }, { callbackAt: now - 1 }]) {
      const e = catchError(() => decideAfterAttempt(dialedAt(now), 'callback-at', now, seed, opts));
      expect(e).toBeInstanceOf(HotlineError);
      expect(isHotlineError(e, 'DISPOSITION_INVALID')).toBe(true);
      expect((e as HotlineError).key).toBe('callbackAt');
    }
  });

  it('callback-at inside calling time keeps the agreed time', () => {
    const now = sh('2024-06-03T10:00:00');
    const at = sh('2024-06-05T15:10:00');
    expect(decideAfterAttempt(dialedAt(now, 2, 8), 'callback-at', now, seed, { callbackAt: at })).toEqual({
      state: 'callback-scheduled',
      dueAt: at,
      flagged: false,
      why: 'callback agreed (预约)',
    });
    // Right now is fine.
    expect(decideAfterAttempt(dialedAt(now), 'callback-at', now, seed, { callbackAt: now }).dueAt).toBe(now);
  });

  it('callback-at outside calling time moves to the next allowed time, saying so', () => {
    const now = sh('2024-06-03T10:00:00');
    const lunch = decideAfterAttempt(dialedAt(now), 'callback-at', now, seed, { callbackAt: sh('2024-06-03T12:30:00') });
    expect(lunch).toMatchObject({ state: 'callback-scheduled', dueAt: sh('2024-06-03T13:30:00') });
    expect(lunch.why).toMatch(/2024-06-03 12:30 is outside calling time/);
    const night = decideAfterAttempt(dialedAt(now), 'callback-at', now, seed, { callbackAt: sh('2024-06-03T22:00:00') });
    expect(night).toMatchObject({ state: 'callback-scheduled', dueAt: sh('2024-06-04T09:00:00') });
  });

  it("deadline passed before the next calling time → 'expired'", () => {
    const s = settings({ deadline: '2024-06-03T20:00:00+08:00' });
    const now = sh('2024-06-03T18:00:00');
    const d = decideAfterAttempt(dialedAt(now), 'busy', now, s);
    expect(d).toMatchObject({ state: 'expired', dueAt: null });
    expect(d.why).toMatch(/before the deadline/);
    const cb = decideAfterAttempt(dialedAt(now), 'callback-at', now, s, { callbackAt: sh('2024-06-04T10:00:00') });
    expect(cb).toMatchObject({ state: 'expired', dueAt: null });
    // Final outcomes stay what they are.
    expect(decideAfterAttempt(dialedAt(now), 'success', now, s).state).toBe('done-success');
  });

  it("a campaign that can never dial again → 'expired' within the horizon", () => {
    const s = settings({ windows: {} });
    const now = sh('2024-06-03T10:00:00');
    expect(decideAfterAttempt(dialedAt(now), 'busy', now, s)).toMatchObject({ state: 'expired', dueAt: null });
  });
});

describe('countDial', () => {
  it('counts dials per local day and in all', () => {
    let lead: LeadAttempts = { attempts: 0, attemptsToday: 0, attemptsDay: null };
    lead = countDial(lead, sh('2024-06-03T10:00:00'), 'Asia/Shanghai');
    expect(lead).toEqual({ attempts: 1, attemptsToday: 1, attemptsDay: '2024-06-03' });
    lead = countDial(lead, sh('2024-06-03T23:59:00'), 'Asia/Shanghai');
    expect(lead).toEqual({ attempts: 2, attemptsToday: 2, attemptsDay: '2024-06-03' });
    // 00:30 local on the 4th is still the 3rd in UTC: the local day is what counts.
    lead = countDial(lead, sh('2024-06-04T00:30:00'), 'Asia/Shanghai');
    expect(lead).toEqual({ attempts: 3, attemptsToday: 1, attemptsDay: '2024-06-04' });
  });
});

describe('expireAtDeadline', () => {
  const s = { deadline: '2024-06-03T20:00:00+08:00' };
  const at = sh('2024-06-03T20:00:00');

  it('expires open leads at and after the deadline', () => {
    for (const state of ['new', 'queued', 'retry-wait', 'callback-scheduled'] as const) {
      expect(expireAtDeadline(state, at, s), state).toBe('expired');
      expect(expireAtDeadline(state, at + 86_400_000, s), state).toBe('expired');
      expect(expireAtDeadline(state, at - 1, s), state).toBe(state);
      expect(expireAtDeadline(state, at + 86_400_000, {}), state).toBe(state);
    }
  });

  it('leaves final leads and a lead being dialed alone', () => {
    for (const state of leadStates.filter((x) => finalLeadStates.has(x) || x === 'dialing')) {
      expect(expireAtDeadline(state, at + 1, s), state).toBe(state);
    }
  });
});
