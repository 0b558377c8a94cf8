/** fast-check generators for campaign settings and clocks, shared by the dialer's property tests. */
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { campaignSettingsSchema, weekdays, type CampaignSettings, type CampaignSettingsInput } from '../../../src/dialer/campaign-settings.js';

/** Zones with and without DST, half- and quarter-hour offsets, a 30-minute DST (Lord Howe) and DST at midnight (Santiago). */
export const zones = [
  'Asia/Shanghai',
  'America/New_York',
  'Europe/London',
  'Australia/Sydney',
  'Australia/Lord_Howe',
  'Asia/Kolkata',
  'Asia/Kathmandu',
  'America/Santiago',
  'UTC',
] as const;

/** Offset changes in 2024 for the zones above, so clocks land near them often. */
const transitions = [
  '2024-03-10T07:00:00Z', // New York spring forward
  '2024-11-03T06:00:00Z', // New York fall back
  '2024-03-31T01:00:00Z', // London spring forward
  '2024-10-27T01:00:00Z', // London fall back
  '2024-04-06T16:00:00Z', // Sydney back to standard time
  '2024-10-05T16:00:00Z', // Sydney forward
  '2024-04-06T15:00:00Z', // Lord Howe back 30 min
  '2024-04-07T03:00:00Z', // Santiago back at midnight
  '2024-09-08T04:00:00Z', // Santiago forward at midnight
].map((iso) => Date.parse(iso));

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

export const hhmm = (m: number): string => `${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`;

/** Minutes of the day, often on the hours where DST happens and on the ends of the day. */
const minuteOfDay = fc.oneof(fc.integer({ min: 0, max: 1440 }), fc.constantFrom(0, 30, 60, 90, 120, 150, 180, 540, 720, 810, 1260, 1410, 1440));
const range = fc.record({ from: minuteOfDay, to: minuteOfDay }).map(({ from, to }) => ({ from: hhmm(from), to: hhmm(to) }));

/** An instant from 2020 to 2034, or one within three days of a DST change. */
export const clock = fc.oneof(
  fc.integer({ min: Date.parse('2020-01-01T00:00:00Z'), max: Date.parse('2034-12-31T00:00:00Z') }),
  fc.tuple(fc.constantFrom(...transitions), fc.integer({ min: -3 * DAY, max: DAY })).map(([t, d]) => t + d),
);

/** Random calling-window settings (parsed by the real schema) around a random clock. */
export const settingsAndClock: fc.Arbitrary<{ settings: CampaignSettings; at: number }> = fc
  .record({
    at: clock,
    timeZone: fc.constantFrom(...zones),
    windows: fc.dictionary(fc.constantFrom(...weekdays), fc.array(range, { maxLength: 2 }), { maxKeys: 7 }),
    quietHours: fc.array(range, { maxLength: 2 }),
    holidayOffsets: fc.array(fc.integer({ min: -1, max: 12 }), { maxLength: 4 }),
    deadlineAfterH: fc.option(fc.integer({ min: -24, max: 40 * 24 }), { nil: undefined }),
  })
  .map(({ at, timeZone, windows, quietHours, holidayOffsets, deadlineAfterH }) => {
    const today = DateTime.fromMillis(at, { zone: timeZone });
    const input: CampaignSettingsInput = {
      timeZone,
      windows,
      quietHours,
      holidays: holidayOffsets.map((d) => today.plus({ days: d }).toISODate()!),
      ...(deadlineAfterH === undefined ? {} : { deadline: new Date(at + deadlineAfterH * HOUR).toISOString() }),
    };
    return { settings: campaignSettingsSchema.parse(input), at };
  });

/** Settings that open at least one window most days, for tests that need calls to happen. */
export const workableSettingsAndClock: fc.Arbitrary<{ settings: CampaignSettings; at: number }> = fc
  .record({
    base: settingsAndClock,
    open: fc.tuple(fc.integer({ min: 0, max: 1200 }), fc.integer({ min: 60, max: 1440 })),
  })
  .map(({ base, open: [from, len] }) => {
    const window = [{ from: hhmm(from), to: hhmm(Math.min(1440, from + len)) }];
    const windows = Object.fromEntries(weekdays.map((d) => [d, [...(base.settings.windows[d] ?? []), ...window]]));
    return { at: base.at, settings: { ...base.settings, windows } };
  });
