/**
 * The sums the inbound KPIs are made of, kept apart from the rates so they can be added up: one call at a time
 * (tallyCall) or whole clock hours at once from the roll-ups (tallyHours, src/store/call-rollups.ts keeps the same
 * sums per hour in SQL). Both paths must count a call the same way; tests/unit/store/call-rollups.test.ts checks it on
 * random calls.
 */
import type { CallRow, IvrStep } from '../store/calls-repo.js';

/** What the KPIs read of a call record. */
export interface InboundCallFacts
  extends Pick<CallRow, 'startedAt' | 'endedIn' | 'queueGroup' | 'queueWaitMs' | 'agentId' | 'talkMs' | 'holdMs' | 'acwMs' | 'nonRegular'> {
  ivrPath: readonly IvrStep[];
  /** How reconciliation closed the record: `media-server-lost` (cut by an Asterisk loss), `while-away`… */
  reconciled?: string | null;
}

/** Counters and millisecond sums over a set of calls (the names of the roll-up's columns). */
export interface CallSums {
  calls: number;
  offered: number;
  answered: number;
  fast: number;
  abandoned: number;
  waitSum: number;
  waitN: number;
  answerWaitSum: number;
  answerWaitN: number;
  timed: number;
  talkSum: number;
  holdSum: number;
  acwSum: number;
  /** Calls cut by a media-server (Asterisk) loss: counted as calls, never as served, offered or abandoned. */
  cut: number;
  /** Callers Asterisk took while hotline was away (they heard the fallback): counted as calls, never as served. */
  away: number;
}

/** Whole hours of calls as the roll-ups give them, summed over the hours. */
export interface InboundHourFacts {
  /** Sums by the calls' non-regular mark ('' for none). */
  sums: Array<CallSums & { nonRegular: string }>;
  agents: Array<{ agentId: string; handled: number; handleMs: number; timed: number }>;
  ivrNodes: Array<{ node: string; calls: number; dropOff: number }>;
  choices: Array<{ node: string; key: string; calls: number }>;
}

export interface AgentTally {
  rung: number;
  answered: number;
  handled: number;
  handleMs: number;
  timed: number;
}

export interface InboundTally extends CallSums {
  nonRegular: Map<string, number>;
  agents: Map<string, AgentTally>;
  nodes: Map<string, { calls: number; dropOff: number }>;
  choices: Map<string, Map<string, number>>;
}

const within10sMs = 10_000;
const sumKeys: ReadonlyArray<keyof CallSums> = [
  'calls', 'offered', 'answered', 'fast', 'abandoned', 'waitSum', 'waitN', 'answerWaitSum', 'answerWaitN', 'timed', 'talkSum', 'holdSum', 'acwSum', 'cut', 'away',
];

export function emptyTally(): InboundTally {
  const t = { nonRegular: new Map(), agents: new Map(), nodes: new Map(), choices: new Map() } as InboundTally;
  for (const k of sumKeys) t[k] = 0;
  return t;
}

export function agentTally(t: InboundTally, id: string): AgentTally {
  let a = t.agents.get(id);
  if (!a) t.agents.set(id, (a = { rung: 0, answered: 0, handled: 0, handleMs: 0, timed: 0 }));
  return a;
}

const bump = <K>(m: Map<K, number>, k: K, n: number) => m.set(k, (m.get(k) ?? 0) + n);

function node(t: InboundTally, name: string): { calls: number; dropOff: number } {
  let n = t.nodes.get(name);
  if (!n) t.nodes.set(name, (n = { calls: 0, dropOff: 0 }));
  return n;
}

function choices(t: InboundTally, name: string): Map<string, number> {
  let m = t.choices.get(name);
  if (!m) t.choices.set(name, (m = new Map()));
  return m;
}

/** Adds one call. */
export function tallyCall(t: InboundTally, c: InboundCallFacts): void {
  t.calls++;
  if (c.reconciled === 'media-server-lost') {
    t.cut++;
    return;
  }
  if (c.reconciled === 'while-away') t.away++;
  if (c.nonRegular) bump(t.nonRegular, c.nonRegular, 1);
  const wasAnswered = c.endedIn === 'agent' || c.agentId !== null;
  const wasAbandoned = !wasAnswered && c.endedIn === 'queue-abandon';
  if (c.queueGroup !== null || wasAnswered || wasAbandoned) {
    t.offered++;
    if (wasAnswered) {
      t.answered++;
      if (c.queueWaitMs !== null && c.queueWaitMs <= within10sMs) t.fast++;
      if (c.queueWaitMs !== null) {
        t.answerWaitSum += c.queueWaitMs;
        t.answerWaitN++;
      }
    }
    if (wasAbandoned) t.abandoned++;
    if ((wasAnswered || wasAbandoned) && c.queueWaitMs !== null) {
      t.waitSum += c.queueWaitMs;
      t.waitN++;
    }
  }
  if (wasAnswered && c.agentId !== null) {
    const a = agentTally(t, c.agentId);
    a.handled++;
    if (c.talkMs !== null) {
      a.handleMs += c.talkMs + (c.holdMs ?? 0) + (c.acwMs ?? 0);
      a.timed++;
    }
  }
  if (wasAnswered && c.talkMs !== null) {
    t.timed++;
    t.talkSum += c.talkMs;
    t.holdSum += c.holdMs ?? 0;
    t.acwSum += c.acwMs ?? 0;
  }
  // IVR: each node once per call, however often the caller came back to it.
  const seen = new Set<string>();
  for (const step of c.ivrPath) {
    if (!seen.has(step.node)) {
      seen.add(step.node);
      node(t, step.node).calls++;
    }
    if (step.note === 'chosen' && typeof step.key === 'string') bump(choices(t, step.node), step.key, 1);
  }
  const last = c.ivrPath[c.ivrPath.length - 1];
  if (last && c.endedIn === 'caller-hangup') node(t, last.node).dropOff++;
}

/** Adds whole hours read from the roll-ups. */
export function tallyHours(t: InboundTally, h: InboundHourFacts): void {
  for (const s of h.sums) {
    for (const k of sumKeys) t[k] += s[k];
    if (s.nonRegular) bump(t.nonRegular, s.nonRegular, s.calls);
  }
  for (const a of h.agents) {
    const acc = agentTally(t, a.agentId);
    acc.handled += a.handled;
    acc.handleMs += a.handleMs;
    acc.timed += a.timed;
  }
  for (const n of h.ivrNodes) {
    const acc = node(t, n.node);
    acc.calls += n.calls;
    acc.dropOff += n.dropOff;
  }
  for (const c of h.choices) bump(choices(t, c.node), c.key, c.calls);
}
