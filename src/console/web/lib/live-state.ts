/**
 * The live feed's picture in the browser: the snapshot, then each change applied (items set by key, keys removed).
 * Pure; the shapes are the server's (src/live/live-snapshot.ts).
 */
import type { AgentView, CampaignView, LiveCallView, LiveChange, LiveSnapshot, QueueWaitView } from '../../../live/live-snapshot.js';

export type { AgentView, CampaignView, LiveCallView, LiveChange, LiveSnapshot, QueueWaitView };

type Section = 'calls' | 'queues' | 'agents' | 'campaigns';
const keys: { [S in Section]: (x: LiveSnapshot[S][number]) => string } = {
  calls: (c) => (c as LiveCallView).channelId,
  queues: (q) => (q as QueueWaitView).channelId,
  agents: (a) => (a as AgentView).id,
  campaigns: (c) => String((c as CampaignView).id),
};

/** The picture after a change; sections the change does not name are kept as they were (same arrays). */
export function applyLiveChange(s: LiveSnapshot, c: LiveChange): LiveSnapshot {
  const out: LiveSnapshot = { ...s, at: c.at };
  for (const section of Object.keys(keys) as Section[]) {
    const ch = c[section] as { set: unknown[]; removed: string[] } | undefined;
    if (!ch) continue;
    const key = keys[section] as (x: unknown) => string;
    const byKey = new Map((s[section] as unknown[]).map((x) => [key(x), x]));
    for (const k of ch.removed) byKey.delete(k);
    for (const x of ch.set) byKey.set(key(x), x);
    (out as unknown as Record<Section, unknown[]>)[section] = [...byKey.values()].sort((a, b) => key(a).localeCompare(key(b), 'en', { numeric: true }));
  }
  return out;
}

/** Agents counted by state, every state present (0 when none). */
export function agentsByState(agents: readonly AgentView[]): Record<string, number> {
  const out: Record<string, number> = { ready: 0, ringing: 0, 'on-call': 0, 'after-call-work': 0, paused: 0, 'logged-out': 0 };
  for (const a of agents) out[a.state] = (out[a.state] ?? 0) + 1;
  return out;
}
