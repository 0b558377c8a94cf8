/**
 * Report periods in local time: a day, a Monday–Sunday week, a month, or any range. Pure: the instant and the zone
 * are arguments, so the schedule tests step a fake clock through Shanghai days.
 */
import { DateTime } from 'luxon';
import type { ReportKind } from '../store/report-runs-repo.js';

export interface Period {
  kind: ReportKind;
  /** 2026-03-09, 2026-W11, 2026-03, or 2026-03-01_2026-03-09 for a range. */
  label: string;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

export interface ScheduleTimes {
  timeZone: string;
  dailyAt: string;
  weeklyAt: string;
  monthlyDay: number;
  monthlyAt: string;
}

const at = (d: DateTime, hhmm: string) => {
  const [h, m] = hhmm.split(':').map(Number);
  return d.set({ hour: h!, minute: m!, second: 0, millisecond: 0 });
};

/** The local day that starts at `start` as a period. */
export function dayPeriod(start: DateTime): Period {
  const s = start.startOf('day');
  return { kind: 'daily', label: s.toFormat('yyyy-MM-dd'), from: s.toMillis(), to: s.plus({ days: 1 }).toMillis() };
}

/** The Monday–Sunday week that contains `day`. */
export function weekPeriod(day: DateTime): Period {
  const s = day.startOf('week'); // luxon weeks start on Monday
  return { kind: 'weekly', label: s.toFormat("kkkk-'W'WW"), from: s.toMillis(), to: s.plus({ weeks: 1 }).toMillis() };
}

/** The month that contains `day`. */
export function monthPeriod(day: DateTime): Period {
  const s = day.startOf('month');
  return { kind: 'monthly', label: s.toFormat('yyyy-MM'), from: s.toMillis(), to: s.plus({ months: 1 }).toMillis() };
}

/** Local dates from..to (both inclusive, YYYY-MM-DD) as a range period; undefined when a date is not real or to < from. */
export function rangePeriod(fromDate: string, toDate: string, timeZone: string): Period | undefined {
  const a = DateTime.fromISO(fromDate, { zone: timeZone });
  const b = DateTime.fromISO(toDate, { zone: timeZone });
  if (!a.isValid || !b.isValid || b < a) return undefined;
  return { kind: 'range', label: `${a.toFormat('yyyy-MM-dd')}_${b.toFormat('yyyy-MM-dd')}`, from: a.startOf('day').toMillis(), to: b.startOf('day').plus({ days: 1 }).toMillis() };
}

/**
 * The latest period of each kind whose report time has passed at `now`: the previous day once today's dailyAt has
 * passed (else the day before), the previous Monday–Sunday once this week's Tuesday weeklyAt has passed, the previous
 * month once this month's monthlyDay at monthlyAt has passed. A service that was down at the hour catches up later.
 */
export function latestDuePeriods(now: number, s: ScheduleTimes): Period[] {
  const local = DateTime.fromMillis(now, { zone: s.timeZone });
  const today = local.startOf('day');
  const daily = dayPeriod(local >= at(today, s.dailyAt) ? today.minus({ days: 1 }) : today.minus({ days: 2 }));
  const tuesday = today.startOf('week').plus({ days: 1 });
  const lastTuesday = local >= at(tuesday, s.weeklyAt) ? tuesday : tuesday.minus({ weeks: 1 });
  const weekly = weekPeriod(lastTuesday.minus({ weeks: 1 }));
  const monthDay = today.startOf('month').plus({ days: s.monthlyDay - 1 });
  const lastMonthDay = local >= at(monthDay, s.monthlyAt) ? monthDay : monthDay.minus({ months: 1 });
  const monthly = monthPeriod(lastMonthDay.minus({ months: 1 }));
  return [daily, weekly, monthly];
}
