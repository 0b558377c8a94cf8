/**
 * Inbound calls per half-hour, forecast from stored history (issue 16 item 4). Pure.
 *
 * Method: a multiplicative seasonal index. forecast(day, slot) = P[weekday][slot] × M[month] × H, where
 * - P is the weekday × half-hour profile: the mean count of that slot on that weekday over the last `weeks` weeks of
 *   ordinary days, each divided by its month factor;
 * - M[month] is the month-of-year factor (mean daily total of the month / mean daily total), used when the history
 *   spans a year or more, else 1;
 * - H is the holiday factor (a holiday's total / the total its weekday and month predict, averaged over the history's
 *   holidays) on holidays, else 1. Holidays are left out of P and M.
 * Baseline: the seasonal-naive forecast, the same half-hour one week earlier.
 */

export const slotsPerDay = 48;

/** Calls per half-hour slot (48) of each local date 'YYYY-MM-DD'. */
export type History = ReadonlyMap<string, readonly number[]>;

export interface ForecastModel {
  profile: number[][];
  month: number[];
  holiday: number;
}

const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();
const monthOf = (date: string) => Number(date.slice(5, 7)) - 1;
const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
const mean = (xs: readonly number[]) => (xs.length ? sum(xs) / xs.length : 0);

/** The date `n` days after `date`. */
export function addDays(date: string, n: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
}

/** Fits the model to the history (dates in any order); `weeks` recent weeks form the weekday profile. */
export function fitForecast(history: History, holidays: ReadonlySet<string>, weeks = 8): ForecastModel {
  const dates = [...history.keys()].sort();
  const ordinary = dates.filter((d) => !holidays.has(d));
  const total = (d: string) => sum(history.get(d)!);
  const month = Array.from({ length: 12 }, () => 1);
  if (dates.length >= 365) {
    const all = mean(ordinary.map(total));
    for (let m = 0; m < 12; m++) {
      const days = ordinary.filter((d) => monthOf(d) === m);
      if (days.length && all > 0) month[m] = mean(days.map(total)) / all;
    }
  }
  const last = ordinary.at(-1);
  const recent = last ? ordinary.filter((d) => d > addDays(last, -7 * weeks)) : [];
  const profile = Array.from({ length: 7 }, (_, wd) => {
    const days = recent.filter((d) => weekday(d) === wd);
    return Array.from({ length: slotsPerDay }, (_, h) => mean(days.map((d) => history.get(d)![h]! / (month[monthOf(d)] || 1))));
  });
  const ratios = dates
    .filter((d) => holidays.has(d))
    .map((d) => {
      const expected = sum(profile[weekday(d)]!) * month[monthOf(d)]!;
      return expected > 0 ? total(d) / expected : null;
    })
    .filter((r): r is number => r !== null);
  return { profile, month, holiday: ratios.length ? mean(ratios) : 1 };
}

/** The forecast of one date: 48 half-hour counts. */
export function forecastDay(model: ForecastModel, date: string, holidays: ReadonlySet<string>): number[] {
  const f = model.month[monthOf(date)]! * (holidays.has(date) ? model.holiday : 1);
  return model.profile[weekday(date)]!.map((p) => p * f);
}

/** Weighted absolute percentage error: Σ|forecast − actual| / Σ actual (0 when nothing happened). */
export function wape(forecast: readonly number[], actual: readonly number[]): number {
  const a = sum(actual);
  return a === 0 ? 0 : sum(forecast.map((f, i) => Math.abs(f - actual[i]!))) / a;
}

export interface HoldoutResult {
  days: number;
  method: number;
  seasonalNaive: number;
}

/**
 * Fits on the history before `from` and forecasts the `days` days from it; the error of the method and of the
 * seasonal-naive baseline (each held-out day's actuals of 7 days earlier) over the held-out days.
 */
export function holdout(history: History, holidays: ReadonlySet<string>, from: string, days: number, weeks = 8): HoldoutResult {
  const train = new Map([...history].filter(([d]) => d < from));
  const model = fitForecast(train, holidays, weeks);
  const f: number[] = [];
  const naive: number[] = [];
  const actual: number[] = [];
  for (let i = 0; i < days; i++) {
    const d = addDays(from, i);
    const a = history.get(d);
    const before = history.get(addDays(d, -7));
    if (!a || !before) continue;
    f.push(...forecastDay(model, d, holidays));
    naive.push(...before);
    actual.push(...a);
  }
  return { days: actual.length / slotsPerDay, method: wape(f, actual), seasonalNaive: wape(naive, actual) };
}
