/**
 * When a campaign may dial: weekday windows, quiet hours (a range may wrap midnight), holidays and a deadline,
 * all read on the wall clock of the campaign's time zone. Pure: instants are epoch ms arguments.
 *
 * Wall-clock arithmetic is done on the zone's UTC offset (luxon's IANAZone) rather than by building local dates:
 * between two offset changes local time is UTC plus a constant, so the next moment at which the answer can change
 * is either the next boundary minute of the local day or the next offset change, and nextDialMoment can jump from
 * one such moment to the next instead of walking minute by minute. DST gaps and repeated hours fall out of that:
 * a window opening at 02:30 on a spring-forward day opens at 03:00, the first wall-clock minute past 02:30.
 */
import { DateTime, IANAZone } from 'luxon';
import { HotlineError } from '../errors.js';
import { weekdays, type CampaignSettings } from './campaign-settings.js';

/** The settings that decide when a campaign may dial (a whole CampaignSettings will do). */
export type CallingWindowSettings = Pick<CampaignSettings, 'windows' | 'quietHours' | 'holidays' | 'timeZone' | 'deadline'>;

/** nextDialMoment looks no further than this: a campaign that cannot dial within it is as good as closed. */
export const dialHorizonMs = 400 * 86_400_000;

const MINUTE = 60_000;
const DAY = 86_400_000;
const MINUTES_PER_DAY = 1440;

/** [from, to) in minutes of the local day; never wraps. */
type Span = readonly [from: number, to: number];

interface Compiled {
  readonly zone: IANAZone;
  /** Index 0 is Monday, as in `weekdays`. */
  readonly windows: readonly (readonly Span[])[];
  /** Wrapping quiet ranges are split in two, so every span here is plain. */
  readonly quiet: readonly Span[];
  readonly holidays: ReadonlySet<string>;
  readonly deadline: number | undefined;
  /** Per weekday: the sorted minutes (1..1440) at which the answer may change on a working day. */
  readonly bounds: readonly (readonly number[])[];
}

const minutesOf = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function zoneOf(timeZone: string): IANAZone {
  const zone = IANAZone.create(timeZone);
  // Settings are validated by their schema; this guards callers that built them by hand.
  if (!zone.isValid) throw new HotlineError('CAMPAIGN_INVALID', `unknown time zone ${JSON.stringify(timeZone)}`, { key: 'timeZone' });
  return zone;
}

/** The deadline as epoch ms, or undefined when the campaign has none. */
export function deadlineMs(s: Pick<CampaignSettings, 'deadline'>): number | undefined {
  if (s.deadline === undefined) return undefined;
  const at = DateTime.fromISO(s.deadline, { setZone: true });
  if (!at.isValid) throw new HotlineError('CAMPAIGN_INVALID', `deadline ${JSON.stringify(s.deadline)} is not an ISO 8601 instant`, { key: 'deadline' });
  return at.toMillis();
}

function compile(s: CallingWindowSettings): Compiled {
  // A window is one stretch of one day: from ≥ to is empty (a night shift is two windows on two days).
  const windows = weekdays.map((d) =>
    (s.windows[d] ?? []).map((r): Span => [minutesOf(r.from), minutesOf(r.to)]).filter(([f, t]) => f < t),
  );
  // A quiet range with from > to covers the night: the end of one day and the start of every day.
  // from = to is an empty range, not a whole day: "no quiet hours" is the safer reading of a typo than "never dial".
  const quiet = s.quietHours.flatMap((r): Span[] => {
    const [f, t] = [minutesOf(r.from), minutesOf(r.to)];
    if (f < t) return [[f, t]];
    if (f === t) return [];
    const night: Span[] = [];
    if (f < MINUTES_PER_DAY) night.push([f, MINUTES_PER_DAY]);
    if (t > 0) night.push([0, t]);
    return night;
  });
  const quietEdges = quiet.flatMap(([f, t]) => [f, t]);
  const bounds = windows.map((ws) => {
    if (ws.length === 0) return [MINUTES_PER_DAY];
    const edges = [...ws.flatMap(([f, t]) => [f, t]), ...quietEdges, MINUTES_PER_DAY].filter((m) => m > 0);
    return [...new Set(edges)].sort((a, b) => a - b);
  });
  return { zone: zoneOf(s.timeZone), windows, quiet, holidays: new Set(s.holidays), deadline: deadlineMs(s), bounds };
}

/** Local wall clock at an instant: the local day number (days since 1970-01-01) and ms into that day. */
interface Wall {
  readonly day: number;
  readonly msOfDay: number;
  readonly offsetMin: number;
}

function wall(at: number, zone: IANAZone): Wall {
  const offsetMin = zone.offset(at);
  const local = at + offsetMin * MINUTE;
  const day = Math.floor(local / DAY);
  return { day, msOfDay: local - day * DAY, offsetMin };
}

const dateOfDay = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
// 1970-01-01 was a Thursday, index 3 when Monday is 0.
const weekdayOfDay = (day: number): number => (((day + 3) % 7) + 7) % 7;

function allowed(at: number, c: Compiled): boolean {
  if (c.deadline !== undefined && at >= c.deadline) return false;
  const w = wall(at, c.zone);
  if (c.holidays.has(dateOfDay(w.day))) return false;
  const minute = Math.floor(w.msOfDay / MINUTE);
  const inside = ([f, t]: Span): boolean => minute >= f && minute < t;
  return c.windows[weekdayOfDay(w.day)]!.some(inside) && !c.quiet.some(inside);
}

/**
 * The first instant after `t` at which the local clock reaches one of the day's boundary minutes
 * (`boundsFor(day)`, sorted, ending with 1440 = next midnight) or the zone's offset changes.
 */
function nextWallChange(t: number, zone: IANAZone, boundsFor: (day: number) => readonly number[]): number {
  const w = wall(t, zone);
  const b = boundsFor(w.day).find((m) => m * MINUTE > w.msOfDay) ?? MINUTES_PER_DAY;
  const candidate = w.day * DAY + b * MINUTE - w.offsetMin * MINUTE;
  if (zone.offset(candidate) === w.offsetMin) return candidate;
  // An offset change (DST) lies in (t, candidate]: find its first ms. Zones change at most once a day.
  let [lo, hi] = [t, candidate];
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (zone.offset(mid) === w.offsetMin) lo = mid;
    else hi = mid;
  }
  return hi;
}

function boundsOf(c: Compiled): (day: number) => readonly number[] {
  const closed = [MINUTES_PER_DAY];
  return (day) => (c.holidays.has(dateOfDay(day)) ? closed : c.bounds[weekdayOfDay(day)]!);
}

/** Whether the campaign may dial at `at` (epoch ms): inside a window of its local weekday, outside quiet hours, not on a holiday, before the deadline. */
export function isDialAllowed(at: number, s: CallingWindowSettings): boolean {
  return allowed(at, compile(s));
}

/** The earliest instant ≥ `from` at which dialing is allowed, or undefined if there is none before the deadline or within dialHorizonMs. */
export function nextDialMoment(from: number, s: CallingWindowSettings): number | undefined {
  const c = compile(s);
  const boundsFor = boundsOf(c);
  const limit = Math.min(from + dialHorizonMs, c.deadline ?? Infinity);
  for (let t = from; t <= limit; t = nextWallChange(t, c.zone, boundsFor)) {
    if (allowed(t, c)) return t;
  }
  return undefined;
}

/** The local date 'YYYY-MM-DD' of `at` in `timeZone`: the key of daily counters. */
export function localDay(at: number, timeZone: string): string {
  return dateOfDay(wall(at, zoneOf(timeZone)).day);
}

/** The local hour (0–23) of `at` in `timeZone`: pacing statistics are kept by hour of day. */
export function localHour(at: number, timeZone: string): number {
  return Math.floor(wall(at, zoneOf(timeZone)).msOfDay / 3_600_000);
}

/** The first instant of the local day after the one `at` falls on (local midnight, or the first minute after a DST gap). */
export function startOfNextDay(at: number, timeZone: string): number {
  const zone = zoneOf(timeZone);
  const today = wall(at, zone).day;
  const midnight = (): readonly number[] => [MINUTES_PER_DAY];
  let t = at;
  // A clock set back over midnight can return to the same day once; the loop walks past it.
  do t = nextWallChange(t, zone, midnight);
  while (wall(t, zone).day <= today);
  return t;
}
