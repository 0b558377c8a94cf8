/**
 * The thin query layer under the report math: rows by time range. Calls come one by one (an iterator the math folds,
 * so they never sit in memory at once); attempts come grouped by the columns the math reads, with a count, because a
 * month can hold millions of them and SQLite counts faster than it hands out rows. No rate or mean is computed here.
 */
import type { LeadState } from '../dialer/lead-state.js';
import type { AgentRing, InboundCallFacts } from '../reports/inbound-kpis.js';
import type { AttemptFacts, CallbackFacts, WindowFacts } from '../reports/outbound-kpis.js';
import { AgentStatesRepo, type AgentStateChange } from './agent-states-repo.js';
import type { IvrStep } from './calls-repo.js';
import type { Db } from './db.js';
import { LeadsRepo } from './leads-repo.js';

/** What a report reads; the math in src/reports never sees SQL. */
export class ReportQueries {
  private readonly leads: LeadsRepo;
  private readonly agentStates: AgentStatesRepo;

  constructor(private readonly db: Db) {
    this.leads = new LeadsRepo(db);
    this.agentStates = new AgentStatesRepo(db);
  }

  /** Inbound call rows started in [from, to). */
  *inboundCalls(from: number, to: number): Generator<InboundCallFacts> {
    const rows = this.db
      .prepare(
        `SELECT started_at AS startedAt, ended_in AS endedIn, queue_group AS queueGroup, queue_wait_ms AS queueWaitMs, agent_id AS agentId,
                talk_ms AS talkMs, hold_ms AS holdMs, acw_ms AS acwMs, non_regular AS nonRegular, ivr_path AS ivrPath
         FROM calls WHERE direction = 'inbound' AND started_at >= ? AND started_at < ?`,
      )
      .iterate(from, to) as IterableIterator<Omit<InboundCallFacts, 'ivrPath'> & { ivrPath: string }>;
    for (const r of rows) yield { ...r, ivrPath: r.ivrPath === '[]' ? [] : (JSON.parse(r.ivrPath) as IvrStep[]) };
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
    return (
      this.db
        .prepare(
          `SELECT campaign_id AS campaignId, outcome, disposition, answered_at IS NOT NULL AS answered, COUNT(*) AS n
           FROM attempts WHERE dialed_at >= ? AND dialed_at < ? GROUP BY 1, 2, 3, 4`,
        )
        .all(from, to) as Array<Omit<AttemptFacts, 'answered'> & { answered: number }>
    ).map((r) => ({ ...r, answered: r.answered === 1 }));
  }

  /** Distinct leads each campaign dialed in [from, to). */
  leadsDialed(from: number, to: number): Map<number, number> {
    const rows = this.db
      .prepare('SELECT campaign_id AS campaignId, COUNT(DISTINCT lead_id) AS n FROM attempts WHERE dialed_at >= ? AND dialed_at < ? GROUP BY campaign_id')
      .all(from, to) as Array<{ campaignId: number; n: number }>;
    return new Map(rows.map((r) => [r.campaignId, r.n]));
  }

  /** Answered attempts of the 30 days before `end`, by campaign and outcome, split at 24 h before it. */
  complianceRows(end: number): WindowFacts[] {
    return (
      this.db
        .prepare(
          `SELECT campaign_id AS campaignId, outcome, 1 AS answered, dialed_at >= @day AS last24h, COUNT(*) AS n
           FROM attempts WHERE dialed_at >= @month AND dialed_at < @end AND answered_at IS NOT NULL GROUP BY 1, 2, 4`,
        )
        .all({ end, day: end - 24 * 3_600_000, month: end - 30 * 24 * 3_600_000 }) as Array<Omit<WindowFacts, 'answered' | 'last24h'> & { answered: number; last24h: number }>
    ).map((r) => ({ ...r, answered: true, last24h: r.last24h === 1 }));
  }

  /** Outbound calls each agent talked on, dialed in [from, to). */
  outboundHandled(from: number, to: number): Map<string, number> {
    const rows = this.db
      .prepare(
        'SELECT agent_id AS agentId, COUNT(*) AS n FROM attempts WHERE agent_id IS NOT NULL AND dialed_at >= ? AND dialed_at < ? AND connected_at IS NOT NULL GROUP BY agent_id',
      )
      .all(from, to) as Array<{ agentId: string; n: number }>;
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
