/** decideAfterAttempt over random campaigns and clocks: the rules retry-decision.test.ts checks by example, as properties. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDialAllowed, localDay, nextDialMoment } from '../../../src/dialer/calling-window.js';
import { retryableOutcomes, type CampaignSettings, type RetryRule, type RetryableOutcome } from '../../../src/dialer/campaign-settings.js';
import { attemptOutcomes, finalLeadStates } from '../../../src/dialer/lead-state.js';
import { countDial, decideAfterAttempt, outcomeRules, type LeadAttempts } from '../../../src/dialer/retry-decision.js';
import { settingsAndClock, workableSettingsAndClock } from './settings-arb.js';

const retryRuleArb: fc.Arbitrary<RetryRule> = fc.record({
  delayS: fc.oneof(fc.integer({ min: 0, max: 3 * 86_400 }), fc.constantFrom(0, 300, 4 * 3600, 86_400)),
  maxPerDay: fc.integer({ min: 1, max: 4 }),
  maxTotal: fc.integer({ min: 1, max: 10 }),
  flag: fc.boolean(),
});

/** Random calling-window settings with a random retry policy and onMachine. */
const withRetry = (base: fc.Arbitrary<{ settings: CampaignSettings; at: number }>) =>
  fc
    .record({
      base,
      def: retryRuleArb,
      by: fc.dictionary(fc.constantFrom(...retryableOutcomes), retryRuleArb, { maxKeys: 3 }),
      onMachine: fc.constantFrom('retry' as const, 'leave-message' as const),
    })
    .map(({ base, def, by, onMachine }) => ({
      at: base.at,
      settings: { ...base.settings, retry: { default: def, byOutcome: by }, onMachine } as CampaignSettings,
    }));

const leadArb = fc
  .record({ total: fc.integer({ min: 1, max: 12 }), today: fc.integer({ min: 0, max: 5 }), sameDay: fc.boolean() })
  .map(({ total, today, sameDay }) => ({ total, today: Math.min(total, Math.max(1, today)), sameDay }));

describe('properties', () => {
  it('a dueAt is always an allowed dial moment, at or after now', () => {
    fc.assert(
      fc.property(
        withRetry(settingsAndClock),
        fc.constantFrom(...attemptOutcomes),
        leadArb,
        fc.integer({ min: 0, max: 20 * 86_400_000 }),
        ({ settings: s, at }, outcome, l, cbOffset) => {
          const lead: LeadAttempts = { attempts: l.total, attemptsToday: l.today, attemptsDay: l.sameDay ? localDay(at, s.timeZone) : '1999-01-01' };
          const d = decideAfterAttempt(lead, outcome, at, s, { callbackAt: at + cbOffset });
          if (d.dueAt === null) {
            expect(finalLeadStates.has(d.state)).toBe(true);
          } else {
            expect(isDialAllowed(d.dueAt, s)).toBe(true);
            expect(d.dueAt).toBeGreaterThanOrEqual(at);
            expect(['retry-wait', 'callback-scheduled']).toContain(d.state);
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a dead outcome never gets a dueAt', () => {
    const dead = attemptOutcomes.filter((o) => outcomeRules[o].kind === 'final');
    fc.assert(
      fc.property(withRetry(settingsAndClock), fc.constantFrom(...dead), leadArb, ({ settings: s, at }, outcome, l) => {
        const lead: LeadAttempts = { attempts: l.total, attemptsToday: l.today, attemptsDay: localDay(at, s.timeZone) };
        const d = decideAfterAttempt(lead, outcome, at, s);
        expect(d.dueAt).toBeNull();
        expect(finalLeadStates.has(d.state)).toBe(true);
        expect(d.state).not.toBe('expired');
      }),
      { numRuns: 200 },
    );
  });

  it('a run of failed attempts keeps to maxPerDay a local day and maxTotal in all, and ends final or expired', () => {
    fc.assert(
      fc.property(withRetry(workableSettingsAndClock), fc.constantFrom<RetryableOutcome>('busy', 'no-answer', 'network-failure'), ({ settings: s, at }, outcome) => {
        const limits = s.retry.byOutcome[outcome] ?? s.retry.default;
        const first = nextDialMoment(at, s);
        if (first === undefined) return;
        let lead: LeadAttempts = { attempts: 0, attemptsToday: 0, attemptsDay: null };
        const perDay = new Map<string, number>();
        let t = first;
        let dials = 0;
        for (;;) {
          expect(isDialAllowed(t, s)).toBe(true);
          lead = countDial(lead, t, s.timeZone);
          dials += 1;
          const day = localDay(t, s.timeZone);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
          expect(perDay.get(day)!).toBeLessThanOrEqual(limits.maxPerDay);
          expect(dials).toBeLessThanOrEqual(limits.maxTotal);
          expect(lead.attempts).toBe(dials);
          const d = decideAfterAttempt(lead, outcome, t, s);
          if (d.dueAt === null) {
            expect(['done-failed', 'expired']).toContain(d.state);
            if (d.state === 'done-failed') expect(dials).toBe(limits.maxTotal);
            break;
          }
          expect(d.state).toBe('retry-wait');
          expect(d.dueAt).toBeGreaterThanOrEqual(t);
          t = d.dueAt;
        }
      }),
      { numRuns: 200 },
    );
  });
});
