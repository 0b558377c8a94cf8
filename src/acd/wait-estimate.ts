/**
 * The expected wait told to a caller. Deliberately simple, so it can be explained and checked:
 * position × average handle time ÷ staffed agents, rounded up to whole minutes. With no recent
 * handle times or nobody staffed there is no honest number, and the caller hears "unknown".
 */
import { settle, type Agent, type AgentState } from './agent-state.js';
import { level } from './pick-agent.js';

export type WaitEstimate = { kind: 'minutes'; minutes: number } | { kind: 'unknown' };

/** States in which an agent will take a call soon; paused and logged-out agents may never come back. */
const staffedStates: ReadonlySet<AgentState> = new Set(['ready', 'ringing', 'on-call', 'after-call-work']);

/** How many recent handle times the average uses: recent enough to follow the day, enough to be steady. */
export const handleSamples = 20;

/** The expected wait for the caller at `position` (1-based). */
export function estimateWait(position: number, staffedAgents: number, recentHandleMs: readonly number[]): WaitEstimate {
  if (staffedAgents < 1 || recentHandleMs.length === 0 || position < 1) return { kind: 'unknown' };
  const averageMs = recentHandleMs.reduce((sum, ms) => sum + ms, 0) / recentHandleMs.length;
  const waitMs = (position * averageMs) / staffedAgents;
  // Never "0 minutes": a caller who is still waiting would hear a promise already broken.
  return { kind: 'minutes', minutes: Math.max(1, Math.ceil(waitMs / 60_000)) };
}

/** Agents with `skill` who are logged in and not paused. */
export function staffedAgents(skill: string, agents: readonly Agent[], now: number): number {
  return agents.filter((a) => level(a, skill) >= 1 && staffedStates.has(settle(a, now).state)).length;
}

/** The sample list with one more handle time (talk + hold + ACW), keeping the most recent `keep`. */
export function rememberHandleTime(samples: readonly number[], handleMs: number, keep = handleSamples): number[] {
  return [...samples, Math.max(0, handleMs)].slice(-keep);
}
