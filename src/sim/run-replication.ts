import { cpsTokens, type CpsTokens } from '../dialer/dial-selection.js';
import type { PacingState } from '../dialer/pacing/pacing-state.js';
import { customer, type Customer } from './customer-draws.js';
import { EventHeap } from './event-heap.js';
import type { SimDialer, SimNews, SimView } from './sim-dialers.js';
import { answerRateAt, type SimParams } from './sim-params.js';

/**
 * One replication of the discrete-event simulation: N agents, an endless list of customers (customer k is the k-th
 * dial, with its own random draws), and one dialer deciding every tick. Agents take the oldest waiting live answer
 * as they free up; a live answer nobody takes within the patience is abandoned. After-call work is a fixed timer.
 */

/** Idle spells are kept in 0.1 s bins up to 10 minutes (the last bin holds longer ones). */
export const IDLE_BIN_S = 0.1;
export const IDLE_BINS = 6001;

export interface ReplicationResult {
  /** Talk time of all agents within the run, ms. */
  readonly talkMs: number;
  /** Logged-in time of all agents (paused included), ms. */
  readonly loggedInMs: number;
  readonly dials: number;
  readonly lives: number;
  readonly abandons: number;
  /** Live answers not connected to an agent within 2 s (abandoned ones included). */
  readonly notConnectedIn2s: number;
  /** Live answers and abandons per hour of the run. */
  readonly hourlyLives: readonly number[];
  readonly hourlyAbandons: readonly number[];
  /** Histogram of agents' idle spells (ready until the next call, a pause or the end). */
  readonly idle: Float64Array;
}

const enum AgentState {
  Ready,
  Talk,
  Wrap,
  Paused,
}

interface Call {
  readonly placedAt: number;
  readonly who: Customer;
  answeredAt: number;
  /** 0 ringing, 1 waiting for an agent, 2 connected, 3 gone. */
  phase: 0 | 1 | 2 | 3;
}

type Ev =
  | { readonly kind: 'tick' }
  | { readonly kind: 'ring-end'; readonly call: Call }
  | { readonly kind: 'abandon'; readonly call: Call }
  | { readonly kind: 'talk-end'; readonly agent: number }
  | { readonly kind: 'wrap-end'; readonly agent: number }
  | { readonly kind: 'pause'; readonly agents: readonly number[] }
  | { readonly kind: 'unpause'; readonly agents: readonly number[] };

const HOUR = 3_600_000;
// The world's events at an instant come before the dialer's tick at that instant.
const WORLD = 0;
const DIALER = 1;

/**
 * How long agent `agent`'s `nth` call (from 0) talks, seconds. By default the customer's own draw; a what-if can tie
 * talk times to agents instead (the lab's SIPp phones draw them, not the customers).
 */
export type TalkOf = (agent: number, nth: number, who: Customer) => number;

/** Runs replication `rep` with this dialer and returns its tallies. */
export function runReplication(p: SimParams, dialer: SimDialer, rep: number, talkOf?: TalkOf): ReplicationResult {
  const end = p.hours * HOUR;
  const n = p.agents;
  const state = new Array<AgentState>(n).fill(AgentState.Ready);
  const since = new Float64Array(n);
  const wrapEnd = new Float64Array(n);
  const pausePending = new Uint8Array(n);
  const callsTaken = new Uint32Array(n);
  const readyQueue: number[] = Array.from({ length: n }, (_, i) => i);
  const ringing = new Set<Call>();
  const waiting: Call[] = [];
  let connected = 0;
  let wrapping = 0;
  let paused = 0;
  let dials = 0;
  let lives = 0;
  let abandons = 0;
  let notIn2s = 0;
  let talkMs = 0;
  const hours = Math.ceil(p.hours);
  const hourlyLives = new Array<number>(hours).fill(0);
  const hourlyAbandons = new Array<number>(hours).fill(0);
  const idle = new Float64Array(IDLE_BINS);
  let bucket: CpsTokens = cpsTokens.full(0, Math.max(1, p.cps));
  const heap = new EventHeap<Ev>();

  const hourOf = (t: number) => Math.min(hours - 1, Math.floor(t / HOUR));
  const tell = (news: SimNews) => dialer.hear(news);
  const idleSpell = (ms: number) => {
    idle[Math.min(IDLE_BINS - 1, Math.floor(ms / 1000 / IDLE_BIN_S))]! += 1;
  };

  const connect = (call: Call, agent: number, now: number) => {
    idleSpell(now - since[agent]!);
    state[agent] = AgentState.Talk;
    since[agent] = now;
    call.phase = 2;
    connected += 1;
    lives += 1;
    hourlyLives[hourOf(now)]! += 1;
    if (now - call.answeredAt > 2000) notIn2s += 1;
    tell({ type: 'live', abandoned: false, now });
    const talkS = talkOf ? talkOf(agent, callsTaken[agent]!, call.who) : call.who.talkS;
    callsTaken[agent]! += 1;
    heap.push(now + talkS * 1000, WORLD, { kind: 'talk-end', agent });
  };

  /** An agent is ready: the oldest waiting live answer, if any, is theirs. */
  const becomeReady = (agent: number, now: number) => {
    state[agent] = AgentState.Ready;
    since[agent] = now;
    const call = waiting.shift();
    if (call) connect(call, agent, now);
    else readyQueue.push(agent);
  };

  const view = (now: number): SimView => {
    let built: PacingState | null = null;
    return {
      now,
      ready: readyQueue.length,
      onCall: connected,
      wrapping,
      paused,
      ringing: ringing.size,
      waiting: waiting.length,
      state: () => {
        if (built) return built;
        const onCall: { talkMs: number }[] = [];
        const wraps: { elapsedMs: number; remainingMs: number }[] = [];
        for (let a = 0; a < n; a++) {
          if (state[a] === AgentState.Talk) onCall.push({ talkMs: now - since[a]! });
          else if (state[a] === AgentState.Wrap) wraps.push({ elapsedMs: now - since[a]!, remainingMs: wrapEnd[a]! - now });
        }
        const ringAges: { ageMs: number }[] = [];
        for (const c of ringing) ringAges.push({ ageMs: now - c.placedAt });
        built = {
          ready: readyQueue.length,
          onCall,
          wrapping: wraps,
          paused,
          ringing: ringAges,
          waiting: waiting.map((c) => ({ waitedMs: now - c.answeredAt })),
          freeLines: p.lines - (ringing.size + waiting.length + connected),
          cpsTokens: bucket.tokens,
          hour: (p.startHour + Math.floor(now / HOUR)) % 24,
        };
        return built;
      },
    };
  };

  const tick = (now: number) => {
    bucket = cpsTokens.refill(bucket, now, p.cps, Math.max(1, p.cps));
    const launch = dialer.decide(view(now));
    if (launch <= 0) return;
    const rate = answerRateAt(p, now / HOUR);
    for (let i = 0; i < launch; i++) {
      const who = customer(p, rep, dials, rate);
      dials += 1;
      const call: Call = { placedAt: now, who, answeredAt: -1, phase: 0 };
      ringing.add(call);
      heap.push(now + who.seconds * 1000, WORLD, { kind: 'ring-end', call });
    }
    bucket = cpsTokens.spend(bucket, launch);
    tell({ type: 'dialed', count: launch, now });
  };

  heap.push(0, DIALER, { kind: 'tick' });
  for (const s of p.pauses) {
    const agents = Array.from({ length: s.agents }, (_, i) => i);
    heap.push(s.atHour * HOUR, WORLD, { kind: 'pause', agents });
    heap.push((s.atHour + s.minutes / 60) * HOUR, WORLD, { kind: 'unpause', agents });
  }

  for (let ev = heap.pop(); ev && ev.t < end; ev = heap.pop()) {
    const now = ev.t;
    const e = ev.data;
    switch (e.kind) {
      case 'tick':
        tick(now);
        if (now + p.tickS * 1000 < end) heap.push(now + p.tickS * 1000, DIALER, { kind: 'tick' });
        break;
      case 'ring-end': {
        const call = e.call;
        ringing.delete(call);
        tell({ type: 'dial-ended', result: call.who.result, seconds: call.who.seconds, hour: (p.startHour + Math.floor(call.placedAt / HOUR)) % 24, now });
        if (call.who.result !== 'live') {
          call.phase = 3;
          break;
        }
        call.answeredAt = now;
        const agent = readyQueue.shift();
        if (agent !== undefined) connect(call, agent, now);
        else {
          call.phase = 1;
          waiting.push(call);
          heap.push(now + p.patienceS * 1000, WORLD, { kind: 'abandon', call });
        }
        break;
      }
      case 'abandon': {
        const call = e.call;
        if (call.phase !== 1) break;
        call.phase = 3;
        waiting.splice(waiting.indexOf(call), 1);
        lives += 1;
        abandons += 1;
        notIn2s += 1;
        hourlyLives[hourOf(now)]! += 1;
        hourlyAbandons[hourOf(now)]! += 1;
        tell({ type: 'live', abandoned: true, now });
        break;
      }
      case 'talk-end': {
        const a = e.agent;
        talkMs += now - since[a]!;
        tell({ type: 'talk', seconds: (now - since[a]!) / 1000, now });
        connected -= 1;
        state[a] = AgentState.Wrap;
        since[a] = now;
        wrapEnd[a] = now + p.wrapS * 1000;
        wrapping += 1;
        heap.push(wrapEnd[a]!, WORLD, { kind: 'wrap-end', agent: a });
        break;
      }
      case 'wrap-end': {
        const a = e.agent;
        wrapping -= 1;
        tell({ type: 'wrap', seconds: (now - since[a]!) / 1000, now });
        if (pausePending[a]) {
          pausePending[a] = 0;
          state[a] = AgentState.Paused;
          since[a] = now;
          paused += 1;
        } else becomeReady(a, now);
        break;
      }
      case 'pause':
        for (const a of e.agents) {
          if (state[a] === AgentState.Ready) {
            readyQueue.splice(readyQueue.indexOf(a), 1);
            idleSpell(now - since[a]!);
            state[a] = AgentState.Paused;
            since[a] = now;
            paused += 1;
          } else if (state[a] !== AgentState.Paused) pausePending[a] = 1;
        }
        break;
      case 'unpause':
        for (const a of e.agents) {
          pausePending[a] = 0;
          if (state[a] === AgentState.Paused) {
            paused -= 1;
            becomeReady(a, now);
          }
        }
        break;
    }
  }
  for (let a = 0; a < n; a++) {
    if (state[a] === AgentState.Talk) talkMs += end - since[a]!;
    else if (state[a] === AgentState.Ready) idleSpell(end - since[a]!);
  }
  return { talkMs, loggedInMs: n * end, dials, lives, abandons, notConnectedIn2s: notIn2s, hourlyLives, hourlyAbandons, idle };
}
