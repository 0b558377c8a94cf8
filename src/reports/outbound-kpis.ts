/**
 * Outbound KPIs (docs/domain.md §Outbound flow, §Rules that bind an outbound dialer) as pure math over attempt rows. Definitions:
 * - dials: attempts dialed in the period; connects: answered by a live person (not a machine or fax);
 * - contact rate = connects / dials; success rate = successes / connects (the agent's or the flow's result);
 * - wrong-party rate = wrong party / connects; dead-number rate = unallocated, changed, invalid or fax / dials;
 * - abandon rate = abandoned (no agent within 2 s) / connects; per compliance window: Ofcom's 24 h and the FCC's 30
 *   days, per campaign, ending at the period's end, against the 3% limit;
 * - attempts per lead = dials / distinct leads dialed;
 * - callbacks due in the period: on time (dialed within the campaign's grace + 15 min), late, missed, still pending;
 * - completion: leads with a final state / all leads of the campaign (as of now).
 */
import type { LeadState } from '../dialer/lead-state.js';
import { finalLeadStates } from '../dialer/lead-state.js';
import { ratio } from './ratio.js';

/** Attempts alike in what the math reads, and how many there are (one row per attempt works too: n = 1). */
export interface AttemptFacts {
  campaignId: number;
  outcome: string | null;
  disposition: string | null;
  answered: boolean;
  n: number;
}

/** Live answers and abandons by campaign for the compliance windows; last24h: dialed in the last day of the window. */
export interface WindowFacts {
  campaignId: number;
  outcome: string | null;
  answered: boolean;
  last24h: boolean;
  n: number;
}

export interface CallbackFacts {
  campaignId: number;
  callbackAt: number;
  /** The first callback dial at or after the agreed time, or null. */
  dialedAt: number | null;
  state: LeadState;
}

export interface OutboundCounts {
  dials: number;
  connects: number;
  contactRate: number | null;
  successes: number;
  successRate: number | null;
  wrongParty: number;
  wrongPartyRate: number | null;
  deadNumbers: number;
  deadNumberRate: number | null;
  abandoned: number;
  abandonRate: number | null;
  machines: number;
  leadsDialed: number;
  attemptsPerLead: number | null;
}

export interface ComplianceWindow {
  campaignId: number;
  window: '24h' | '30d';
  liveAnswers: number;
  abandoned: number;
  rate: number | null;
  /** Over the 3% limit of both Ofcom (24 h) and the FCC (30 days). */
  over: boolean;
}

export interface CallbackPunctuality {
  due: number;
  onTime: number;
  late: number;
  missed: number;
  pending: number;
  onTimeRate: number | null;
}

export interface CampaignCompletion {
  campaignId: number;
  name: string;
  leads: number;
  final: number;
  successes: number;
  completion: number | null;
}

export interface OutboundKpis extends OutboundCounts {
  campaigns: Array<OutboundCounts & { campaignId: number }>;
  compliance: ComplianceWindow[];
  callbacks: CallbackPunctuality;
  completion: CampaignCompletion[];
}

const deadOutcomes = new Set(['unallocated', 'invalid-format', 'number-changed', 'fax', 'vacant', 'suspended']);
// An answered carrier announcement (issue 11) reached no person.
const notLive = new Set(['machine', 'fax', 'announcement', 'vacant', 'suspended', 'powered-off', 'unreachable', 'restricted']);
export const abandonLimit = 0.03;

class Counter {
  dials = 0;
  connects = 0;
  successes = 0;
  wrongParty = 0;
  dead = 0;
  abandoned = 0;
  machines = 0;

  add(a: AttemptFacts): void {
    const n = a.n;
    this.dials += n;
    const result = a.disposition ?? a.outcome;
    if (a.outcome !== null && deadOutcomes.has(a.outcome)) this.dead += n;
    if (a.outcome === 'machine') this.machines += n;
    if (a.answered && a.outcome !== null && !notLive.has(a.outcome)) this.connects += n;
    if (a.outcome === 'abandoned') this.abandoned += n;
    if (result === 'success') this.successes += n;
    if (result === 'wrong-party') this.wrongParty += n;
  }

  counts(leadsDialed: number): OutboundCounts {
    return {
      dials: this.dials,
      connects: this.connects,
      contactRate: ratio(this.connects, this.dials),
      successes: this.successes,
      successRate: ratio(this.successes, this.connects),
      wrongParty: this.wrongParty,
      wrongPartyRate: ratio(this.wrongParty, this.connects),
      deadNumbers: this.dead,
      deadNumberRate: ratio(this.dead, this.dials),
      abandoned: this.abandoned,
      abandonRate: ratio(this.abandoned, this.connects),
      machines: this.machines,
      leadsDialed,
      attemptsPerLead: leadsDialed ? Math.round((this.dials / leadsDialed) * 100) / 100 : null,
    };
  }
}

/**
 * Dial counts and rates of the attempts, overall and per campaign. `leadsDialed` is the number of distinct leads each
 * campaign dialed (a lead belongs to one campaign, so the total is their sum).
 */
export function attemptKpis(
  attempts: Iterable<AttemptFacts>,
  leadsDialed: ReadonlyMap<number, number>,
): { total: OutboundCounts; campaigns: Array<OutboundCounts & { campaignId: number }> } {
  const total = new Counter();
  const per = new Map<number, Counter>();
  for (const a of attempts) {
    total.add(a);
    let c = per.get(a.campaignId);
    if (!c) per.set(a.campaignId, (c = new Counter()));
    c.add(a);
  }
  const leadsOf = (id: number) => leadsDialed.get(id) ?? 0;
  return {
    total: total.counts([...per.keys()].reduce((sum, id) => sum + leadsOf(id), 0)),
    campaigns: [...per.entries()].sort(([a], [b]) => a - b).map(([campaignId, c]) => ({ campaignId, ...c.counts(leadsOf(campaignId)) })),
  };
}

/** Abandon rates per campaign over the 24 h and the 30 days that end at the period's end. */
export function complianceWindows(rows: Iterable<WindowFacts>): ComplianceWindow[] {
  const acc = new Map<number, { d: [number, number]; m: [number, number] }>();
  for (const a of rows) {
    if (!a.answered || a.outcome === null || notLive.has(a.outcome)) continue;
    let c = acc.get(a.campaignId);
    if (!c) acc.set(a.campaignId, (c = { d: [0, 0], m: [0, 0] }));
    const abandoned = a.outcome === 'abandoned' ? a.n : 0;
    c.m[0] += a.n;
    c.m[1] += abandoned;
    if (a.last24h) {
      c.d[0] += a.n;
      c.d[1] += abandoned;
    }
  }
  return [...acc.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([campaignId, c]) =>
      (
        [
          ['24h', c.d],
          ['30d', c.m],
        ] as const
      ).map(([window, [live, ab]]) => {
        const rate = ratio(ab, live);
        return { campaignId, window, liveAnswers: live, abandoned: ab, rate, over: rate !== null && rate > abandonLimit };
      }),
    );
}

/** Callbacks due in the period and whether they were dialed on time; `toleranceMs` per campaign. */
export function callbackPunctuality(rows: Iterable<CallbackFacts>, toleranceMs: (campaignId: number) => number, now: number): CallbackPunctuality {
  let due = 0;
  let onTime = 0;
  let late = 0;
  let missed = 0;
  let pending = 0;
  for (const r of rows) {
    due++;
    const limit = r.callbackAt + toleranceMs(r.campaignId);
    if (r.dialedAt !== null) {
      if (r.dialedAt <= limit) onTime++;
      else late++;
    } else if (now > limit) missed++;
    else pending++;
  }
  return { due, onTime, late, missed, pending, onTimeRate: ratio(onTime, onTime + late + missed) };
}

/** Completion of each campaign from its lead counts by state. */
export function campaignCompletion(campaigns: ReadonlyArray<{ campaignId: number; name: string; byState: Partial<Record<LeadState, number>> }>): CampaignCompletion[] {
  return campaigns.map((c) => {
    let leads = 0;
    let final = 0;
    for (const [state, n] of Object.entries(c.byState) as Array<[LeadState, number]>) {
      leads += n;
      if (finalLeadStates.has(state)) final += n;
    }
    return { campaignId: c.campaignId, name: c.name, leads, final, successes: c.byState['done-success'] ?? 0, completion: ratio(final, leads) };
  });
}
