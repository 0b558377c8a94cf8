import type { Agent } from './agent-state.js';

/** A skill group's agents as the dialer's pacing sees them: how many are ready, and how far along the busy ones are. */
export interface GroupLoad {
  readonly ready: number;
  /** Agents being rung for a call or talking: talk time so far (0 while their phone rings). */
  readonly onCall: readonly { readonly talkMs: number }[];
  readonly wrapping: readonly { readonly elapsedMs: number; readonly remainingMs: number }[];
  readonly paused: number;
}

/**
 * Sums up the agents who have `skill` as of `now`; logged-out agents are not counted at all. `wrapUpS` is used when an
 * agent's after-call work has no end time. A ready agent in `reserved` (being rung or consulted as a transfer's
 * target) is not free: counted as being rung, so the dialer does not pace a call for them.
 */
export function groupLoad(agents: readonly Agent[], skill: string, wrapUpS: number, now: number, reserved: ReadonlySet<string> = new Set()): GroupLoad {
  let ready = 0;
  let paused = 0;
  const onCall: { talkMs: number }[] = [];
  const wrapping: { elapsedMs: number; remainingMs: number }[] = [];
  for (const a of agents) {
    if ((a.skills[skill] ?? 0) < 1) continue;
    const inState = Math.max(0, now - a.since);
    if (a.state === 'ready' && reserved.has(a.id)) onCall.push({ talkMs: 0 });
    else if (a.state === 'ready') ready += 1;
    else if (a.state === 'paused') paused += 1;
    else if (a.state === 'ringing') onCall.push({ talkMs: 0 });
    else if (a.state === 'on-call') onCall.push({ talkMs: inState });
    else if (a.state === 'after-call-work') {
      const until = a.acwUntil ?? a.since + wrapUpS * 1000;
      wrapping.push({ elapsedMs: inState, remainingMs: Math.max(0, until - now) });
    }
  }
  return { ready, onCall, wrapping, paused };
}
