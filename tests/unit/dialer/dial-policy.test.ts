/** The dial policy's decision, table-driven: China's defaults, a blocked region, the hours, one call at a time, the caps. */
import { describe, expect, it } from 'vitest';
import { decideDial, lookbackMs, type DialFacts, type DialVerdict } from '../../../src/dialer/dial-policy.js';
import { dialPolicySchema, type DialPolicy } from '../../../src/dialer/dial-policy-settings.js';

const china = dialPolicySchema.parse({});
const withRegions = dialPolicySchema.parse({
  blockedPrefixes: [
    { prefix: '+86138', region: 'test block' },
    { prefix: '+861380013', region: 'narrower block' },
    { prefix: '+852', region: 'Hong Kong' },
  ],
});
/** Tuesday 2026-11-24 10:00 in Shanghai (UTC+8). */
const T10 = Date.parse('2026-11-24T02:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;
const at = (hhmm: string) => Date.parse(`2026-11-24T${hhmm}:00+08:00`);
const phone = '+8613900001111';
const facts = (over: Partial<DialFacts> = {}): DialFacts => ({ phone, live: 0, recent: [], ...over });

describe('the China defaults', () => {
  it('are 5 per 24 h, 3 per 5 min, 08:00–21:00 Shanghai, one call at a time, no region blocked', () => {
    expect(china).toEqual({
      enabled: true,
      timeZone: 'Asia/Shanghai',
      hours: { from: '08:00', to: '21:00' },
      caps: [
        { max: 5, withinS: 86_400 },
        { max: 3, withinS: 300 },
      ],
      concurrentPerNumber: 1,
      blockedPrefixes: [],
    });
    expect(lookbackMs(china)).toBe(24 * HOUR);
  });
});

const table: Array<{ name: string; policy?: DialPolicy; facts: DialFacts; now: number; want: DialVerdict | Pick<Extract<DialVerdict, { ok: false }>, 'reason' | 'retryAt'> }> = [
  { name: 'a fresh number at 10:00 is dialed', facts: facts(), now: T10, want: { ok: true } },
  { name: 'at 08:00 sharp the hours are open', facts: facts(), now: at('08:00'), want: { ok: true } },
  { name: 'at 07:59 they are not: wait for 08:00', facts: facts(), now: at('07:59'), want: { reason: 'hours', retryAt: at('08:00') } },
  { name: 'at 21:00 they have closed: wait for 08:00 the next day', facts: facts(), now: at('21:00'), want: { reason: 'hours', retryAt: at('08:00') + 24 * HOUR } },
  {
    name: 'at night with the 24 h cap full until 09:00, the lead waits for 09:00, not 08:00',
    facts: facts({ recent: [at('09:00') - 24 * HOUR, at('07:30') - 2 * HOUR, at('07:30') - 3 * HOUR, at('07:30') - 4 * HOUR, at('07:30') - 5 * HOUR] }),
    now: at('07:30'),
    want: { reason: 'hours', retryAt: at('09:00') },
  },
  { name: 'a number on a call now waits a minute', facts: facts({ live: 1 }), now: T10, want: { reason: 'concurrent', retryAt: T10 + MIN } },
  { name: '2 calls in 5 min leave room for a third', facts: facts({ recent: [T10 - 2 * MIN, T10 - MIN] }), now: T10, want: { ok: true } },
  {
    name: '3 calls in 5 min: wait until the oldest is 5 min old',
    facts: facts({ recent: [T10 - 4 * MIN, T10 - 2 * MIN, T10 - MIN] }),
    now: T10,
    want: { reason: 'cap', retryAt: T10 + MIN },
  },
  { name: 'a call exactly 5 min ago no longer counts', facts: facts({ recent: [T10 - 5 * MIN, T10 - 2 * MIN, T10 - MIN] }), now: T10, want: { ok: true } },
  {
    name: '5 calls in 24 h: wait until the oldest is 24 h old',
    facts: facts({ recent: [T10 - 20 * HOUR, T10 - 6 * HOUR, T10 - 3 * HOUR, T10 - 2 * HOUR, T10 - HOUR] }),
    now: T10,
    want: { reason: 'cap', retryAt: T10 + 4 * HOUR },
  },
  {
    name: 'a cap that frees up at night waits for 08:00',
    facts: facts({ recent: [T10 - 12 * HOUR, T10 - 6 * HOUR, T10 - 3 * HOUR, T10 - 2 * HOUR, T10 - HOUR] }),
    now: T10,
    want: { reason: 'cap', retryAt: at('08:00') + 24 * HOUR },
  },
  { name: 'calls older than 24 h do not count', facts: facts({ recent: Array.from({ length: 9 }, (_, i) => T10 - 25 * HOUR - i * MIN) }), now: T10, want: { ok: true } },
  { name: 'a blocked region is refused for good', policy: withRegions, facts: facts({ phone: '+8613812345678' }), now: T10, want: { reason: 'region', retryAt: null } },
  { name: 'another region is not', policy: withRegions, facts: facts({ phone: '+8613912345678' }), now: T10, want: { ok: true } },
  { name: 'the region is refused even outside the hours (it never opens)', policy: withRegions, facts: facts({ phone: '+85291234567' }), now: at('23:00'), want: { reason: 'region', retryAt: null } },
  { name: 'a policy turned off allows everything', policy: { ...withRegions, enabled: false }, facts: facts({ phone: '+85291234567', live: 3 }), now: at('23:00'), want: { ok: true } },
];

describe('decideDial', () => {
  it.each(table)('$name', ({ policy, facts: f, now, want }) => {
    const v = decideDial(policy ?? china, f, now);
    if ('ok' in want) expect(v).toEqual(want);
    else expect(v).toMatchObject({ ok: false, ...want });
  });

  it('names the longest blocked prefix in its reason', () => {
    expect(decideDial(withRegions, facts({ phone: '+8613800138000' }), T10)).toMatchObject({ ok: false, why: expect.stringContaining('narrower block') });
  });
});
