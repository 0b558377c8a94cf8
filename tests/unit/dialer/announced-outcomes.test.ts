import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { attemptOutcome } from '../../../src/dialer/attempt-outcome.js';
import { attemptEvents } from '../../../src/dialer/campaign-pacing.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import { localDay } from '../../../src/dialer/calling-window.js';
import type { AttemptOutcome } from '../../../src/dialer/lead-state.js';
import { decideAfterAttempt } from '../../../src/dialer/retry-decision.js';
import type { AttemptRow } from '../../../src/store/attempts-repo.js';

const seed = campaignSettingsSchema.parse({});
const sh = (iso: string): number => DateTime.fromISO(iso, { zone: 'Asia/Shanghai' }).toMillis();
const firstDial = (at: number) => ({ attempts: 1, attemptsToday: 1, attemptsDay: localDay(at, 'Asia/Shanghai') });
const at = sh('2026-12-07T10:00:00');

describe('a lead after a carrier announcement (issue 11)', () => {
  it.each<[AttemptOutcome, string, number | null]>([
    ['vacant', 'invalid-number', null],
    ['suspended', 'invalid-number', null],
    ['restricted', 'done-failed', null],
    // powered off: 2 h later by default
    ['powered-off', 'retry-wait', sh('2026-12-07T13:30:00')],
    // unreachable: the seed rule, like no answer (4 h)
    ['unreachable', 'retry-wait', sh('2026-12-07T14:00:00')],
    ['no-answer', 'retry-wait', sh('2026-12-07T14:00:00')],
    // an unlabelled announcement: its own rule (4 h, flagged)
    ['announcement', 'retry-wait', sh('2026-12-07T14:00:00')],
  ])('%s → %s', (outcome, state, dueAt) => {
    const d = decideAfterAttempt(firstDial(at), outcome, at, seed);
    expect(d.state).toBe(state);
    expect(d.dueAt).toBe(dueAt);
  });

  it('powered off is retried 2 h later (moved past the 12:00–13:30 quiet hours) and at most 3 times a day', () => {
    const early = sh('2026-12-07T09:00:00');
    expect(decideAfterAttempt(firstDial(early), 'powered-off', early, seed).dueAt).toBe(sh('2026-12-07T11:00:00'));
    const third = { attempts: 3, attemptsToday: 3, attemptsDay: localDay(at, 'Asia/Shanghai') };
    const d = decideAfterAttempt(third, 'powered-off', at, seed);
    expect(d.state).toBe('retry-wait');
    expect(d.dueAt).toBe(sh('2026-12-08T09:00:00'));
  });

  it('an unlabelled announcement is flagged for a supervisor and dialed at most 3 times', () => {
    expect(decideAfterAttempt(firstDial(at), 'announcement', at, seed).flagged).toBe(true);
    const third = { attempts: 3, attemptsToday: 1, attemptsDay: localDay(at, 'Asia/Shanghai') };
    expect(decideAfterAttempt(third, 'announcement', at, seed).state).toBe('done-failed');
  });

  it('a campaign may give powered-off its own rule', () => {
    const s = campaignSettingsSchema.parse({ retry: { byOutcome: { 'powered-off': { delayS: 600, maxPerDay: 5, maxTotal: 5 } } } });
    expect(decideAfterAttempt(firstDial(at), 'powered-off', at, s).dueAt).toBe(at + 600_000);
  });

  it('the leg outcome passes through to the attempt', () => {
    for (const o of ['announcement', 'vacant', 'suspended', 'powered-off', 'unreachable', 'restricted', 'busy'] as const) {
      expect(attemptOutcome({ leg: o, abandoned: false, connected: false, agentless: false, answeredFlow: false })).toBe(o);
    }
  });
});

describe('pacing learns announced dials as non-live, with their real durations', () => {
  const t0 = Date.parse('2026-12-07T02:00:00Z');
  const row = (over: Partial<AttemptRow>): AttemptRow => ({ dialedAt: t0, answeredAt: null, connectedAt: null, amdStatus: null, ...over }) as AttemptRow;
  it.each<[AttemptOutcome, string]>([
    ['vacant', 'invalid'],
    ['suspended', 'invalid'],
    ['powered-off', 'no-answer'],
    ['unreachable', 'no-answer'],
    ['announcement', 'failed'],
    ['restricted', 'failed'],
  ])('%s is a %s dial of 4 s, not a 25 s ring', (outcome, result) => {
    expect(attemptEvents(row({}), t0 + 4_000, outcome, 10, 15)).toEqual([{ type: 'dial', result, seconds: 4, hour: 10 }]);
  });
  it('an answered announcement counts until hotline released it, and never as live', () => {
    expect(attemptEvents(row({ answeredAt: t0 + 2_000 }), t0 + 6_000, 'vacant', 10, 15)).toEqual([{ type: 'dial', result: 'invalid', seconds: 6, hour: 10 }]);
  });
});
