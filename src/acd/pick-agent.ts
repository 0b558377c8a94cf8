/**
 * Routing one call: the ready agent with the group's skill who has waited longest for a call.
 * Longest-idle spreads the work fairly; ties go to the more skilled agent, then to the lower id so
 * the choice never depends on the order agents are listed in.
 */
import type { AcdGroup } from './acd-config.js';
import { settle, type Agent } from './agent-state.js';

/** The longest-idle ready agent with the group's skill, not in `exclude`; undefined when none. */
export function pickAgent(
  group: Pick<AcdGroup, 'skill'>,
  agents: readonly Agent[],
  now: number,
  exclude: Iterable<string> = [],
): Agent | undefined {
  const excluded = new Set(exclude);
  let best: Agent | undefined;
  for (const raw of agents) {
    // An agent whose after-call work ran out is ready even if the runner's timer has not fired yet.
    const agent = settle(raw, now);
    if (agent.state !== 'ready' || excluded.has(agent.id) || level(agent, group.skill) < 1) continue;
    if (!best || better(agent, best, group.skill)) best = agent;
  }
  return best;
}

/** The agent's level in `skill`, 0 when they do not have it. */
export function level(agent: Pick<Agent, 'skills'>, skill: string): number {
  return agent.skills[skill] ?? 0;
}

function better(a: Agent, b: Agent, skill: string): boolean {
  const idleA = a.idleSince ?? a.since;
  const idleB = b.idleSince ?? b.since;
  if (idleA !== idleB) return idleA < idleB;
  const byLevel = level(a, skill) - level(b, skill);
  if (byLevel !== 0) return byLevel > 0;
  return a.id < b.id;
}
