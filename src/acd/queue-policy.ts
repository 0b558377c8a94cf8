/**
 * What a waiting caller gets, decided from the group's policy (acd config) and the entry's own
 * record of what it already got. The runner calls `queueDecision` when a caller joins, when the
 * returned `wait.until` comes, and after a ring that did not connect; it performs the actions and
 * notes them with `noteQueueActions`. Routing to agents is separate (nextAssignment) and comes first.
 */
import type { AcdGroup } from './acd-config.js';
import type { QueueEntry } from './queue-entry.js';
import { estimateWait, type WaitEstimate } from './wait-estimate.js';

export type QueueAction =
  | { kind: 'music'; mohClass: string }
  | { kind: 'announce'; position: number; wait: WaitEstimate }
  | { kind: 'offer-callback' }
  | { kind: 'overflow'; group: string }
  | { kind: 'to-callback' }
  /** Keep waiting; decide again at `until`, or only when something happens if it is absent. */
  | { kind: 'wait'; until?: number };

export interface QueueStats {
  /** 1-based position in the group (queuePosition). */
  position: number;
  /** Agents with the skill who are logged in and not paused (staffedAgents). */
  staffedAgents: number;
  /** Recent handle times in the group, talk + hold + ACW (rememberHandleTime). */
  recentHandleMs: readonly number[];
}

type Policy = Pick<AcdGroup, 'maxWaitS' | 'callbackOfferAfterS' | 'comfortEveryS' | 'musicOnHold' | 'overflow'>;

interface TimedStep {
  action: 'announce' | 'offer-callback';
  /** Seconds in the group before the first one; undefined: the group never does it. */
  firstS: (g: Policy) => number | undefined;
  /** Seconds between repeats; undefined: once. */
  everyS?: (g: Policy) => number | undefined;
  /** Where the entry remembers the last time it was done. */
  doneAt: 'announcedAt' | 'callbackOfferedAt';
}

/** The timed parts of the policy, in the order they are heard when due together. */
export const timedSteps: readonly TimedStep[] = [
  { action: 'announce', firstS: (g) => (g.comfortEveryS > 0 ? 0 : undefined), everyS: (g) => g.comfortEveryS, doneAt: 'announcedAt' },
  { action: 'offer-callback', firstS: (g) => g.callbackOfferAfterS, doneAt: 'callbackOfferedAt' },
];

/** The actions due for a waiting caller at `now`. */
export function queueDecision(entry: QueueEntry, group: Policy, stats: QueueStats, now: number): QueueAction[] {
  // While an agent's phone rings for this caller, the ring's result decides what comes next.
  if (entry.ringing !== undefined) return [{ kind: 'wait' }];
  const maxWaitAt = entry.groupSince + group.maxWaitS * 1000;
  if (now >= maxWaitAt) {
    return [group.overflow === 'callback' ? { kind: 'to-callback' } : { kind: 'overflow', group: group.overflow.group }];
  }
  const actions: QueueAction[] = [];
  if (!entry.musicOn) actions.push({ kind: 'music', mohClass: group.musicOnHold });
  let until = maxWaitAt;
  for (const step of timedSteps) {
    const dueAt = nextDue(step, entry, group);
    if (dueAt === undefined) continue;
    if (dueAt <= now) {
      actions.push(stepAction(step, stats));
      const again = repeatAt(step, group, now);
      if (again !== undefined) until = Math.min(until, again);
    } else {
      until = Math.min(until, dueAt);
    }
  }
  actions.push({ kind: 'wait', until });
  return actions;
}

/** The entry after the runner has performed `actions` at `now`, so they are not repeated before they are due. */
export function noteQueueActions(entry: QueueEntry, actions: readonly QueueAction[], now: number): QueueEntry {
  let next = entry;
  for (const a of actions) {
    if (a.kind === 'music') next = { ...next, musicOn: true };
    if (a.kind === 'announce') next = { ...next, announcedAt: now };
    if (a.kind === 'offer-callback') next = { ...next, callbackOfferedAt: now };
  }
  return next;
}

function nextDue(step: TimedStep, entry: QueueEntry, group: Policy): number | undefined {
  const last = entry[step.doneAt];
  if (last === undefined) {
    const first = step.firstS(group);
    return first === undefined ? undefined : entry.groupSince + first * 1000;
  }
  const every = step.everyS?.(group);
  return every === undefined || every <= 0 ? undefined : last + every * 1000;
}

function repeatAt(step: TimedStep, group: Policy, now: number): number | undefined {
  const every = step.everyS?.(group);
  return every === undefined || every <= 0 ? undefined : now + every * 1000;
}

function stepAction(step: TimedStep, stats: QueueStats): QueueAction {
  if (step.action === 'offer-callback') return { kind: 'offer-callback' };
  return { kind: 'announce', position: stats.position, wait: estimateWait(stats.position, stats.staffedAgents, stats.recentHandleMs) };
}
