/**
 * The seed's three quality KPIs per agent (seed 004 §3.6–3.8), their targets as settings, and a ranking per team.
 * Pure: the shell gives each agent's wrap-ups and QA-scored calls.
 *
 * - 信息准确率 (record accuracy) = (registrations − registration errors) / registrations. A registration is a wrap-up;
 *   an error is a QA-scored call whose record item (settings.recordItem) earned less than its full weight.
 * - 服务指标达标率 (service targets met) = scored calls with a total ≥ settings.servicePassMark / scored calls.
 * - 一次线上解决率 (first-call resolution) = among the scored (sampled) calls whose wrap-up is in
 *   settings.fcrCategories (all categories when empty), the share resolved on the call.
 */

export interface KpiSettings {
  recordAccuracyTarget: number;
  serviceTarget: number;
  servicePassMark: number;
  fcrTarget: number;
  recordItem: string;
  fcrCategories: string[];
}

/** The seed's targets: accuracy 95 %, service targets met 75 %, first-call resolution 95 %. */
export const kpiDefaults: KpiSettings = { recordAccuracyTarget: 0.95, serviceTarget: 0.75, servicePassMark: 80, fcrTarget: 0.95, recordItem: 'accuracy', fcrCategories: [] };

export interface ScoredCall {
  agentId: string;
  total: number;
  /** The record item earned less than its weight (null: the form has no such item). */
  recordError: boolean | null;
  /** The call's wrap-up, when it has one. */
  wrapUp: { category: string; result: string } | null;
}

export interface Kpi {
  rate: number | null;
  numerator: number;
  denominator: number;
  target: number;
  met: boolean | null;
}

export interface Scorecard {
  agentId: string;
  team: string;
  recordAccuracy: Kpi;
  serviceMet: Kpi;
  fcr: Kpi;
}

const kpi = (numerator: number, denominator: number, target: number): Kpi => {
  const rate = denominator === 0 ? null : Math.round((numerator / denominator) * 10000) / 10000;
  return { rate, numerator, denominator, target, met: rate === null ? null : rate >= target };
};

/** One agent's scorecard from their wrap-up count and their scored calls. */
export function scorecard(agentId: string, team: string, registrations: number, scored: readonly ScoredCall[], s: KpiSettings): Scorecard {
  const mine = scored.filter((c) => c.agentId === agentId);
  const errors = mine.filter((c) => c.recordError === true).length;
  const passed = mine.filter((c) => c.total >= s.servicePassMark).length;
  const fcrCalls = mine.filter((c) => c.wrapUp && (s.fcrCategories.length === 0 || s.fcrCategories.includes(c.wrapUp.category)));
  return {
    agentId,
    team,
    recordAccuracy: kpi(Math.max(0, registrations - errors), registrations, s.recordAccuracyTarget),
    serviceMet: kpi(passed, mine.length, s.serviceTarget),
    fcr: kpi(fcrCalls.filter((c) => c.wrapUp!.result === 'resolved').length, fcrCalls.length, s.fcrTarget),
  };
}

export interface Ranked extends Scorecard {
  /** 1 = best in the team; equal scorecards share a rank. */
  rank: number;
  /** KPIs at or over target. */
  met: number;
  /** Mean of the rates there are (0 when none). */
  mean: number;
}

/** Ranks agents within each team: more KPIs met first, then the higher mean rate; ties share a rank. */
export function rankByTeam(cards: readonly Scorecard[]): Ranked[] {
  const scored = cards.map((c) => {
    const rates = [c.recordAccuracy, c.serviceMet, c.fcr].map((k) => k.rate).filter((r): r is number => r !== null);
    const met = [c.recordAccuracy, c.serviceMet, c.fcr].filter((k) => k.met === true).length;
    return { ...c, met, mean: rates.length ? Math.round((rates.reduce((a, b) => a + b, 0) / rates.length) * 10000) / 10000 : 0, rank: 0 };
  });
  const out: Ranked[] = [];
  for (const team of [...new Set(scored.map((c) => c.team))].sort()) {
    const list = scored.filter((c) => c.team === team).sort((a, b) => b.met - a.met || b.mean - a.mean || (a.agentId < b.agentId ? -1 : 1));
    list.forEach((c, i) => (c.rank = i > 0 && list[i - 1]!.met === c.met && list[i - 1]!.mean === c.mean ? list[i - 1]!.rank : i + 1));
    out.push(...list);
  }
  return out;
}
