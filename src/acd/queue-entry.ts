/**
 * A caller waiting in a skill group, and the one order every queue uses: higher priority first,
 * then the longest waiting, then the call id (so equal entries never swap between runs).
 */
import { defined } from '../defined.js';
import type { AcdGroup } from './acd-config.js';

export interface QueueEntry {
  readonly callId: string;
  readonly groupId: string;
  /** The group's priority, raised by the call's own (e.g. VIP). */
  readonly priority: number;
  /** First entry into any queue: the order and the recorded wait survive an overflow. */
  readonly queuedAt: number;
  /** Entry into this group: its timers (comfort prompts, callback offer, max wait) run from here. */
  readonly groupSince: number;
  /** Agents offered this call who did not answer. */
  readonly tried: readonly string[];
  /** The agent whose phone is ringing for this call now. */
  readonly ringing?: string;
  readonly musicOn?: boolean;
  /** Only this agent may take the call (an agent's own scheduled callback). */
  readonly onlyAgent?: string;
  readonly announcedAt?: number;
  readonly callbackOfferedAt?: number;
}

/** A new entry for a call joining `group` at `now`, with its own priority if it has one. */
export function enqueue(callId: string, group: Pick<AcdGroup, 'id' | 'priority'>, now: number, callPriority = 0, onlyAgent?: string): QueueEntry {
  return {
    callId,
    groupId: group.id,
    priority: Math.max(group.priority, callPriority),
    queuedAt: now,
    groupSince: now,
    tried: [],
    ...defined({ onlyAgent }),
  };
}

/** The entry moved to the overflow group: its wait goes on, the new group's timers start again. */
export function moveToGroup(entry: QueueEntry, group: Pick<AcdGroup, 'id' | 'priority'>, now: number): QueueEntry {
  return {
    callId: entry.callId,
    groupId: group.id,
    priority: Math.max(entry.priority, group.priority),
    queuedAt: entry.queuedAt,
    groupSince: now,
    tried: entry.tried,
    ...defined({ onlyAgent: entry.onlyAgent }),
    // The music keeps playing across the move; announcements and the callback offer belong to the new group.
    ...(entry.musicOn ? { musicOn: true } : {}),
  };
}

/** Queue order: negative when `a` is served before `b`. */
export function compareEntries(a: QueueEntry, b: QueueEntry): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.queuedAt !== b.queuedAt) return a.queuedAt - b.queuedAt;
  return a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0;
}

/** The caller's 1-based position among the entries of its group (entries being rung still count as ahead). */
export function queuePosition(entry: QueueEntry, entries: readonly QueueEntry[]): number {
  let ahead = 0;
  for (const e of entries) {
    if (e.groupId === entry.groupId && e.callId !== entry.callId && compareEntries(e, entry) < 0) ahead += 1;
  }
  return ahead + 1;
}
