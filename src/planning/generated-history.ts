/**
 * Call history with a known pattern, for the forecast's tests and benchmark: a weekday factor, a two-peak day
 * (10:00 and 15:00), a yearly swing, holidays at a fraction of a normal day, and Poisson noise from a seeded
 * generator. Pure given the seed.
 */
import { seededRandom } from '../qa/sampling.js';
import { addDays, slotsPerDay } from './forecast.js';

export const weekdayFactor = [0.6, 1.2, 1.1, 1.0, 1.0, 1.1, 0.7];

/** The expected calls of a half-hour on a date (before noise). */
export function expectedCalls(date: string, slot: number, holidays: ReadonlySet<string>, base = 40): number {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  const hour = slot / 2;
  const day = hour < 7 || hour >= 22 ? 0.1 : Math.exp(-((hour - 10) ** 2) / 4) + 0.8 * Math.exp(-((hour - 15) ** 2) / 5) + 0.2;
  const yearly = 1 + 0.2 * Math.sin((2 * Math.PI * (Date.parse(`${date}T00:00:00Z`) / 86_400_000)) / 365.25);
  return base * weekdayFactor[wd]! * day * yearly * (holidays.has(date) ? 0.4 : 1);
}

/** A Poisson draw (Knuth for small means, a normal approximation above 30). */
function poisson(lambda: number, rand: () => number): number {
  if (lambda > 30) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * Math.sqrt(-2 * Math.log(rand() || 1e-12)) * Math.cos(2 * Math.PI * rand())));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= rand();
  } while (p > l);
  return k - 1;
}

/** `days` days of history from `start`. */
export function generateHistory(start: string, days: number, holidays: ReadonlySet<string>, seed: number): Map<string, number[]> {
  const rand = seededRandom(seed);
  const out = new Map<string, number[]>();
  for (let i = 0; i < days; i++) {
    const d = addDays(start, i);
    out.set(d, Array.from({ length: slotsPerDay }, (_, h) => poisson(expectedCalls(d, h, holidays), rand)));
  }
  return out;
}
