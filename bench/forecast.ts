/**
 * Forecast benchmark (issue 16): the multiplicative seasonal index (src/planning/forecast.ts) against the
 * seasonal-naive baseline (the same half-hour one week earlier), on the same generated history with a known pattern
 * (src/planning/generated-history.ts: weekday factor, two daily peaks, yearly swing, holidays at 0.4, Poisson noise),
 * over held-out blocks of 3 weeks, some with a holiday. Error: WAPE, Σ|forecast − actual| / Σ actual.
 * Run: `npx tsx bench/forecast.ts [--seeds N] [--write]`.
 */
import { addDays, holdout, slotsPerDay, wape } from '../src/planning/forecast.js';
import { expectedCalls, generateHistory } from '../src/planning/generated-history.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const seeds = num('--seeds', 5);
const range = (start: string, n: number) => Array.from({ length: n }, (_, i) => addDays(start, i));
const holidays = new Set([...range('2025-01-01', 1), ...range('2025-05-01', 5), ...range('2025-10-01', 7), ...range('2026-01-01', 1), ...range('2026-02-16', 7), ...range('2026-05-01', 5)]);
const blocks = [
  ['2026-01-26', 'ordinary weeks'],
  ['2026-02-09', 'weeks with the Spring Festival holiday'],
  ['2026-03-16', 'ordinary weeks'],
  ['2026-04-27', 'weeks with the May Day holiday'],
] as const;

out('## Inbound forecast (issue 16)');
out('');
out(`\`npx tsx bench/forecast.ts\`: generated half-hour history from 2024-11-01 to 2026-05-24 (known pattern, Poisson noise), ${seeds} seeds; each block of 21 days held out, the model fitted on the days before it (8-week weekday × half-hour profile, month factor, holiday factor). Baseline in the same run on the same data: seasonal naive (same half-hour last week). WAPE, mean over seeds (min–max).`);
out('');
out('| held-out block | multiplicative seasonal index | seasonal naive | noise floor (the true expectation) |');
out('|---|---|---|---|');
const fmt = (xs: number[]) => `${((xs.reduce((a, b) => a + b, 0) / xs.length) * 100).toFixed(1)} % (${(Math.min(...xs) * 100).toFixed(1)}–${(Math.max(...xs) * 100).toFixed(1)})`;
for (const [from, what] of blocks) {
  const m: number[] = [];
  const n: number[] = [];
  const floor: number[] = [];
  for (let seed = 1; seed <= seeds; seed++) {
    const history = generateHistory('2024-11-01', 570, holidays, seed);
    const r = holdout(history, holidays, from, 21);
    m.push(r.method);
    n.push(r.seasonalNaive);
    const days = range(from, 21);
    floor.push(wape(days.flatMap((d) => Array.from({ length: slotsPerDay }, (_, h) => expectedCalls(d, h, holidays))), days.flatMap((d) => history.get(d)!)));
  }
  out(`| ${from} + 21 days, ${what} | ${fmt(m)} | ${fmt(n)} | ${fmt(floor)} |`);
}
if (flag('--write')) writeDocSection('## Inbound forecast (issue 16)', lines);
