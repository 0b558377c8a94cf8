/**
 * The quality scorecards and their ranking per team from a period's facts (issue 16 item 2): the same on
 * /qa/scorecards and in the weekly and monthly reports (which run it in the report worker). Pure.
 */
import { rankByTeam, scorecard, type KpiSettings, type Ranked, type ScoredCall } from './kpis.js';
import type { QaItem } from './score-form.js';

/** What the store gives for a period: the forms, the scores of calls that started in it, wrap-ups per agent. */
export interface QualityFacts {
  forms: ReadonlyArray<{ id: number; items: readonly QaItem[] }>;
  /** Oldest first. */
  scores: ReadonlyArray<{ channelId: string; formId: number; agentId: string | null; answers: Readonly<Record<string, number>>; total: number; wrapCategory: string | null; wrapResult: string | null }>;
  registrations: ReadonlyArray<{ agentId: string; registrations: number }>;
}

export interface QualityReport {
  settings: KpiSettings;
  /** Per team (sorted), best first. */
  ranking: Ranked[];
}

/** The ranked scorecards of every agent with a wrap-up or a score; `teamOf` names an agent's team ('-' if none). */
export function qualityRanking(facts: QualityFacts, settings: KpiSettings, teamOf: (agentId: string) => string | undefined): QualityReport {
  const forms = new Map(facts.forms.map((f) => [f.id, f]));
  // A call scored twice (calibration) counts once, by its latest score: the one after the scorers met.
  const latest = new Map(facts.scores.filter((s) => s.agentId !== null).map((s) => [s.channelId, s]));
  const scored: ScoredCall[] = [...latest.values()].map((s) => {
    const item = forms.get(s.formId)?.items.find((i) => i.key === settings.recordItem);
    return {
      agentId: s.agentId!,
      total: s.total,
      recordError: item ? (s.answers[item.key] ?? 0) < Math.max(item.weight, item.fatal ? 1 : 0) : null,
      wrapUp: s.wrapCategory && s.wrapResult ? { category: s.wrapCategory, result: s.wrapResult } : null,
    };
  });
  const registrations = new Map(facts.registrations.map((w) => [w.agentId, w.registrations]));
  const agents = [...new Set([...registrations.keys(), ...scored.map((c) => c.agentId)])].sort();
  return { settings, ranking: rankByTeam(agents.map((a) => scorecard(a, teamOf(a) ?? '-', registrations.get(a) ?? 0, scored, settings))) };
}

/** An agent's team: their skill group of highest level (the ACD's groups are the floor's teams); ties by name. */
export function teamOfSkills(skills: Readonly<Record<string, number>>): string | undefined {
  return Object.entries(skills).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0];
}
