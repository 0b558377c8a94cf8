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
import type { CallRow, IvrStep } from '../store/calls-repo.js';
import { meanS, ratio } from './ratio.js';

/** What the KPIs read of a call record. */
export interface InboundCallFacts
  extends Pick<CallRow, 'startedAt' | 'endedIn' | 'queueGroup' | 'queueWaitMs' | 'agentId' | 'talkMs' | 'holdMs' | 'acwMs' | 'nonRegular'> {
  ivrPath: readonly IvrStep[];
  /** How reconciliation closed the record: `media-server-lost` (cut by an Asterisk loss), `while-away`… */
  reconciled?: string | null;
}

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
  rings: Iterable<AgentRing>;
  /** Staffed milliseconds per agent in the period. */
  staffedMs: ReadonlyMap<string, number>;
  /** Outbound calls each agent talked on in the period. */
  outboundHandled: ReadonlyMap<string, number>;
}

const within10sMs = 10_000;

interface AgentAcc {
  rung: number;
  answered: number;
  handled: number;
  handleMs: number;
  timed: number;
}

/** The inbound KPIs of one period. */
export function inboundKpis(input: InboundInputs): InboundKpis {
  let calls = 0;
  let offered = 0;
  let answered = 0;
  let fast = 0;
  let abandoned = 0;
  let waitSum = 0;
  let waitN = 0;
  let answerWaitSum = 0;
  let answerWaitN = 0;
  let timed = 0;
  let talk = 0;
  let hold = 0;
  let acw = 0;
  const nonRegular: Record<string, number> = {};
  const agents = new Map<string, AgentAcc>();
  const agent = (id: string) => {
    let a = agents.get(id);
    if (!a) agents.set(id, (a = { rung: 0, answered: 0, handled: 0, handleMs: 0, timed: 0 }));
    return a;
  };
  const nodes = new Map<string, { calls: number; dropOff: number }>();
  const choices = new Map<string, Map<string, number>>();

  let cut = 0;
  let away = 0;
  for (const c of input.calls) {
    calls++;
    if (c.reconciled === 'media-server-lost') {
      cut++;
      continue;
    }
    if (c.reconciled === 'while-away') away++;
    if (c.nonRegular) nonRegular[c.nonRegular] = (nonRegular[c.nonRegular] ?? 0) + 1;
    const wasAnswered = c.endedIn === 'agent' || c.agentId !== null;
    const wasAbandoned = !wasAnswered && c.endedIn === 'queue-abandon';
    if (c.queueGroup !== null || wasAnswered || wasAbandoned) {
      offered++;
      if (wasAnswered) {
        answered++;
        if (c.queueWaitMs !== null && c.queueWaitMs <= within10sMs) fast++;
        if (c.queueWaitMs !== null) {
          answerWaitSum += c.queueWaitMs;
          answerWaitN++;
        }
      }
      if (wasAbandoned) abandoned++;
      if ((wasAnswered || wasAbandoned) && c.queueWaitMs !== null) {
        waitSum += c.queueWaitMs;
        waitN++;
      }
    }
    if (wasAnswered && c.agentId !== null) {
      const a = agent(c.agentId);
      a.handled++;
      if (c.talkMs !== null) {
        const ms = c.talkMs + (c.holdMs ?? 0) + (c.acwMs ?? 0);
        a.handleMs += ms;
        a.timed++;
      }
    }
    if (wasAnswered && c.talkMs !== null) {
      timed++;
      talk += c.talkMs;
      hold += c.holdMs ?? 0;
      acw += c.acwMs ?? 0;
    }
    // IVR: each node once per call, however often the caller came back to it.
    const seen = new Set<string>();
    for (const step of c.ivrPath) {
      if (!seen.has(step.node)) {
        seen.add(step.node);
        const n = nodes.get(step.node) ?? { calls: 0, dropOff: 0 };
        n.calls++;
        nodes.set(step.node, n);
      }
      if (step.note === 'chosen' && step.key !== undefined) {
        const byKey = choices.get(step.node) ?? new Map<string, number>();
        byKey.set(step.key, (byKey.get(step.key) ?? 0) + 1);
        choices.set(step.node, byKey);
      }
    }
    const last = c.ivrPath[c.ivrPath.length - 1];
    if (last && c.endedIn === 'caller-hangup') nodes.get(last.node)!.dropOff++;
  }
  for (const r of input.rings) {
    const a = agent(r.agentId);
    a.rung++;
    if (r.answered) a.answered++;
  }
  for (const id of [...input.staffedMs.keys(), ...input.outboundHandled.keys()]) agent(id);

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

  return {
    calls,
    offered,
    answered,
    answeredWithin10s: fast,
    answerRate10s: ratio(fast, calls),
    answerRate10sOfOffered: ratio(fast, offered),
    abandoned,
    abandonRate: ratio(abandoned, offered),
    avgWaitS: meanS(waitSum, waitN),
    avgAnswerWaitS: meanS(answerWaitSum, answerWaitN),
    ahtS: meanS(talk + hold + acw, timed),
    avgTalkS: meanS(talk, timed),
    avgHoldS: meanS(hold, timed),
    avgAcwS: meanS(acw, timed),
    nonRegular,
    cutByMediaServer: cut,
    whileAway: away,
    callsPerAgentHour: staffedAll > 0 ? Math.round((handledAll / (staffedAll / 3_600_000)) * 100) / 100 : null,
    agents: agentRows,
    ivrNodes: [...nodes.entries()]
      .map(([node, n]) => ({ node, calls: n.calls, dropOff: n.dropOff, dropOffRate: ratio(n.dropOff, n.calls) }))
      .sort((a, b) => b.calls - a.calls || a.node.localeCompare(b.node)),
    hotIssues: [...choices.entries()]
      .flatMap(([node, byKey]) => {
        const total = [...byKey.values()].reduce((s, n) => s + n, 0);
        return [...byKey.entries()].map(([key, n]) => ({ node, key, calls: n, share: ratio(n, total) }));
      })
      .sort((a, b) => b.calls - a.calls || a.node.localeCompare(b.node) || a.key.localeCompare(b.key)),
  };
}
