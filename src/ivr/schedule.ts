/** Business hours: is the line open at a given instant, in the schedule's time zone. */
import { DateTime } from 'luxon';
import { weekdays } from './flow-schema.js';

export type ScheduleState = 'open' | 'closed' | 'holiday';

export interface BusinessHours {
  /** HH:MM-HH:MM ranges per weekday; a day not listed is closed. */
  hours: Partial<Record<(typeof weekdays)[number], string[]>>;
  /** Dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD, closed all day. */
  holidays: string[];
  /** Dates with their own hours; they win over holidays and weekdays (e.g. a make-up working Sunday). */
  special: Record<string, string[]>;
}

const minutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

function within(ranges: readonly string[], minuteOfDay: number): boolean {
  return ranges.some((r) => minuteOfDay >= minutes(r.slice(0, 5)) && minuteOfDay < minutes(r.slice(6)));
}

function isHoliday(holidays: readonly string[], date: string): boolean {
  // ISO dates compare as strings.
  return holidays.some((h) => (h.includes('..') ? date >= h.slice(0, 10) && date <= h.slice(12) : date === h));
}

/** Whether the line is open, closed or on holiday at `now` (epoch ms), seen in time zone `zone`. */
export function scheduleState(b: BusinessHours, now: number, zone: string): ScheduleState {
  const local = DateTime.fromMillis(now, { zone });
  const date = local.toISODate()!;
  const minuteOfDay = local.hour * 60 + local.minute;
  const special = b.special[date];
  if (special !== undefined) return within(special, minuteOfDay) ? 'open' : 'closed';
  if (isHoliday(b.holidays, date)) return 'holiday';
  const day = weekdays[local.weekday - 1]!;
  return within(b.hours[day] ?? [], minuteOfDay) ? 'open' : 'closed';
}
