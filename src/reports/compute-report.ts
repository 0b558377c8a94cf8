/**
 * A period's report from the query layer: the same on the main thread (Reports.compute) and in the report worker
 * (report-worker.ts), so where it runs never changes what it says.
 */
import type { KpiSettings } from '../qa/kpis.js';
import { qualityRanking } from '../qa/quality-ranking.js';
import type { ReportQueries } from '../store/report-queries.js';
import { staffedMs } from './agent-hours.js';
import { deskKpis } from './desk-kpis.js';
import { inboundKpis } from './inbound-kpis.js';
import { attemptKpis, callbackPunctuality, campaignCompletion, complianceWindows } from './outbound-kpis.js';
import type { Report } from './report-model.js';
import type { Period } from './report-period.js';

// The same slack the dialer gives a callback before it calls it missed (campaign-commands.ts).
const callbackSlackMs = 15 * 60_000;

export interface ReportInputs {
  period: Period;
  timeZone: string;
  /** The time the report is made (open agent states and callbacks are judged at it). */
  now: number;
  /** Agent ids the ACD knows (their legs are told apart from transfers by these). */
  agentIds: readonly string[];
  /**
   * Issue 16: the quality KPIs' settings and each agent's team; with them, a report of a week, a month or a range
   * ranks the agents per team (a day's sample is too small to rank on).
   */
  quality?: { settings: KpiSettings; teams: Readonly<Record<string, string>> };
}

/** The KPIs of a period. */
export function computeReport(q: ReportQueries, { period, timeZone, now, agentIds, quality }: ReportInputs): Report {
  const campaigns = q.campaignLeadStates();
  const grace = new Map(campaigns.map((c) => [c.campaignId, graceMs(c.settings)]));
  const inbound = {
    ...inboundKpis({
      ...q.inboundParts(period.from, period.to),
      rings: q.agentRings(period.from, period.to, agentIds),
      staffedMs: staffedMs(q.agentStatesBetween(period.from, period.to), period.from, period.to, now),
      outboundHandled: q.outboundHandled(period.from, period.to),
    }),
    categories: q.wrapUpCategories(period.from, period.to),
  };
  const dialed = attemptKpis(q.attemptGroups(period.from, period.to), q.leadsDialed(period.from, period.to));
  const outbound = {
    ...dialed.total,
    campaigns: dialed.campaigns,
    compliance: complianceWindows(q.complianceRows(period.to)),
    callbacks: callbackPunctuality(q.callbacksDue(period.from, period.to), (id) => (grace.get(id) ?? 300_000) + callbackSlackMs, now),
    completion: campaignCompletion(campaigns),
  };
  const desk = deskKpis({
    wrappedUp: q.desk.wrappedUpCalls(period.from, period.to),
    ordersCreated: q.desk.ordersCreated(period.from, period.to),
    complaints: q.desk.complaintStats(period.from, period.to, now),
    now,
  });
  const report: Report = { period, timeZone, generatedAt: now, inbound, outbound, desk };
  if (quality && period.kind !== 'daily') {
    report.quality = qualityRanking(q.qualityFacts(period.from, period.to), quality.settings, (a) => quality.teams[a]);
  }
  return report;
}

function graceMs(settings: string): number {
  try {
    const s = JSON.parse(settings) as { callbackGraceS?: unknown };
    return typeof s.callbackGraceS === 'number' ? s.callbackGraceS * 1000 : 300_000;
  } catch {
    return 300_000;
  }
}
