/**
 * Matching waiting calls to ready agents across all groups at one moment. Calls are served in one
 * global order (priority, then longest waiting), so a VIP call in one group goes before an ordinary
 * call in another that the same agent could take. Greedy by design: the rule is "most urgent call
 * first", not "most calls matched".
 */
import type { AcdGroup } from './acd-config.js';
import type { Agent } from './agent-state.js';
import { pickAgent } from './pick-agent.js';
import { compareEntries, type QueueEntry } from './queue-entry.js';

export interface Queue {
  readonly group: Pick<AcdGroup, 'id' | 'skill'>;
  readonly entries: readonly QueueEntry[];
}

export interface Assignment {
  callId: string;
  groupId: string;
  agentId: string;
}

/** Which waiting calls go to which ready agents now; no agent gets two calls, calls being rung are left alone, reserved agents only take their own calls. */
export function nextAssignment(queues: readonly Queue[], agents: readonly Agent[], now: number, reserved: ReadonlySet<string> = new Set()): Assignment[] {
  const waiting = queues
    .flatMap((q) => q.entries.filter((e) => e.ringing === undefined).map((entry) => ({ entry, group: q.group })))
    .sort((a, b) => compareEntries(a.entry, b.entry));
  const taken = new Set<string>();
  const out: Assignment[] = [];
  for (const { entry, group } of waiting) {
    // An agent held for their own callback takes that call and no other.
    const free = agents.filter((a) => !taken.has(a.id) && (entry.onlyAgent === undefined ? !reserved.has(a.id) : a.id === entry.onlyAgent));
    // Agents who missed this call are tried last, not never: they are paused after missing it, so they
    // are only back if they chose to be, and a caller should not wait for overflow next to an idle agent.
    const agent = pickAgent(group, free, now, entry.tried) ?? pickAgent(group, free, now);
    if (!agent) continue;
    taken.add(agent.id);
    out.push({ callId: entry.callId, groupId: group.id, agentId: agent.id });
  }
  return out;
}
