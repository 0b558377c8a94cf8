import fc from 'fast-check';
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { dialHorizonMs, isDialAllowed, localDay, nextDialMoment, startOfNextDay } from '../../../src/dialer/calling-window.js';
import { campaignSettingsSchema, weekdays, type CampaignSettings, type CampaignSettingsInput } from '../../../src/dialer/campaign-settings.js';
import { isHotlineError } from '../../../src/errors.js';
import { settingsAndClock, zones } from './settings-arb.js';

const MINUTE = 60_000;
const settings = (input: CampaignSettingsInput = {}): CampaignSettings => campaignSettingsSchema.parse(input);
/** Local wall time in a zone → epoch ms (only for times that exist and are not repeated). */
const local = (iso: string, zone = 'Asia/Shanghai'): number => DateTime.fromISO(iso, { zone }).toMillis();
const utc = (iso: string): number => Date.parse(iso);
const show = (t: number | undefined): string => (t === undefined ? 'none' : new Date(t).toISOString());

// The default campaign: 09:00–21:00 every day, quiet 12:00–13:30 and 21:00–09:00, Asia/Shanghai. 2024-06-03 is a Monday.
const seed = settings();

describe('isDialAllowed', () => {
  const cases: Array<[string, string, CampaignSettings, boolean]> = [
    ['before the window', '2024-06-03T08:59:59.999', seed, false],
    ['window opens (inclusive)', '2024-06-03T09:00:00', seed, true],
    ['last ms before lunch quiet hours', '2024-06-03T11:59:59.999', seed, true],
    ['lunch quiet hours start', '2024-06-03T12:00:00', seed, false],
    ['inside lunch quiet hours', '2024-06-03T13:29:59.999', seed, false],
    ['quiet hours end (exclusive)', '2024-06-03T13:30:00', seed, true],
    ['last ms of the window', '2024-06-03T20:59:59.999', seed, true],
    ['window end (exclusive)', '2024-06-03T21:00:00', seed, false],
    ['night, before midnight', '2024-06-03T23:30:00', seed, false],
    ['night, after midnight', '2024-06-04T03:00:00', seed, false],
    ['holiday', '2024-10-01T10:00:00', settings({ holidays: ['2024-10-01'] }), false],
    ['day after the holiday', '2024-10-02T10:00:00', settings({ holidays: ['2024-10-01'] }), true],
    ['weekday without a window', '2024-06-08T10:00:00', settings({ windows: { mon: [{ from: '09:00', to: '21:00' }] } }), false],
    ['weekday with an empty list', '2024-06-03T10:00:00', settings({ windows: { mon: [] } }), false],
    ['second window of the day', '2024-06-03T19:00:00', settings({ windows: { mon: [{ from: '09:00', to: '11:00' }, { from: '18:00', to: '20:00' }] } }), true],
    ['between two windows', '2024-06-03T15:00:00', settings({ windows: { mon: [{ from: '09:00', to: '11:00' }, { from: '18:00', to: '20:00' }] } }), false],
    ["'24:00' ends the day: last ms", '2024-06-08T23:59:59.999', settings({ windows: { sat: [{ from: '20:00', to: '24:00' }] }, quietHours: [] }), true],
    ["'24:00' ends the day: next midnight is sunday", '2024-06-09T00:00:00', settings({ windows: { sat: [{ from: '20:00', to: '24:00' }] }, quietHours: [] }), false],
    ['a window with from ≥ to is empty', '2024-06-03T23:00:00', settings({ windows: { mon: [{ from: '22:00', to: '02:00' }] }, quietHours: [] }), false],
    ['quiet from = to is empty', '2024-06-03T10:00:00', settings({ quietHours: [{ from: '10:00', to: '10:00' }] }), true],
    ['wrapping quiet hours cover the early morning', '2024-06-03T08:00:00', settings({ windows: { mon: [{ from: '00:00', to: '24:00' }] } }), false],
    ['wrapping quiet hours cover the late evening', '2024-06-03T22:00:00', settings({ windows: { mon: [{ from: '00:00', to: '24:00' }] } }), false],
    ['wrapping quiet hours leave the day', '2024-06-03T09:00:00', settings({ windows: { mon: [{ from: '00:00', to: '24:00' }] } }), true],
    ['quiet to 24:00', '2024-06-03T23:00:00', settings({ windows: { mon: [{ from: '00:00', to: '24:00' }] }, quietHours: [{ from: '22:00', to: '24:00' }] }), false],
    ['before the deadline', '2024-06-03T14:59:59.999', settings({ deadline: '2024-06-03T15:00:00+08:00' }), true],
    ['at the deadline', '2024-06-03T15:00:00', settings({ deadline: '2024-06-03T15:00:00+08:00' }), false],
    ['deadline given in UTC', '2024-06-03T14:00:00', settings({ deadline: '2024-06-03T06:00:00Z' }), false],
  ];
  it.each(cases)('%s (%s)', (_name, at, s, expected) => {
    expect(isDialAllowed(local(at, s.timeZone), s)).toBe(expected);
  });

  it('reads the wall clock across DST changes (New York, London)', () => {
    const ny = settings({ timeZone: 'America/New_York', quietHours: [] });
    // 2024-03-10: 02:00 EST → 03:00 EDT. 09:00 EDT is 13:00Z; the day before, 09:00 EST is 14:00Z.
    expect(isDialAllowed(utc('2024-03-09T13:59:59.999Z'), ny)).toBe(false);
    expect(isDialAllowed(utc('2024-03-09T14:00:00Z'), ny)).toBe(true);
    expect(isDialAllowed(utc('2024-03-10T12:59:59.999Z'), ny)).toBe(false);
    expect(isDialAllowed(utc('2024-03-10T13:00:00Z'), ny)).toBe(true);
    // 2024-11-03: 21:00 EST is 02:00Z the next UTC day.
    expect(isDialAllowed(utc('2024-11-04T01:59:59.999Z'), ny)).toBe(true);
    expect(isDialAllowed(utc('2024-11-04T02:00:00Z'), ny)).toBe(false);
    const london = settings({ timeZone: 'Europe/London', quietHours: [] });
    // 2024-03-31 is BST from 01:00Z: 09:00 local is 08:00Z.
    expect(isDialAllowed(utc('2024-03-31T07:59:59.999Z'), london)).toBe(false);
    expect(isDialAllowed(utc('2024-03-31T08:00:00Z'), london)).toBe(true);
    expect(isDialAllowed(utc('2024-03-30T08:00:00Z'), london)).toBe(false);
  });

  it('both occurrences of a repeated hour are inside a window on it', () => {
    const ny = settings({ timeZone: 'America/New_York', windows: { sun: [{ from: '01:00', to: '01:30' }] }, quietHours: [] });
    expect(isDialAllowed(utc('2024-11-03T05:15:00Z'), ny)).toBe(true); // 01:15 EDT
    expect(isDialAllowed(utc('2024-11-03T06:15:00Z'), ny)).toBe(true); // 01:15 EST
    expect(isDialAllowed(utc('2024-11-03T05:45:00Z'), ny)).toBe(false); // 01:45 EDT
  });

  it('rejects an unknown time zone with CAMPAIGN_INVALID', () => {
    const bad = { ...seed, timeZone: 'Mars/Olympus' };
    expect(() => isDialAllowed(0, bad)).toThrow(expect.objectContaining({ code: 'CAMPAIGN_INVALID', key: 'timeZone' }));
    try {
      localDay(0, 'Mars/Olympus');
    } catch (e) {
      expect(isHotlineError(e, 'CAMPAIGN_INVALID')).toBe(true);
    }
  });
});

describe('nextDialMoment', () => {
  const mondaysOnly = settings({ windows: { mon: [{ from: '09:00', to: '10:00' }] }, quietHours: [] });
  // Every Monday for 61 weeks is a holiday: nothing opens within 400 days.
  const allMondaysOff = settings({
    ...mondaysOnly,
    holidays: Array.from({ length: 61 }, (_, i) => DateTime.fromISO('2024-06-03').plus({ weeks: i }).toISODate()!),
  });
  const cases: Array<[string, CampaignSettings, number, number | undefined]> = [
    ['already allowed: itself', seed, local('2024-06-03T10:15:42.123'), local('2024-06-03T10:15:42.123')],
    ['exactly at the window start', seed, local('2024-06-03T09:00:00'), local('2024-06-03T09:00:00')],
    ['1 ms before the window', seed, local('2024-06-03T08:59:59.999'), local('2024-06-03T09:00:00')],
    ['early morning → 09:00', seed, local('2024-06-03T07:00:00'), local('2024-06-03T09:00:00')],
    ['lunch → 13:30', seed, local('2024-06-03T12:10:00'), local('2024-06-03T13:30:00')],
    ['evening → next morning', seed, local('2024-06-03T21:00:00'), local('2024-06-04T09:00:00')],
    ['friday evening, weekend closed → monday', settings({ windows: { mon: [{ from: '09:00', to: '21:00' }], fri: [{ from: '09:00', to: '21:00' }] } }), local('2024-06-07T21:00:00'), local('2024-06-10T09:00:00')],
    ['holiday → the day after', settings({ holidays: ['2024-10-01', '2024-10-02'] }), local('2024-09-30T22:00:00'), local('2024-10-03T09:00:00')],
    ['deadline before the next window → none', settings({ deadline: '2024-06-04T08:00:00+08:00' }), local('2024-06-03T21:00:00'), undefined],
    ['deadline inside the next window → that window', settings({ deadline: '2024-06-04T09:00:01+08:00' }), local('2024-06-03T21:00:00'), local('2024-06-04T09:00:00')],
    ['no window at all → none', settings({ windows: {} }), local('2024-06-03T10:00:00'), undefined],
    ['windows all inside quiet hours → none', settings({ windows: { mon: [{ from: '12:00', to: '13:00' }] } }), local('2024-06-03T10:00:00'), undefined],
    ['a window a year away', allMondaysOff, local('2024-06-03T10:00:00'), undefined],
    ['one open Monday after 60 holidays', { ...allMondaysOff, holidays: allMondaysOff.holidays.slice(0, 55) }, local('2024-06-03T10:00:00'), local('2025-06-23T09:00:00')],
  ];
  it.each(cases)('%s', (_name, s, from, expected) => {
    expect(show(nextDialMoment(from, s))).toBe(show(expected));
  });

  it('does not look beyond the 400-day horizon', () => {
    const from = local('2024-06-03T10:00:00');
    const s = settings({ windows: { mon: [{ from: '09:00', to: '10:00' }] }, quietHours: [], holidays: allMondaysOff.holidays.slice(0, 58) });
    const found = nextDialMoment(from, s);
    // 58 Mondays off: the next open Monday is 406 days later, past the horizon.
    expect(found).toBeUndefined();
    expect(local('2025-07-14T09:00:00') - from).toBeGreaterThan(dialHorizonMs);
  });

  it('New York spring forward: a window opening in the missing hour opens at 03:00 EDT', () => {
    const s = settings({ timeZone: 'America/New_York', windows: { sun: [{ from: '02:30', to: '04:00' }] }, quietHours: [] });
    expect(show(nextDialMoment(utc('2024-03-10T06:00:00Z'), s))).toBe('2024-03-10T07:00:00.000Z');
    expect(isDialAllowed(utc('2024-03-10T06:59:59.999Z'), s)).toBe(false);
  });

  it('New York fall back: the repeated hour opens the window a second time', () => {
    const s = settings({ timeZone: 'America/New_York', windows: { sun: [{ from: '01:00', to: '01:30' }] }, quietHours: [] });
    expect(show(nextDialMoment(utc('2024-11-03T05:30:00Z'), s))).toBe('2024-11-03T06:00:00.000Z');
    expect(show(nextDialMoment(utc('2024-11-03T06:30:00Z'), s))).toBe('2024-11-10T06:00:00.000Z');
  });

  it('New York default window on both DST days', () => {
    const s = settings({ timeZone: 'America/New_York' });
    expect(show(nextDialMoment(utc('2024-03-10T05:00:00Z'), s))).toBe('2024-03-10T13:00:00.000Z'); // 09:00 EDT
    expect(show(nextDialMoment(utc('2024-11-03T05:00:00Z'), s))).toBe('2024-11-03T14:00:00.000Z'); // 09:00 EST
  });

  it('London spring forward: a window wholly inside the missing hour does not happen that day', () => {
    const s = settings({ timeZone: 'Europe/London', windows: { sun: [{ from: '01:15', to: '01:45' }] }, quietHours: [] });
    expect(show(nextDialMoment(utc('2024-03-31T00:00:00Z'), s))).toBe('2024-04-07T00:15:00.000Z'); // 01:15 BST a week later
    const straddling = settings({ timeZone: 'Europe/London', windows: { sun: [{ from: '01:30', to: '02:30' }] }, quietHours: [] });
    expect(show(nextDialMoment(utc('2024-03-31T00:00:00Z'), straddling))).toBe('2024-03-31T01:00:00.000Z'); // 02:00 BST
  });

  it('London fall back: 01:00–01:30 happens twice', () => {
    const s = settings({ timeZone: 'Europe/London', windows: { sun: [{ from: '01:00', to: '01:30' }] }, quietHours: [] });
    expect(show(nextDialMoment(utc('2024-10-27T00:00:00Z'), s))).toBe('2024-10-27T00:00:00.000Z'); // 01:00 BST
    expect(show(nextDialMoment(utc('2024-10-27T00:30:00Z'), s))).toBe('2024-10-27T01:00:00.000Z'); // 01:00 GMT
  });
});

describe('localDay and startOfNextDay', () => {
  it.each([
    ['2024-06-02T15:59:59.999Z', 'Asia/Shanghai', '2024-06-02'],
    ['2024-06-02T16:00:00Z', 'Asia/Shanghai', '2024-06-03'],
    ['2024-03-10T04:59:59.999Z', 'America/New_York', '2024-03-09'],
    ['2024-03-10T05:00:00Z', 'America/New_York', '2024-03-10'],
    ['2024-10-26T23:00:00Z', 'Europe/London', '2024-10-27'],
  ])('localDay(%s, %s) = %s', (at, zone, day) => {
    expect(localDay(utc(at), zone)).toBe(day);
  });

  it.each([
    ['2024-06-03T10:00:00+08:00', 'Asia/Shanghai', '2024-06-03T16:00:00.000Z'],
    ['2024-06-03T23:59:59.999+08:00', 'Asia/Shanghai', '2024-06-03T16:00:00.000Z'],
    ['2024-06-04T00:00:00+08:00', 'Asia/Shanghai', '2024-06-04T16:00:00.000Z'],
    ['2024-03-10T01:00:00-05:00', 'America/New_York', '2024-03-11T04:00:00.000Z'], // a 23-hour day
    ['2024-11-03T00:30:00-04:00', 'America/New_York', '2024-11-04T05:00:00.000Z'], // a 25-hour day
    ['2024-10-27T00:30:00+01:00', 'Europe/London', '2024-10-28T00:00:00.000Z'],
    ['2024-04-06T20:00:00-03:00', 'America/Santiago', '2024-04-07T04:00:00.000Z'], // midnight comes twice: the second one
    ['2024-09-07T20:00:00-04:00', 'America/Santiago', '2024-09-08T04:00:00.000Z'], // no midnight: 01:00 starts the day
  ])('startOfNextDay(%s, %s) = %s', (at, zone, next) => {
    expect(new Date(startOfNextDay(Date.parse(at), zone)).toISOString()).toBe(next);
  });
});

// An independent reading of the rules, on luxon's DateTime, for the properties below.
const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
function oracle(t: number, s: CampaignSettings): { inWindow: boolean; inQuiet: boolean; holiday: boolean; pastDeadline: boolean } {
  const d = DateTime.fromMillis(t, { zone: s.timeZone });
  const m = d.hour * 60 + d.minute;
  const windows = s.windows[weekdays[d.weekday - 1]!] ?? [];
  return {
    inWindow: windows.some((w) => m >= minutes(w.from) && m < minutes(w.to)),
    inQuiet: s.quietHours.some((q) => {
      const [f, to] = [minutes(q.from), minutes(q.to)];
      return f <= to ? m >= f && m < to : m >= f || m < to;
    }),
    holiday: s.holidays.includes(d.toISODate()!),
    pastDeadline: s.deadline !== undefined && t >= DateTime.fromISO(s.deadline).toMillis(),
  };
}

describe('properties', () => {
  it('isDialAllowed agrees with an independent reading of the rules at random instants', () => {
    fc.assert(
      fc.property(settingsAndClock, fc.array(fc.integer({ min: 0, max: 14 * 24 * 60 * MINUTE }), { minLength: 1, maxLength: 30 }), ({ settings: s, at }, deltas) => {
        for (const t of deltas.map((d) => at + d)) {
          const o = oracle(t, s);
          const expected = o.inWindow && !o.inQuiet && !o.holiday && !o.pastDeadline;
          expect(isDialAllowed(t, s), `${new Date(t).toISOString()} ${s.timeZone}`).toBe(expected);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('isDialAllowed is false at any moment inside quiet hours or outside the windows', () => {
    const quietFirst = settingsAndClock.filter(({ settings: s }) => s.quietHours.length > 0);
    fc.assert(
      fc.property(quietFirst, fc.nat(), fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: MINUTE - 1 }), ({ settings: s, at }, pick, minute, ms) => {
        // A moment inside one of the quiet ranges, on the clock's local day.
        const q = s.quietHours[pick % s.quietHours.length]!;
        const [f, to] = [minutes(q.from), minutes(q.to)];
        const span = (to - f + 1440) % 1440;
        fc.pre(span > 0);
        const m = (f + (minute % span)) % 1440;
        const t = DateTime.fromMillis(at, { zone: s.timeZone }).startOf('day').set({ hour: Math.floor(m / 60), minute: m % 60 }).toMillis() + ms;
        const o = oracle(t, s);
        fc.pre(o.inQuiet); // a DST gap may have moved the moment out
        expect(isDialAllowed(t, s)).toBe(false);
      }),
      { numRuns: 300 },
    );
    fc.assert(
      fc.property(settingsAndClock, fc.integer({ min: 0, max: 7 * 24 * 60 }), ({ settings: s, at }, d) => {
        const t = at + d * MINUTE;
        const o = oracle(t, s);
        if (o.inQuiet || !o.inWindow) expect(isDialAllowed(t, s)).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('nextDialMoment(t) is allowed, ≥ t, and no allowed minute lies between t and it', () => {
    fc.assert(
      fc.property(settingsAndClock, fc.integer({ min: 0, max: MINUTE - 1 }), ({ settings: s, at }, ms) => {
        const t = at + ms;
        const next = nextDialMoment(t, s);
        if (next !== undefined) {
          expect(next).toBeGreaterThanOrEqual(t);
          expect(isDialAllowed(next, s)).toBe(true);
        }
        // Allowed-ness can only change at whole minutes (all zones here have whole-minute offsets): checking t and
        // every minute start up to the answer (or 2 days, and a sample after that) is exhaustive on that stretch.
        const end = next ?? Math.min(t + dialHorizonMs, s.deadline === undefined ? Infinity : Date.parse(s.deadline));
        const firstMinute = Math.ceil(t / MINUTE) * MINUTE;
        const scanEnd = Math.min(end, t + 2 * 24 * 60 * MINUTE);
        if (t < end) expect(isDialAllowed(t, s)).toBe(false);
        for (let m = firstMinute; m < scanEnd; m += MINUTE) {
          if (isDialAllowed(m, s)) expect.fail(`${new Date(m).toISOString()} is allowed before ${show(next)} (${s.timeZone})`);
        }
        for (let i = 1; i <= 40 && scanEnd < end; i++) {
          const m = Math.floor((scanEnd + ((end - scanEnd) * i) / 41) / MINUTE) * MINUTE;
          if (isDialAllowed(m, s)) expect.fail(`${new Date(m).toISOString()} is allowed before ${show(next)} (${s.timeZone})`);
        }
      }),
      { numRuns: 150 },
    );
  }, 60_000);

  it('localDay matches luxon and startOfNextDay is the first instant of a later local day', () => {
    fc.assert(
      fc.property(settingsAndClock, fc.constantFrom(...zones), ({ at }, zone) => {
        expect(localDay(at, zone)).toBe(DateTime.fromMillis(at, { zone }).toISODate());
        const next = startOfNextDay(at, zone);
        expect(next).toBeGreaterThan(at);
        expect(next - at).toBeLessThanOrEqual(26 * 3_600_000);
        expect(localDay(next, zone) > localDay(at, zone)).toBe(true);
        expect(localDay(next - 1, zone)).toBe(localDay(at, zone));
      }),
      { numRuns: 500 },
    );
  });
});
