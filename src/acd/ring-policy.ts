/**
 * Ringing agents for a waiting call. The runner originates to the agent's PJSIP endpoint with the
 * group's ring timeout (Asterisk ends the leg with cause 19 when it runs out), then reports how the
 * agent's leg ended. A missed call makes the agent not-ready and sends the caller back to routing,
 * where the agents already tried come last.
 */
import { HotlineError } from '../errors.js';
import type { AcdGroup } from './acd-config.js';
import type { AgentEvent } from './agent-state.js';
import type { QueueEntry } from './queue-entry.js';

export type RingResult = 'answered' | 'no-answer' | 'rejected' | 'unreachable' | 'caller-gone';

export interface RingOrder {
  callId: string;
  agentId: string;
  /** Dial string for the port's originate. */
  endpoint: string;
  timeoutS: number;
}

export interface RingOutcome {
  /** To apply to the agent with `transition`. */
  agentEvent: AgentEvent;
  /** bridge: connect caller and agent; route-again: the caller waits for the next agent; drop: the caller is gone. */
  next: 'bridge' | 'route-again' | 'drop';
  /** The entry to keep waiting (route-again only). */
  entry?: QueueEntry;
}

/** How an unanswered agent leg ended, by Q.850 cause; anything not listed means the phone could not be reached. */
export const ringResultByCause: Readonly<Record<number, RingResult>> = {
  16: 'no-answer',
  // A phone busy with another call: the agent is not free for ours, the same as not answering.
  17: 'no-answer',
  18: 'no-answer',
  19: 'no-answer',
  21: 'rejected',
};

/** What each result does to the agent and to the caller. */
const outcomes: Readonly<Record<RingResult, { agentEvent: (callId: string) => AgentEvent; next: RingOutcome['next'] }>> = {
  answered: { agentEvent: (callId) => ({ type: 'answer', callId }), next: 'bridge' },
  'no-answer': { agentEvent: (callId) => ({ type: 'no-answer', callId }), next: 'route-again' },
  rejected: { agentEvent: (callId) => ({ type: 'reject', callId }), next: 'route-again' },
  // An unregistered or broken phone would fail every call: the agent is paused with a reason that says so.
  unreachable: { agentEvent: (callId) => ({ type: 'no-answer', callId, reason: 'unreachable' }), next: 'route-again' },
  // The runner hangs up the agent's leg; the agent goes back to ready with their place kept.
  'caller-gone': { agentEvent: (callId) => ({ type: 'hangup', callId, wrapUpS: 0 }), next: 'drop' },
};

/** The dial string of an agent's phone. */
export function agentEndpoint(agentId: string): string {
  return `PJSIP/${agentId}`;
}

/** What to originate to ring `agentId` for the entry's call. */
export function ringOrder(entry: QueueEntry, group: Pick<AcdGroup, 'ringTimeoutS'>, agentId: string): RingOrder {
  return { callId: entry.callId, agentId, endpoint: agentEndpoint(agentId), timeoutS: group.ringTimeoutS };
}

/** The entry while `agentId` is being rung (the agent gets `{type: 'offer', callId}`). */
export function offerTo(entry: QueueEntry, agentId: string): QueueEntry {
  return { ...entry, ringing: agentId };
}

/** The ring result of an agent leg that ended before answer, from its hang-up cause. */
export function ringResultFromCause(cause: number): RingResult {
  return ringResultByCause[cause] ?? 'unreachable';
}

/**
 * What follows a ring: the agent's event, and whether to bridge, route the caller again or drop it.
 * AGENT_WRONG_CALL when the entry is not ringing that agent (a late result of an earlier leg).
 */
export function afterRing(entry: QueueEntry, agentId: string, result: RingResult): RingOutcome | HotlineError {
  if (entry.ringing !== agentId) {
    return new HotlineError('AGENT_WRONG_CALL', `call ${entry.callId}: ring result from agent ${agentId}, but it is ringing ${entry.ringing ?? 'nobody'}`, {
      key: agentId,
      details: { agentId, callId: entry.callId, ringing: entry.ringing },
    });
  }
  const o = outcomes[result];
  const agentEvent = o.agentEvent(entry.callId);
  if (o.next !== 'route-again') return { agentEvent, next: o.next };
  const { ringing: _ringing, ...rest } = entry;
  const tried = entry.tried.includes(agentId) ? entry.tried : [...entry.tried, agentId];
  return { agentEvent, next: 'route-again', entry: { ...rest, tried } };
}
