/**
 * The compliance properties of a dial (issue 17): no dial outside the campaign's windows, in quiet hours, on a
 * holiday or past the deadline, none to a number on a DNC list, none against China's caps (hours, one call at a
 * time, 5 per 24 h and 3 per 5 min, blocked regions). Each is checked on the dial gate (src/dialer/dial-gate.ts)
 * against an independent reading of the rules on luxon's DateTime. Plain node:assert, so the unit tier (1,000 cases)
 * and bench/compliance.ts (100,000) run the same code.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { weekdays, type CampaignSettings } from '../../../src/dialer/campaign-settings.js';
import { dialGate } from '../../../src/dialer/dial-gate.js';
import { decideDial, type DialFacts } from '../../../src/dialer/dial-policy.js';
import { dialPolicySchema, type DialPolicy } from '../../../src/dialer/dial-policy-settings.js';
import { hhmm, settingsAndClock, zones } from './settings-arb.js';

const MIN = 60_000;
const minutes = (s: string): number => Number(s.slice(0, 2)) * 60 + Number(s.slice(3));

/** The campaign's rules read directly at `t`. */
function campaignOpen(t: number, s: CampaignSettings): boolean {
  const d = DateTime.fromMillis(t, { zone: s.timeZone });
  const m = d.hour * 60 + d.minute;
  const inWindow = (s.windows[weekdays[d.weekday - 1]!] ?? []).some((w) => m >= minutes(w.from) && m < minutes(w.to));
  const inQuiet = s.quietHours.some((q) => {
    const [f, to] = [minutes(q.from), minutes(q.to)];
    return f <= to ? m >= f && m < to : m >= f || m < to;
  });
  const holiday = s.holidays.includes(d.toISODate()!);
  const past = s.deadline !== undefined && t >= DateTime.fromISO(s.deadline).toMillis();
  return inWindow && !inQuiet && !holiday && !past;
}

/** The dial policy's rules read directly at `t`. */
function policyAllows(t: number, p: DialPolicy, f: DialFacts): boolean {
  if (!p.enabled) return true;
  if (p.blockedPrefixes.some((b) => f.phone.startsWith(b.prefix))) return false;
  const d = DateTime.fromMillis(t, { zone: p.timeZone });
  const m = d.hour * 60 + d.minute;
  if (m < minutes(p.hours.from) || m >= minutes(p.hours.to)) return false;
  if (f.live >= p.concurrentPerNumber) return false;
  return p.caps.every((c) => f.recent.filter((r) => r > t - c.withinS * 1000 && r <= t).length < c.max);
}

const windowS = fc.oneof(fc.constantFrom(60, 300, 3600, 86_400), fc.integer({ min: 1, max: 3 * 86_400 }));
const minute = fc.integer({ min: 0, max: 1439 });
export const policyArb: fc.Arbitrary<DialPolicy> = fc
  .record({
    enabled: fc.oneof(fc.constant(true), fc.constant(true), fc.constant(false)),
    timeZone: fc.constantFrom(...zones),
    from: minute,
    len: fc.integer({ min: 1, max: 1440 }),
    caps: fc.oneof(fc.constant([{ max: 5, withinS: 86_400 }, { max: 3, withinS: 300 }]), fc.array(fc.record({ max: fc.integer({ min: 1, max: 6 }), withinS: windowS }), { maxLength: 3 })),
    concurrentPerNumber: fc.integer({ min: 1, max: 3 }),
    blocked: fc.subarray([{ prefix: '+86138', region: 'a' }, { prefix: '+852', region: 'b' }, { prefix: '+8613800', region: 'c' }, { prefix: '+1', region: 'd' }]),
  })
  .map((r) =>
    dialPolicySchema.parse({
      enabled: r.enabled,
      timeZone: r.timeZone,
      hours: { from: hhmm(r.from), to: hhmm(Math.min(1440, r.from + r.len)) },
      caps: r.caps,
      concurrentPerNumber: r.concurrentPerNumber,
      blockedPrefixes: r.blocked,
    }),
  );

/** A number's history: calls placed up to two days back, often exactly on a cap's edge. */
const factsAt = (at: number): fc.Arbitrary<DialFacts> =>
  fc.record({
    phone: fc.constantFrom('+8613800138000', '+8613912345678', '+85291234567', '+14155550100', '+8610123456789'),
    live: fc.oneof(fc.constant(0), fc.constant(0), fc.integer({ min: 0, max: 3 })),
    recent: fc.array(fc.oneof(fc.integer({ min: 0, max: 2 * 86_400_000 }), fc.constantFrom(0, 1, 5 * MIN, 5 * MIN - 1, 5 * MIN + 1, 86_400_000, 86_400_000 - 1)), { maxLength: 8 }).map((ds) => ds.map((d) => at - d)),
  });

const caseArb = settingsAndClock.chain(({ settings, at }) => fc.record({ settings: fc.constant(settings), at: fc.constant(at), onDnc: fc.boolean(), policy: fc.option(policyArb, { nil: undefined }), facts: factsAt(at) }));

/** The gate says yes exactly when every rule, read independently, allows the dial. */
export function gateMatchesRules(numRuns: number, seed?: number): void {
  fc.assert(
    fc.property(caseArb, ({ settings, at, onDnc, policy, facts }) => {
      const v = dialGate({ settings, onDnc, policy, facts }, at);
      const expected = campaignOpen(at, settings) && !onDnc && (policy === undefined || policyAllows(at, policy, facts));
      assert.equal(v.ok, expected, `${new Date(at).toISOString()} ${JSON.stringify(v)}`);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
}

/** A policy refusal's retryAt is later than now, and at retryAt the same history is allowed (nothing else on the line). */
export function retryAtIsAllowed(numRuns: number, seed?: number): void {
  const arb = fc.tuple(policyArb, settingsAndClock).chain(([policy, { at }]) => fc.record({ policy: fc.constant({ ...policy, enabled: true }), at: fc.constant(at), facts: factsAt(at) }));
  fc.assert(
    fc.property(arb, ({ policy, at, facts }) => {
      const v = decideDial(policy, facts, at);
      if (v.ok) return;
      if (v.reason === 'region') return assert.equal(v.retryAt, null);
      assert.ok(v.retryAt !== null && v.retryAt > at, `retryAt ${v.retryAt} after ${at}`);
      if (v.reason === 'concurrent') return;
      assert.ok(policyAllows(v.retryAt, policy, { ...facts, live: 0 }), `${v.reason}: not allowed at retryAt ${new Date(v.retryAt).toISOString()}`);
    }),
    { numRuns, ...(seed === undefined ? {} : { seed }) },
  );
}

export const complianceProperties = { gateMatchesRules, retryAtIsAllowed };
