/**
 * Inbound KPIs (docs/domain.md §KPIs and reports) as pure math over call rows. Definitions:
 * - calls: every inbound call (总呼入量), including those that ended in the IVR or after hours; offered: those that
 *   asked for a person (entered an agent queue);
 * - answered: taken by an agent; 接起率 = answered within 10 s of queueing / all inbound calls, exactly as docs/domain.md
 *   defines it; the same count over the offered calls is kept beside it (answerRate10sOfOffered);
 * - abandoned: the caller hung up while queued; abandon rate = abandoned / offered;
 * - average wait: queue wait of the offered calls that left the queue answered or abandoned; ASA: of the answered;
 * - AHT = talk + hold + after-call work, averaged over answered calls with recorded times;
 * - per agent: rings offered to the agent, answered, missed (个人呼叫放弃率 = missed / rung), calls handled
 *   (inbound and outbound), staffed hours and calls per agent-hour;
 * - IVR: calls through each node, and drop-off (the caller hung up while that node was the last one);
 * - hot issues (热点问题): menu choices, by node and key.
 */
import { agentTally, emptyTally, tallyCall, tallyHours, type InboundCallFacts, type InboundHourFacts } from './inbound-tally.js';
import { meanS, ratio } from './ratio.js';

export type { InboundCallFacts, InboundHourFacts } from './inbound-tally.js';

/** One ring of an agent's phone (the agent's own leg). */
export interface AgentRing {
  agentId: string;
  answered: boolean;
}

export interface AgentKpis {
  agentId: string;
  rung: number;
  answered: number;
  missed: number;
  abandonRate: number | null;
  handledInbound: number;
  handledOutbound: number;
  staffedHours: number;
  callsPerHour: number | null;
  ahtS: number | null;
}

export interface InboundKpis {
  calls: number;
  offered: number;
  answered: number;
  answeredWithin10s: number;
  /** 接起率: answered within 10 s / all inbound calls (总呼入量). */
  answerRate10s: number | null;
  /** Answered within 10 s / calls offered to agents (the queue's own service level). */
  answerRate10sOfOffered: number | null;
  abandoned: number;
  abandonRate: number | null;
  avgWaitS: number | null;
  avgAnswerWaitS: number | null;
  ahtS: number | null;
  avgTalkS: number | null;
  avgHoldS: number | null;
  avgAcwS: number | null;
  nonRegular: Record<string, number>;
  /** Calls cut by a media-server (Asterisk) loss: counted as calls, never as served, offered or abandoned. */
  cutByMediaServer: number;
  /** Callers Asterisk took while hotline was away (they heard the fallback): counted as calls, never as served. */
  whileAway: number;
  callsPerAgentHour: number | null;
  agents: AgentKpis[];
  ivrNodes: Array<{ node: string; calls: number; dropOff: number; dropOffRate: number | null }>;
  hotIssues: Array<{ node: string; key: string; calls: number; share: number | null }>;
  /** The agents' wrap-ups of the period's calls by category (desk.categories keys), resolved on the call among them. */
  categories?: Array<{ category: string; calls: number; resolved: number }>;
}

export interface InboundInputs {
  calls: Iterable<InboundCallFacts>;
  /** Whole hours of calls from the roll-ups, counted with `calls` (which then holds only the calls outside them). */
  hours?: InboundHourFacts;
  rings: Iterable<AgentRing>;
  /** Staffed milliseconds per agent in the period. */
  staffedMs: ReadonlyMap<string, number>;
  /** Outbound calls each agent talked on in the period. */
  outboundHandled: ReadonlyMap<string, number>;
}

/** The inbound KPIs of one period. */
export function inboundKpis(input: InboundInputs): InboundKpis {
  const t = emptyTally();
  if (input.hours) tallyHours(t, input.hours);
  for (const c of input.calls) tallyCall(t, c);
  for (const r of input.rings) {
    const a = agentTally(t, r.agentId);
    a.rung++;
    if (r.answered) a.answered++;
  }
  for (const id of [...input.staffedMs.keys(), ...input.outboundHandled.keys()]) agentTally(t, id);
  const agents = t.agents;

  let handledAll = 0;
  let staffedAll = 0;
  const agentRows: AgentKpis[] = [...agents.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([agentId, a]) => {
      const out = input.outboundHandled.get(agentId) ?? 0;
      const staffed = input.staffedMs.get(agentId) ?? 0;
      handledAll += a.handled + out;
      staffedAll += staffed;
      const hours = staffed / 3_600_000;
      return {
        agentId,
        rung: a.rung,
        answered: a.answered,
        missed: a.rung - a.answered,
        abandonRate: ratio(a.rung - a.answered, a.rung),
        handledInbound: a.handled,
        handledOutbound: out,
        staffedHours: Math.round(hours * 100) / 100,
        callsPerHour: staffed > 0 ? Math.round(((a.handled + out) / hours) * 100) / 100 : null,
        ahtS: meanS(a.handleMs, a.timed),
      };
    });

  const { calls, offered, answered, fast, abandoned, talkSum, holdSum, acwSum, timed } = t;
  return {
    calls,
    offered,
    answered,
    answeredWithin10s: fast,
    answerRate10s: ratio(fast, calls),
    answerRate10sOfOffered: ratio(fast, offered),
    abandoned,
    abandonRate: ratio(abandoned, offered),
    avgWaitS: meanS(t.waitSum, t.waitN),
    avgAnswerWaitS: meanS(t.answerWaitSum, t.answerWaitN),
    ahtS: meanS(talkSum + holdSum + acwSum, timed),
    avgTalkS: meanS(talkSum, timed),
    avgHoldS: meanS(holdSum, timed),
    avgAcwS: meanS(acwSum, timed),
    // Sorted, so the same calls give the same object whichever order they were counted in.
    nonRegular: Object.fromEntries([...t.nonRegular.entries()].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))),
    cutByMediaServer: t.cut,
    whileAway: t.away,
    callsPerAgentHour: staffedAll > 0 ? Math.round((handledAll / (staffedAll / 3_600_000)) * 100) / 100 : null,
    agents: agentRows,
    ivrNodes: [...t.nodes.entries()]
      .filter(([, n]) => n.calls > 0)
      .map(([node, n]) => ({ node, calls: n.calls, dropOff: n.dropOff, dropOffRate: ratio(n.dropOff, n.calls) }))
      .sort((a, b) => b.calls - a.calls || a.node.localeCompare(b.node)),
    hotIssues: [...t.choices.entries()]
      .flatMap(([node, byKey]) => {
        const total = [...byKey.values()].reduce((s, n) => s + n, 0);
        return [...byKey.entries()].filter(([, n]) => n > 0).map(([key, n]) => ({ node, key, calls: n, share: ratio(n, total) }));
      })
      .sort((a, b) => b.calls - a.calls || a.node.localeCompare(b.node) || a.key.localeCompare(b.key)),
  };
}
