/**
 * The thin query layer under the report math: rows by time range. Calls come one by one (an iterator the math folds,
 * so they never sit in memory at once); attempts come grouped by the columns the math reads, with a count, because a
 * month can hold millions of them. The attempt counts of whole clock hours come from the roll-ups (report-rollups.ts)
 * and only the minutes at either end of a range from the attempts themselves. No rate or mean is computed here.
 */
import type { LeadState } from '../dialer/lead-state.js';
import type { AgentRing, InboundCallFacts, InboundHourFacts } from '../reports/inbound-kpis.js';
import type { AttemptFacts, CallbackFacts, WindowFacts } from '../reports/outbound-kpis.js';
import type { QualityFacts } from '../qa/quality-ranking.js';
import { AgentStatesRepo, type AgentStateChange } from './agent-states-repo.js';
import { callSumColumns } from './call-rollups.js';
import type { IvrStep } from './calls-repo.js';
import type { Db } from './db.js';
import { DeskReportQueries } from './desk-report-queries.js';
import { LeadsRepo } from './leads-repo.js';
import { QaRepo } from './qa-repo.js';
import { WrapUpsRepo } from './wrap-ups-repo.js';
import { hourMs } from './report-rollups.js';

/** A range split into whole clock hours [h0, h1) (read from the roll-ups) and the raw ends [from, a) and [b, to). */
function split(from: number, to: number): { from: number; to: number; h0: number; h1: number; a: number; b: number } {
  const h0 = Math.ceil(from / hourMs);
  const h1 = Math.floor(to / hourMs);
  if (h0 >= h1) return { from, to, h0: 0, h1: 0, a: to, b: to };
  return { from, to, h0, h1, a: h0 * hourMs, b: h1 * hourMs };
}

const rawEnds = '((dialed_at >= @from AND dialed_at < @a) OR (dialed_at >= @b AND dialed_at < @to))';

export interface ReportQueriesOptions {
  /** Read attempt counts from the roll-ups (default); false reads every attempt, as the roll-ups' test does. */
  rollups?: boolean;
}

/** What a report reads; the math in src/reports never sees SQL. */
export class ReportQueries {
  private readonly leads: LeadsRepo;
  private readonly agentStates: AgentStatesRepo;
  private readonly wrapUps: WrapUpsRepo;
  private readonly qa: QaRepo;
  /** Issue 15 item 6: the service desk's report. */
  readonly desk: DeskReportQueries;

  private readonly rollups: boolean;

  constructor(
    private readonly db: Db,
    opts: ReportQueriesOptions = {},
  ) {
    this.rollups = opts.rollups ?? true;
    this.leads = new LeadsRepo(db);
    this.agentStates = new AgentStatesRepo(db);
    this.wrapUps = new WrapUpsRepo(db);
    this.qa = new QaRepo(db);
    this.desk = new DeskReportQueries(db);
  }

  /** Issue 16: the QA forms, the scores of the calls started in [from, to) with their wrap-ups, wrap-ups per agent. */
  qualityFacts(from: number, to: number): QualityFacts {
    return { forms: this.qa.forms(), scores: this.qa.scoresWithWrapUps(from, to), registrations: this.qa.wrapUpCounts(from, to) };
  }

  /** The agents' wrap-ups of the calls started in [from, to), by category. */
  wrapUpCategories(from: number, to: number): Array<{ category: string; calls: number; resolved: number }> {
    return this.wrapUps.countByCategory(from, to);
  }

  /** Inbound call rows started in [from, to). */
  *inboundCalls(from: number, to: number): Generator<InboundCallFacts> {
    yield* this.callRows(`direction = 'inbound' AND started_at >= ? AND started_at < ?`, from, to);
  }

  /**
   * The inbound calls started in [from, to) in two parts that together count each call once: the whole clock hours'
   * ended calls from the roll-ups (call-rollups.ts), and as rows the calls of the minutes at either end and the calls
   * of the whole hours still open. Without roll-ups (`rollups: false`) every call is a row.
   */
  inboundParts(from: number, to: number): { hours: InboundHourFacts; calls: Iterable<InboundCallFacts> } {
    if (!this.rollups) return { hours: { sums: [], agents: [], ivrNodes: [], choices: [] }, calls: this.inboundCalls(from, to) };
    const r = split(from, to);
    const h = { h0: r.h0, h1: r.h1 };
    const sums = callSumColumns.map((c) => `SUM(${c}) AS ${c.replace(/_(.)/g, (_, x: string) => x.toUpperCase())}`).join(', ');
    const hours: InboundHourFacts = {
      sums: this.db
        .prepare(`SELECT non_regular AS nonRegular, ${sums} FROM inbound_call_hours WHERE hour >= @h0 AND hour < @h1 GROUP BY 1 HAVING SUM(calls) > 0`)
        .all(h) as InboundHourFacts['sums'],
      agents: this.db
        .prepare(
          `SELECT agent_id AS agentId, SUM(handled) AS handled, SUM(handle_ms) AS handleMs, SUM(timed) AS timed FROM inbound_call_agent_hours
           WHERE hour >= @h0 AND hour < @h1 GROUP BY 1 HAVING SUM(handled) > 0`,
        )
        .all(h) as InboundHourFacts['agents'],
      ivrNodes: this.db
        .prepare(`SELECT node, SUM(calls) AS calls, SUM(drop_off) AS dropOff FROM inbound_call_ivr_hours WHERE hour >= @h0 AND hour < @h1 GROUP BY 1 HAVING SUM(calls) > 0`)
        .all(h) as InboundHourFacts['ivrNodes'],
      choices: this.db
        .prepare(`SELECT node, key, SUM(calls) AS calls FROM inbound_call_choice_hours WHERE hour >= @h0 AND hour < @h1 GROUP BY 1, 2 HAVING SUM(calls) > 0`)
        .all(h) as InboundHourFacts['choices'],
    };
    const self = this;
    function* calls(): Generator<InboundCallFacts> {
      yield* self.callRows(`direction = 'inbound' AND started_at >= ? AND started_at < ?`, r.from, r.a);
      yield* self.callRows(`direction = 'inbound' AND started_at >= ? AND started_at < ?`, r.b, r.to);
      // Open calls by their own small index, not by a scan of the hours' calls.
      yield* self.callRows(`direction = 'inbound' AND ended_at IS NULL AND started_at >= ? AND started_at < ?`, r.a, r.b, 'INDEXED BY calls_open');
    }
    return { hours, calls: calls() };
  }

  private *callRows(where: string, from: number, to: number, index = ''): Generator<InboundCallFacts> {
    if (from >= to) return;
    const rows = this.db
      .prepare(
        `SELECT started_at AS startedAt, ended_in AS endedIn, queue_group AS queueGroup, queue_wait_ms AS queueWaitMs, agent_id AS agentId,
                talk_ms AS talkMs, hold_ms AS holdMs, acw_ms AS acwMs, non_regular AS nonRegular, ivr_path AS ivrPath, reconciled
         FROM calls ${index} WHERE ${where}`,
      )
      .iterate(from, to) as IterableIterator<Omit<InboundCallFacts, 'ivrPath'> & { ivrPath: string | IvrStep[] }>;
    // The row object is fresh from SQLite and handed on as it is, its path parsed in place (no copy per call).
    for (const r of rows) {
      r.ivrPath = r.ivrPath === '[]' ? [] : (JSON.parse(r.ivrPath as string) as IvrStep[]);
      yield r as InboundCallFacts;
    }
  }

  /** Rings of agents' phones (their own legs) started in [from, to); agent legs are named after the agent id. */
  agentRings(from: number, to: number, agentIds: readonly string[]): AgentRing[] {
    if (!agentIds.length) return [];
    return (
      this.db
        .prepare(
          `SELECT called_number AS agentId, answered_at IS NOT NULL AS answered FROM calls
           WHERE direction = 'outbound' AND channel_id LIKE 'leg-%' AND campaign_id IS NULL AND started_at >= ? AND started_at < ?
             AND called_number IN (${agentIds.map(() => '?').join(', ')})`,
        )
        .all(from, to, ...agentIds) as Array<{ agentId: string; answered: number }>
    ).map((r) => ({ agentId: r.agentId, answered: r.answered === 1 }));
  }

  /** Attempts dialed in [from, to), grouped by what the math reads (SQLite counts; the math stays in outbound-kpis.ts). */
  attemptGroups(from: number, to: number): AttemptFacts[] {
    const rows = this.rollups
      ? this.db
          .prepare(
            `SELECT campaign_id AS campaignId, NULLIF(outcome, '') AS outcome, NULLIF(disposition, '') AS disposition, answered, SUM(n) AS n FROM (
               SELECT campaign_id, outcome, disposition, answered, n FROM attempt_hours WHERE hour >= @h0 AND hour < @h1
               UNION ALL
               SELECT campaign_id, IFNULL(outcome, ''), IFNULL(disposition, ''), answered_at IS NOT NULL, 1 FROM attempts WHERE ${rawEnds}
             ) GROUP BY 1, 2, 3, 4 HAVING SUM(n) > 0`,
          )
          .all(split(from, to))
      : this.db
          .prepare(
            `SELECT campaign_id AS campaignId, outcome, disposition, answered_at IS NOT NULL AS answered, COUNT(*) AS n
             FROM attempts WHERE dialed_at >= ? AND dialed_at < ? GROUP BY 1, 2, 3, 4`,
          )
          .all(from, to);
    return (rows as Array<Omit<AttemptFacts, 'answered'> & { answered: number }>).map((r) => ({ ...r, answered: r.answered === 1 }));
  }

  /** Distinct leads each campaign dialed in [from, to). */
  leadsDialed(from: number, to: number): Map<number, number> {
    // The roll-up answers for hour-aligned ranges (every report period in a whole-hour time zone); others count raw.
    const aligned = this.rollups && from % hourMs === 0 && to % hourMs === 0;
    const rows = (
      aligned
        ? this.db
            .prepare(
              `SELECT campaign_id AS campaignId, SUM(n) AS n FROM attempt_lead_hours
               WHERE hour >= @h0 AND hour < @h1 AND prev_hour < @h0 GROUP BY campaign_id HAVING SUM(n) > 0`,
            )
            .all({ h0: from / hourMs, h1: to / hourMs })
        : this.db
            .prepare('SELECT campaign_id AS campaignId, COUNT(DISTINCT lead_id) AS n FROM attempts WHERE dialed_at >= ? AND dialed_at < ? GROUP BY campaign_id')
            .all(from, to)
    ) as Array<{ campaignId: number; n: number }>;
    return new Map(rows.map((r) => [r.campaignId, r.n]));
  }

  /** Answered attempts of the 30 days before `end`, by campaign and outcome, split at 24 h before it. */
  complianceRows(end: number): WindowFacts[] {
    const day = end - 24 * 3_600_000;
    const month = end - 30 * 24 * 3_600_000;
    const out = new Map<string, WindowFacts>();
    for (const [from, to, last24h] of [
      [month, day, false],
      [day, end, true],
    ] as const) {
      for (const g of this.attemptGroups(from, to)) {
        if (!g.answered) continue;
        const key = `${g.campaignId}\u0000${g.outcome ?? ''}\u0000${last24h}`;
        const w = out.get(key);
        if (w) w.n += g.n;
        else out.set(key, { campaignId: g.campaignId, outcome: g.outcome, answered: true, last24h, n: g.n });
      }
    }
    return [...out.values()];
  }

  /** Outbound calls each agent talked on, dialed in [from, to). */
  outboundHandled(from: number, to: number): Map<string, number> {
    const rows = (
      this.rollups
        ? this.db
            .prepare(
              `SELECT agent_id AS agentId, SUM(n) AS n FROM (
                 SELECT agent_id, n FROM attempt_agent_hours WHERE hour >= @h0 AND hour < @h1
                 UNION ALL
                 SELECT agent_id, 1 FROM attempts WHERE agent_id IS NOT NULL AND connected_at IS NOT NULL AND ${rawEnds}
               ) GROUP BY 1 HAVING SUM(n) > 0`,
            )
            .all(split(from, to))
        : this.db
            .prepare(
              'SELECT agent_id AS agentId, COUNT(*) AS n FROM attempts WHERE agent_id IS NOT NULL AND dialed_at >= ? AND dialed_at < ? AND connected_at IS NOT NULL GROUP BY agent_id',
            )
            .all(from, to)
    ) as Array<{ agentId: string; n: number }>;
    return new Map(rows.map((r) => [r.agentId, r.n]));
  }

  /** Callbacks agreed for [from, to), with the first callback dial at or after the agreed time. */
  callbacksDue(from: number, to: number): CallbackFacts[] {
    return this.db
      .prepare(
        `SELECT l.campaign_id AS campaignId, l.callback_at AS callbackAt, l.state,
                (SELECT MIN(a.dialed_at) FROM attempts a WHERE a.lead_id = l.id AND a.reason = 'callback' AND a.dialed_at >= l.callback_at) AS dialedAt
         FROM leads l WHERE l.callback_at >= ? AND l.callback_at < ?`,
      )
      .all(from, to) as CallbackFacts[];
  }

  /** Lead counts by state for every campaign, with its name and (stored) settings. */
  campaignLeadStates(): Array<{ campaignId: number; name: string; settings: string; byState: Partial<Record<LeadState, number>> }> {
    const campaigns = this.db.prepare('SELECT id, name, settings FROM campaigns ORDER BY id').all() as Array<{ id: number; name: string; settings: string }>;
    const by = this.leads.countsByCampaign();
    return campaigns.map((c) => ({ campaignId: c.id, name: c.name, settings: c.settings, byState: by.get(c.id) ?? {} }));
  }

  /** Agent state changes for agent-hours: each agent's last before `from`, and every one in [from, to). */
  agentStatesBetween(from: number, to: number): AgentStateChange[] {
    return this.agentStates.between(from, to);
  }
}
