/** Staffed time per agent from the agent state log: every moment not logged out counts (ready, on calls, paused). */
export interface StateChange {
  agentId: string;
  state: string;
  at: number;
}

/**
 * Milliseconds each agent was logged in within [from, to). `changes` holds each agent's last change before `from`
 * and every change inside, in time order; the last known state lasts until `to` (or `now`, if earlier).
 */
export function staffedMs(changes: readonly StateChange[], from: number, to: number, now = to): Map<string, number> {
  const end = Math.min(to, now);
  const out = new Map<string, number>();
  const open = new Map<string, number>();
  const close = (agentId: string, until: number) => {
    const since = open.get(agentId);
    if (since === undefined) return;
    open.delete(agentId);
    const ms = Math.max(0, Math.min(until, end) - Math.max(since, from));
    out.set(agentId, (out.get(agentId) ?? 0) + ms);
  };
  for (const c of changes) {
    if (!out.has(c.agentId)) out.set(c.agentId, 0);
    if (c.state === 'logged-out') close(c.agentId, c.at);
    else if (!open.has(c.agentId)) open.set(c.agentId, c.at);
  }
  for (const agentId of [...open.keys()]) close(agentId, end);
  return out;
}
