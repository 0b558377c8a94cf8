/** Formatting and date arithmetic for the console's pages. Pure. */

/** m:ss or h:mm:ss for a duration in ms (negative durations read as 0). */
export function duration(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A rate as a percentage with one decimal, or a dash when there is nothing to divide by. */
export function percent(rate: number | null | undefined, digits = 1): string {
  return rate === null || rate === undefined || !Number.isFinite(rate) ? '–' : `${(rate * 100).toFixed(digits)}%`;
}

/** part / whole, or null when whole is 0 (as the reports do). */
export function ratio(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

/** YYYY-MM-DD of an instant in a time zone. */
export function localDate(ms: number, timeZone: string): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(new Date(ms));
  const get = (t: string) => p.find((x) => x.type === t)!.value;
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** An instant as local date and time in a time zone, to the minute. */
export function localDateTime(ms: number | null | undefined, timeZone: string, lang: 'zh' | 'en' = 'zh'): string {
  if (ms === null || ms === undefined) return '–';
  return new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false }).format(new Date(ms));
}

const dayMs = 86_400_000;
const toDate = (s: string) => new Date(`${s}T00:00:00Z`);
const fromDate = (d: Date) => d.toISOString().slice(0, 10);

export type PeriodKind = 'daily' | 'weekly' | 'monthly';

/** The local dates from..to of the day, the Monday–Sunday week or the month that holds `date` (YYYY-MM-DD). */
export function periodDates(kind: PeriodKind, date: string): { from: string; to: string } {
  const d = toDate(date);
  if (kind === 'daily') return { from: date, to: date };
  if (kind === 'weekly') {
    const monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * dayMs);
    return { from: fromDate(monday), to: fromDate(new Date(monday.getTime() + 6 * dayMs)) };
  }
  const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0));
  return { from: fromDate(first), to: fromDate(last) };
}

/** A datetime-local input's value (browser local time) as ISO 8601 with its offset, or null when empty or invalid. */
export function localInputToIso(value: string): string | null {
  if (!value) return null;
  const d = new Date(value);
  return Number.isNaN(d.getTime()) ? null : d.toISOString();
}
