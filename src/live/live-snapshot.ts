import type { AbandonWindowView } from './campaign-progress.js';
/**
 * What the live feed shows (calls in progress, queue waits, agent states, campaign progress) and what changed
 * between two looks. Pure: the hub gathers the inputs; masking for the viewer's role happens on the way out.
 */
import type { Principal } from '../auth/principal.js';
import { shownNumber } from '../auth/visibility.js';
import type { SupervisorMode } from '../calls/supervision-policy.js';

export interface LiveCallView {
  channelId: string;
  direction: 'inbound' | 'outbound';
  callerNumber: string | null;
  calledNumber: string | null;
  startedAt: number;
  answeredAt: number | null;
  /** The IVR node the call is in (its last path step). */
  node: string | null;
  agentId: string | null;
  campaignId: number | null;
}

export interface QueueWaitView {
  channelId: string;
  group: string;
  priority: number;
  queuedAt: number;
  /** The agent being rung for this caller. */
  ringing: string | null;
}

export interface AgentView {
  id: string;
  name: string;
  state: string;
  since: number;
  pauseReason: string | null;
  callId: string | null;
  /** Issue 13: how a supervisor monitors the agent's call now (listen, whisper, barge), or null. */
  monitored: SupervisorMode | null;
}

export interface CampaignView {
  id: number;
  name: string;
  state: string;
  leads: Record<string, number>;
  attempts: number;
  /** Live answers and abandons so far (campaign-progress.ts). */
  connects: number;
  abandoned: number;
  /** The abandon rate over the campaign's compliance window, with its limit. */
  abandonWindow: AbandonWindowView;
}

export interface LiveSnapshot {
  at: number;
  calls: LiveCallView[];
  queues: QueueWaitView[];
  agents: AgentView[];
  campaigns: CampaignView[];
}

type Section = 'calls' | 'queues' | 'agents' | 'campaigns';
const keyOf: { [S in Section]: (x: LiveSnapshot[S][number]) => string } = {
  calls: (c) => (c as LiveCallView).channelId,
  queues: (q) => (q as QueueWaitView).channelId,
  agents: (a) => (a as AgentView).id,
  campaigns: (c) => String((c as CampaignView).id),
};

/** Changes of one section: items new or different, and keys of items gone. */
export interface SectionChange<T> {
  set: T[];
  removed: string[];
}

export type LiveChange = { at: number } & { [S in Section]?: SectionChange<LiveSnapshot[S][number]> };

/** What changed from `prev` to `next`, or null when nothing did. `next` sections left undefined are not compared. */
export function diffSnapshots(prev: LiveSnapshot, next: Partial<LiveSnapshot> & { at: number }): LiveChange | null {
  const change: LiveChange = { at: next.at };
  let any = false;
  for (const section of Object.keys(keyOf) as Section[]) {
    const after = next[section] as Array<LiveSnapshot[Section][number]> | undefined;
    if (!after) continue;
    const key = keyOf[section] as (x: unknown) => string;
    const before = new Map((prev[section] as unknown[]).map((x) => [key(x), JSON.stringify(x)]));
    const set = after.filter((x) => before.get(key(x)) !== JSON.stringify(x));
    const present = new Set(after.map(key));
    const removed = [...before.keys()].filter((k) => !present.has(k));
    if (set.length || removed.length) {
      (change as Record<string, unknown>)[section] = { set, removed };
      any = true;
    }
  }
  return any ? change : null;
}

/** Applies a change to a snapshot (the hub keeps its last full picture this way). */
export function applyChange(s: LiveSnapshot, c: LiveChange): LiveSnapshot {
  const out = { ...s, at: c.at };
  for (const section of Object.keys(keyOf) as Section[]) {
    const ch = c[section] as SectionChange<unknown> | undefined;
    if (!ch) continue;
    const key = keyOf[section] as (x: unknown) => string;
    const gone = new Set([...ch.removed, ...ch.set.map(key)]);
    (out as Record<string, unknown>)[section] = [...(s[section] as unknown[]).filter((x) => !gone.has(key(x))), ...ch.set].sort((a, b) =>
      key(a).localeCompare(key(b), 'en', { numeric: true }),
    );
  }
  return out;
}

/** The snapshot or change as the viewer may see it: numbers masked for roles that do not need them. */
export function forViewer<T extends Partial<LiveSnapshot> | LiveChange>(x: T, viewer: Pick<Principal, 'role'>): T {
  const mask = (c: LiveCallView): LiveCallView => ({ ...c, callerNumber: shownNumber(viewer, c.callerNumber), calledNumber: shownNumber(viewer, c.calledNumber) });
  const calls = (x as { calls?: LiveCallView[] | SectionChange<LiveCallView> }).calls;
  if (!calls) return x;
  if (Array.isArray(calls)) return { ...x, calls: calls.map(mask) };
  return { ...x, calls: { ...calls, set: calls.set.map(mask) } };
}
