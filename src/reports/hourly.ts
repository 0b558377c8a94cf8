/**
 * A period's calls by local hour of day (volume, service level and handle time per hour) and its dial results by
 * outcome, for the console's charts. Each hour is the same pure math as the period's report (inbound-kpis.ts,
 * outbound-kpis.ts) over the calls and attempts that started in that hour of any day of the period, so the charts
 * and the report agree; whole clock hours come from the roll-ups and the rest streams from SQLite an hour at a time.
 */
import { DateTime } from 'luxon';
import type { ReportQueries } from '../store/report-queries.js';
import { inboundKpis, type InboundHourFacts, type InboundKpis } from './inbound-kpis.js';
import { attemptKpis, type AttemptFacts } from './outbound-kpis.js';

/** One local hour of day: the period report's inbound figures over that hour's calls, and its dials. */
export interface HourRow extends Pick<InboundKpis, 'calls' | 'offered' | 'answered' | 'answeredWithin10s' | 'answerRate10s' | 'abandoned' | 'ahtS'> {
  /** Local hour of day, 0-23. */
  hour: number;
  dials: number;
  connects: number;
}

export interface HourlyReport {
  hours: HourRow[];
  /** Attempts of the period by their result: the agent's disposition when there is one, else the dial's outcome. */
  outcomes: Record<string, number>;
}

/** The clock hours of [from, to) in `timeZone`, grouped by local hour of day (a DST day has 23 or 25). */
export function hourSlices(from: number, to: number, timeZone: string): Array<Array<[number, number]>> {
  const slices: Array<Array<[number, number]>> = Array.from({ length: 24 }, () => []);
  for (let t = DateTime.fromMillis(from, { zone: timeZone }).startOf('hour'); t.toMillis() < to; t = t.plus({ hours: 1 })) {
    slices[t.hour]!.push([Math.max(t.toMillis(), from), Math.min(t.plus({ hours: 1 }).toMillis(), to)]);
  }
  return slices;
}

function* each<T>(ranges: ReadonlyArray<[number, number]>, rows: (from: number, to: number) => Iterable<T>): Generator<T> {
  for (const [a, b] of ranges) yield* rows(a, b);
}

/** The hourly breakdown and outcome counts of [from, to). */
export function hourlyReport(q: ReportQueries, from: number, to: number, timeZone: string): HourlyReport {
  const hours = hourSlices(from, to, timeZone).map((ranges, hour): HourRow => {
    const parts = ranges.map(([a, b]) => q.inboundParts(a, b));
    const hours: InboundHourFacts = {
      sums: parts.flatMap((p) => p.hours.sums),
      agents: parts.flatMap((p) => p.hours.agents),
      ivrNodes: parts.flatMap((p) => p.hours.ivrNodes),
      choices: parts.flatMap((p) => p.hours.choices),
    };
    const calls = (function* () {
      for (const p of parts) yield* p.calls;
    })();
    const inbound = inboundKpis({ hours, calls, rings: [], staffedMs: new Map(), outboundHandled: new Map() });
    const { total } = attemptKpis(each(ranges, (a, b) => q.attemptGroups(a, b)), new Map());
    return {
      hour,
      calls: inbound.calls,
      offered: inbound.offered,
      answered: inbound.answered,
      answeredWithin10s: inbound.answeredWithin10s,
      answerRate10s: inbound.answerRate10s,
      abandoned: inbound.abandoned,
      ahtS: inbound.ahtS,
      dials: total.dials,
      connects: total.connects,
    };
  });
  const outcomes: Record<string, number> = {};
  for (const a of q.attemptGroups(from, to) as AttemptFacts[]) {
    const k = a.disposition ?? a.outcome ?? 'open';
    outcomes[k] = (outcomes[k] ?? 0) + a.n;
  }
  return { hours, outcomes };
}
