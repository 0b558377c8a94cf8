/**
 * The agent state machine. The table below is the whole policy of which event is allowed where;
 * `transition` only adds the bookkeeping (idle time, counts, talk/hold/ACW times) that reports need.
 * Pure: time is an argument, agents are values, errors are returned.
 */
import { HotlineError } from '../errors.js';

export type AgentState = 'logged-out' | 'ready' | 'ringing' | 'on-call' | 'after-call-work' | 'paused';

export type AgentEvent =
  | { type: 'login' }
  | { type: 'logout' }
  | { type: 'ready' }
  | { type: 'pause'; reason: string }
  | { type: 'offer'; callId: string }
  | { type: 'answer'; callId?: string }
  /** `reason` replaces the table's pause reason, e.g. 'unreachable' when the phone is not registered. */
  | { type: 'no-answer'; callId?: string; reason?: string }
  | { type: 'reject'; callId?: string }
  | { type: 'hold'; callId?: string }
  | { type: 'unhold'; callId?: string }
  /**
   * The call ended. `wrapUpS` is the call's group's after-call work; 0 goes straight back to ready. With
   * `wrapUpRequired` the agent owes the call's wrap-up: after-call work lasts until it is saved, and the agent cannot
   * be ready (nor log in again) before.
   */
  | { type: 'hangup'; callId?: string; wrapUpS: number; wrapUpRequired?: boolean }
  | { type: 'wrap-up-done' }
  /** The call's wrap-up was saved: after-call work ends, and a wrap-up owed for that call is paid. */
  | { type: 'wrapped-up'; callId: string };

export type AgentEventType = AgentEvent['type'];

export interface AgentCounts {
  offered: number;
  answered: number;
  noAnswer: number;
  rejected: number;
  /** Calls talked to the end (hang-up while on a call). */
  handled: number;
}

export interface AgentStats extends AgentCounts {
  /** On a call, not on hold. */
  talkMs: number;
  holdMs: number;
  acwMs: number;
  readyMs: number;
  ringingMs: number;
  pausedMs: number;
}

export interface Agent {
  readonly id: string;
  readonly name: string;
  /** Skill → level (1..10). */
  readonly skills: Readonly<Record<string, number>>;
  readonly state: AgentState;
  /** When the current state began; a self-transition (hold, a new pause reason) keeps it. */
  readonly since: number;
  /** When the agent last became ready; kept while ringing so a call that never connects costs them no place. */
  readonly idleSince?: number;
  readonly pauseReason?: string;
  /** The call offered, in progress, or being wrapped up. */
  readonly callId?: string;
  readonly heldSince?: number;
  /** Hold already ended on the current call. */
  readonly callHoldMs: number;
  /** After-call work ends on its own at this time; absent while a required wrap-up is owed. */
  readonly acwUntil?: number;
  /** The call whose wrap-up the agent owes before being ready (desk.wrapUpRequired); kept through pause and logout. */
  readonly wrapUpOwed?: string;
  readonly stats: AgentStats;
}

export interface AgentTransition {
  from: AgentState;
  event: AgentEventType;
  to: AgentState;
  /** Pause reason set by the transition itself (the agent did not choose it). */
  pauseReason?: string;
  /** Counter bumped by the transition. */
  count?: keyof AgentCounts;
  /** Back to ready without having talked: the agent keeps their place in the longest-idle order. */
  keepsIdle?: boolean;
}

/** Every allowed (state, event) pair; anything else is AGENT_BAD_TRANSITION. */
export const agentTransitions: readonly AgentTransition[] = [
  { from: 'logged-out', event: 'login', to: 'ready' },
  { from: 'ready', event: 'logout', to: 'logged-out' },
  { from: 'paused', event: 'logout', to: 'logged-out' },
  { from: 'after-call-work', event: 'logout', to: 'logged-out' },
  // Ready twice (a double click, a reconnecting phone) must not reset the agent's idle time.
  { from: 'ready', event: 'ready', to: 'ready' },
  { from: 'paused', event: 'ready', to: 'ready' },
  { from: 'after-call-work', event: 'ready', to: 'ready' },
  { from: 'ready', event: 'pause', to: 'paused' },
  { from: 'paused', event: 'pause', to: 'paused' },
  { from: 'after-call-work', event: 'pause', to: 'paused' },
  { from: 'ready', event: 'offer', to: 'ringing', count: 'offered' },
  { from: 'ringing', event: 'answer', to: 'on-call', count: 'answered' },
  // An agent who lets the phone ring out is probably not at the desk: stop offering them calls.
  { from: 'ringing', event: 'no-answer', to: 'paused', pauseReason: 'no-answer', count: 'noAnswer' },
  // Declining is also a sign they cannot take calls (a DND phone declines every call); not pausing would loop.
  { from: 'ringing', event: 'reject', to: 'paused', pauseReason: 'rejected', count: 'rejected' },
  // The caller left while the agent's phone rang.
  { from: 'ringing', event: 'hangup', to: 'ready', keepsIdle: true },
  { from: 'on-call', event: 'hold', to: 'on-call' },
  { from: 'on-call', event: 'unhold', to: 'on-call' },
  { from: 'on-call', event: 'hangup', to: 'after-call-work', count: 'handled' },
  { from: 'after-call-work', event: 'wrap-up-done', to: 'ready' },
  // Saving the wrap-up ends after-call work; elsewhere (paused, logged out since) it only pays what was owed.
  { from: 'after-call-work', event: 'wrapped-up', to: 'ready' },
  { from: 'paused', event: 'wrapped-up', to: 'paused' },
  { from: 'logged-out', event: 'wrapped-up', to: 'logged-out' },
  { from: 'ready', event: 'wrapped-up', to: 'ready' },
];

/** Events that make an agent ready, refused while a wrap-up is owed. */
const readyingEvents: ReadonlySet<AgentEventType> = new Set(['ready', 'login', 'wrap-up-done']);

/** Time spent in a state goes to this stat when the state is left (on-call is split into talk and hold). */
const timeBucket: Readonly<Record<AgentState, keyof AgentStats | undefined>> = {
  'logged-out': undefined,
  ready: 'readyMs',
  ringing: 'ringingMs',
  'on-call': 'talkMs',
  'after-call-work': 'acwMs',
  paused: 'pausedMs',
};

/** A logged-out agent with empty statistics. */
export function newAgent(config: { id: string; name: string; skills: Readonly<Record<string, number>> }, now: number): Agent {
  return {
    id: config.id,
    name: config.name,
    skills: { ...config.skills },
    state: 'logged-out',
    since: now,
    callHoldMs: 0,
    stats: { offered: 0, answered: 0, noAnswer: 0, rejected: 0, handled: 0, talkMs: 0, holdMs: 0, acwMs: 0, readyMs: 0, ringingMs: 0, pausedMs: 0 },
  };
}

/** Applies an event at `now`, after any after-call work that ended by then; the new agent or a typed error. */
export function transition(agent: Agent, event: AgentEvent, now: number): Agent | HotlineError {
  const next = apply(settle(agent, now), event, now);
  return next instanceof HotlineError ? next : settle(next, now);
}

/** Ends after-call work whose time is up, as of its own end time (so ACW time is exactly the wrap-up). */
export function settle(agent: Agent, now: number): Agent {
  if (agent.state !== 'after-call-work' || agent.acwUntil === undefined || agent.acwUntil > now) return agent;
  const next = apply(agent, { type: 'wrap-up-done' }, agent.acwUntil);
  // The table always allows wrap-up-done from after-call-work; an error here is a broken table.
  if (next instanceof HotlineError) throw next;
  return next;
}

function apply(agent: Agent, event: AgentEvent, now: number): Agent | HotlineError {
  // The wrap-up of an earlier call, saved late, changes nothing about the agent now.
  if (event.type === 'wrapped-up' && event.callId !== agent.callId && event.callId !== agent.wrapUpOwed) return agent;
  const row = agentTransitions.find((t) => t.from === agent.state && t.event === event.type);
  if (!row) {
    return new HotlineError('AGENT_BAD_TRANSITION', `agent ${agent.id}: ${event.type} is not allowed while ${agent.state}`, {
      key: agent.id,
      details: { agentId: agent.id, state: agent.state, event: event.type },
    });
  }
  const bad = badInput(agent, event);
  if (bad) return bad;
  if (agent.wrapUpOwed !== undefined && readyingEvents.has(event.type)) {
    return new HotlineError('WRAP_UP_REQUIRED', `agent ${agent.id}: save the wrap-up of call ${agent.wrapUpOwed} before going ready`, {
      key: 'wrapUp',
      details: { agentId: agent.id, callId: agent.wrapUpOwed },
    });
  }
  const owed = nextOwed(agent, event);

  const changes = row.to !== agent.state;
  const stats = { ...agent.stats };
  if (row.count) stats[row.count] += 1;
  if (changes) addStateTime(stats, agent, now);

  const base = {
    id: agent.id,
    name: agent.name,
    skills: agent.skills,
    state: row.to,
    since: changes ? now : agent.since,
    callHoldMs: agent.callHoldMs,
    stats,
    ...(owed !== undefined ? { wrapUpOwed: owed } : {}),
  };
  switch (row.to) {
    case 'logged-out':
      return { ...base, callHoldMs: 0 };
    case 'ready': {
      const idleSince = !changes || row.keepsIdle ? (agent.idleSince ?? now) : now;
      return { ...base, idleSince, callHoldMs: 0 };
    }
    case 'paused': {
      const reason = (event.type === 'pause' || event.type === 'no-answer' ? event.reason : undefined) ?? row.pauseReason;
      return { ...base, pauseReason: reason ?? 'unspecified', callHoldMs: 0 };
    }
    case 'ringing':
      return { ...base, idleSince: agent.idleSince ?? now, callId: event.type === 'offer' ? event.callId : agent.callId!, callHoldMs: 0 };
    case 'on-call':
      return onCall({ ...base, callId: agent.callId!, callHoldMs: changes ? 0 : agent.callHoldMs }, agent, event, now);
    case 'after-call-work': {
      const wrapUpS = event.type === 'hangup' ? event.wrapUpS : 0;
      // An owed wrap-up holds the agent here until it is saved: no end time.
      if (owed !== undefined) return { ...base, callId: agent.callId!, callHoldMs: 0 };
      return { ...base, callId: agent.callId!, callHoldMs: 0, acwUntil: now + wrapUpS * 1000 };
    }
  }
}

/** The wrap-up owed after the event: set by a hang-up that requires one, paid by the wrap-up of that call. */
function nextOwed(agent: Agent, event: AgentEvent): string | undefined {
  if (event.type === 'hangup' && event.wrapUpRequired && agent.state === 'on-call') return agent.callId;
  if (event.type === 'wrapped-up' && event.callId === agent.wrapUpOwed) return undefined;
  return agent.wrapUpOwed;
}

/** Hold is a detail of on-call, not a state: the agent is busy either way, only the reports split the time. */
function onCall(next: Agent, prev: Agent, event: AgentEvent, now: number): Agent {
  if (event.type === 'hold') return { ...next, heldSince: prev.heldSince ?? now };
  if (event.type === 'unhold' && prev.heldSince !== undefined) {
    return { ...next, callHoldMs: prev.callHoldMs + Math.max(0, now - prev.heldSince) };
  }
  return next;
}

function addStateTime(stats: AgentStats, agent: Agent, now: number): void {
  const elapsed = Math.max(0, now - agent.since);
  const bucket = timeBucket[agent.state];
  if (!bucket) return;
  if (agent.state !== 'on-call') {
    stats[bucket] += elapsed;
    return;
  }
  const openHold = agent.heldSince === undefined ? 0 : Math.max(0, now - agent.heldSince);
  const hold = Math.min(elapsed, agent.callHoldMs + openHold);
  stats.holdMs += hold;
  stats.talkMs += elapsed - hold;
}

function badInput(agent: Agent, event: AgentEvent): HotlineError | undefined {
  if (event.type === 'pause' && event.reason.trim() === '') {
    return new HotlineError('BAD_REQUEST', `agent ${agent.id}: a pause needs a reason`, { key: 'reason' });
  }
  if (event.type === 'offer' && event.callId === '') {
    return new HotlineError('BAD_REQUEST', `agent ${agent.id}: an offer needs a call id`, { key: 'callId' });
  }
  if (event.type === 'hangup' && !(Number.isFinite(event.wrapUpS) && event.wrapUpS >= 0)) {
    return new HotlineError('BAD_REQUEST', `agent ${agent.id}: wrap-up time must be 0 or more seconds`, { key: 'wrapUpS' });
  }
  // A wrap-up names its own call, which need not be the one the agent is on (it may be saved later).
  const callId = 'callId' in event && event.type !== 'offer' && event.type !== 'wrapped-up' ? event.callId : undefined;
  if (callId !== undefined && agent.callId !== undefined && callId !== agent.callId) {
    return new HotlineError('AGENT_WRONG_CALL', `agent ${agent.id}: ${event.type} for call ${callId}, but the agent has ${agent.callId}`, {
      key: agent.id,
      details: { agentId: agent.id, callId, agentCallId: agent.callId },
    });
  }
  return undefined;
}
