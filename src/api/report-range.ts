import { z } from 'zod';
import { HotlineError } from '../errors.js';
import { rangePeriod, type Period } from '../reports/report-period.js';

/** A local calendar date in a report's query. */
export const reportDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a local date YYYY-MM-DD');

/** The longest range a report may ask for: a year and a month, so a yearly comparison fits. */
export const maxRangeDays = 400;

/** The period of [from, to] (local dates in `tz`), refused naming `to` when it is not a real date on or after `from` or too long. */
export function reportRange(from: string, to: string, tz: string): Period {
  const p = rangePeriod(from, to, tz);
  if (!p) throw new HotlineError('BAD_REQUEST', 'to: must be a real date on or after from', { key: 'to' });
  if (p.to - p.from > maxRangeDays * 86_400_000) throw new HotlineError('BAD_REQUEST', `to: a range is at most ${maxRangeDays} days`, { key: 'to' });
  return p;
}
