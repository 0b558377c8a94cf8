/**
 * An agent's own part of the live feed (issue 13): their row of the agents section and nothing of the floor, with the
 * "monitored" mode blanked when the centre does not show it to agents (phone.showMonitored). Pure; GET /live/own
 * sends it.
 */
import type { AgentView, LiveChange, LiveSnapshot } from './live-snapshot.js';

/** What the agent's own feed carries: their row (null when no such agent), as of `at`. */
export interface OwnLiveView {
  at: number;
  agent: AgentView | null;
}

function shown(a: AgentView, showMonitored: boolean): AgentView {
  return showMonitored ? a : { ...a, monitored: null };
}

/** The agent's row out of a full snapshot. */
export function ownSnapshot(s: LiveSnapshot, agentId: string, showMonitored: boolean): OwnLiveView {
  const a = s.agents.find((x) => x.id === agentId);
  return { at: s.at, agent: a ? shown(a, showMonitored) : null };
}

/** The agent's row out of a change, or null when the change does not touch it (nothing is sent then). */
export function ownChange(c: LiveChange, agentId: string, showMonitored: boolean): OwnLiveView | null {
  const a = c.agents?.set.find((x) => x.id === agentId);
  if (a) return { at: c.at, agent: shown(a, showMonitored) };
  if (c.agents?.removed.includes(agentId)) return { at: c.at, agent: null };
  return null;
}
