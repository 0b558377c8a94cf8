import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDialAllowed, localDay } from '../../../src/dialer/calling-window.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import { selectDials } from '../../../src/dialer/dial-selection.js';
import type { AttemptOutcome } from '../../../src/dialer/lead-state.js';
import { countDial, decideAfterAttempt, type LeadAttempts } from '../../../src/dialer/retry-decision.js';
import { isHotlineError } from '../../../src/errors.js';
import { workableSettingsAndClock } from './settings-arb.js';

const shanghai = (iso: string) => Date.parse(`${iso}+08:00`);
const defaults = campaignSettingsSchema.parse({});
const first: LeadAttempts = { attempts: 0, attemptsToday: 0, attemptsDay: null };

describe('the default retry rule (docs/domain.md §Outbound flow), on the default campaign (Shanghai, 09:00-21:00, quiet 12:00-13:30)', () => {
  it('busy from 09:00 → 4 h later, three a day, then the next morning, nine in all', () => {
    let lead = first;
    let at = shanghai('2026-11-24T09:00:00');
    const dials: string[] = [];
    for (;;) {
      lead = countDial(lead, at, defaults.timeZone);
      dials.push(new Date(at).toISOString());
      const d = decideAfterAttempt(lead, 'busy', at + 30_000, defaults);
      if (d.dueAt === null) {
        expect(d.state).toBe('done-failed');
        break;
      }
      expect(d.state).toBe('retry-wait');
      at = d.dueAt;
    }
    expect(dials).toEqual([
      // 09:00; 4 h later is 13:00, inside the lunch quiet time, so 13:30; then 17:30 (each decided 30 s after its
      // dial); the fourth would be the day's fourth, so it rolls to 09:00 the next day.
      '2026-11-24T01:00:00.000Z', '2026-11-24T05:30:00.000Z', '2026-11-24T09:30:30.000Z',
      '2026-11-25T01:00:00.000Z', '2026-11-25T05:30:00.000Z', '2026-11-25T09:30:30.000Z',
      '2026-11-26T01:00:00.000Z', '2026-11-26T05:30:00.000Z', '2026-11-26T09:30:30.000Z',
    ]);
  });

  it('dead numbers end at once; network failures come back in 5 minutes, flagged', () => {
    const lead = countDial(first, shanghai('2026-11-24T10:00:00'), defaults.timeZone);
    for (const o of ['unallocated', 'invalid-format', 'number-changed', 'fax'] as AttemptOutcome[]) {
      expect(decideAfterAttempt(lead, o, shanghai('2026-11-24T10:00:00'), defaults)).toMatchObject({ state: 'invalid-number', dueAt: null });
    }
    expect(decideAfterAttempt(lead, 'wrong-party', shanghai('2026-11-24T10:00:00'), defaults)).toMatchObject({ state: 'wrong-party', dueAt: null });
    expect(decideAfterAttempt(lead, 'network-failure', shanghai('2026-11-24T10:00:00'), defaults)).toMatchObject({
      state: 'retry-wait',
      dueAt: shanghai('2026-11-24T10:05:00'),
      flagged: true,
    });
  });

  it('a callback needs a time in the future; one in rest hours moves to the next allowed time; past the deadline the lead expires', () => {
    const lead = countDial(first, shanghai('2026-11-24T10:00:00'), defaults.timeZone);
    const now = shanghai('2026-11-24T10:05:00');
    const code = (fn: () => unknown) => {
      try {
        fn();
        return 'none';
      } catch (e) {
        return isHotlineError(e) ? e.code : 'other';
      }
    };
    expect(code(() => decideAfterAttempt(lead, 'callback-at', now, defaults))).toBe('DISPOSITION_INVALID');
    expect(code(() => decideAfterAttempt(lead, 'callback-at', now, defaults, { callbackAt: now - 1 }))).toBe('DISPOSITION_INVALID');
    expect(decideAfterAttempt(lead, 'callback-at', now, defaults, { callbackAt: shanghai('2026-11-24T22:30:00') })).toMatchObject({
      state: 'callback-scheduled',
      dueAt: shanghai('2026-11-25T09:00:00'),
    });
    const withDeadline = campaignSettingsSchema.parse({ deadline: '2026-11-24T12:00:00+08:00' });
    expect(decideAfterAttempt(lead, 'busy', now, withDeadline)).toMatchObject({ state: 'expired', dueAt: null });
  });
});

describe('properties over random campaigns and clocks', () => {
  const retryable: AttemptOutcome[] = ['busy', 'no-answer', 'rejected', 'network-failure', 'machine', 'abandoned', 'short-call', 'failed', 'callback-later'];

  it('a lead failing again and again is only ever due at allowed moments, within its daily and total caps, and ends', () => {
    fc.assert(
      fc.property(workableSettingsAndClock, fc.constantFrom(...retryable), ({ settings, at }, outcome) => {
        const s = { ...settings, retry: { default: { delayS: 3600, maxPerDay: 2, maxTotal: 5, flag: false }, byOutcome: {} }, onMachine: 'retry' as const };
        let lead = first;
        let t = at;
        const perDay = new Map<string, number>();
        for (let i = 0; i < 20; i++) {
          lead = countDial(lead, t, s.timeZone);
          const day = localDay(t, s.timeZone);
          perDay.set(day, (perDay.get(day) ?? 0) + 1);
          const d = decideAfterAttempt(lead, outcome, t, s);
          if (d.dueAt === null) {
            expect(['done-failed', 'expired']).toContain(d.state);
            break;
          }
          expect(isDialAllowed(d.dueAt, s)).toBe(true);
          expect(d.dueAt).toBeGreaterThan(t);
          t = d.dueAt;
        }
        expect(lead.attempts).toBeLessThanOrEqual(5);
        for (const n of perDay.values()) expect(n).toBeLessThanOrEqual(2);
      }),
      { numRuns: 150 },
    );
  });

  it('selectDials never dials a live number, a number twice, beyond the caps, or anything not yet due', () => {
    const phone = fc.constantFrom('+8613900000001', '+8613900000002', '+8613900000003', '+8613900000004', '+8613900000005');
    fc.assert(
      fc.property(
        fc.array(fc.record({ phone, dueAt: fc.integer({ min: 0, max: 2000 }), owner: fc.option(fc.constantFrom('1001', '1002'), { nil: null }) }), { maxLength: 20 }),
        fc.uniqueArray(phone, { maxLength: 3 }),
        fc.integer({ min: 0, max: 8 }),
        fc.double({ min: 0, max: 8, noNaN: true }),
        fc.uniqueArray(fc.constantFrom('1001', '1002'), { maxLength: 2 }),
        (cands, live, freeLines, cpsBudget, ready) => {
          const now = 1000;
          const picks = selectDials({
            now,
            freeLines,
            cpsBudget,
            liveNumbers: new Set(live),
            candidates: cands.map((c, i) => ({ leadId: String(i), phone: c.phone, priority: 0, dueAt: c.dueAt, callbackAgent: c.owner })),
            readyAgents: new Set(ready),
            callbackGraceMs: 300,
            isAllowed: true,
          });
          expect(picks.length).toBeLessThanOrEqual(Math.min(freeLines, Math.floor(cpsBudget)));
          expect(new Set(picks.map((p) => p.phone)).size).toBe(picks.length);
          for (const p of picks) {
            expect(live).not.toContain(p.phone);
            expect(cands[Number(p.leadId)]!.dueAt).toBeLessThanOrEqual(now);
            if (p.agentFor) expect(ready).toContain(p.agentFor);
          }
          expect(selectDials({ now, freeLines, cpsBudget, liveNumbers: new Set(), candidates: [], callbackGraceMs: 0, isAllowed: false })).toEqual([]);
        },
      ),
    );
  });
});
