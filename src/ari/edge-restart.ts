/**
 * Did the SIP edge restart? Kamailio keeps API agents' digests in memory (its `agents` htable): a restarted edge has
 * forgotten them and refuses those phones' REGISTERs until hotline sets them again. This decides, from the last reading
 * of the edge's `core.uptime` and a new one, what happened in between and whether the digests must be set again.
 */

/** One probe of the edge: its start time (Kamailio's `up_since`, text) and seconds up, or no answer. */
export type EdgeReading = { kind: 'up'; upSince: string; uptimeS: number } | { kind: 'down' };

export type EdgeChange = 'first-seen' | 'same' | 'restarted' | 'unreachable' | 'still-unreachable' | 'back';

/** What the watch does on each change: set the stored agents again, and what it logs (once per event, not per probe). */
export const edgeActions: Record<EdgeChange, { repush: boolean; log: 'info' | 'warn' | null }> = {
  'first-seen': { repush: false, log: null },
  same: { repush: false, log: null },
  restarted: { repush: true, log: 'info' },
  unreachable: { repush: false, log: 'warn' },
  'still-unreachable': { repush: false, log: null },
  // It may have restarted while hotline could not see it: setting the digests again is cheap, a refused phone is not.
  back: { repush: true, log: 'info' },
};

export function edgeChange(last: EdgeReading | undefined, next: EdgeReading): EdgeChange {
  if (next.kind === 'down') return last?.kind === 'down' ? 'still-unreachable' : 'unreachable';
  if (last === undefined) return 'first-seen';
  if (last.kind === 'down') return 'back';
  // up_since is text at one-second grain: a restart in the same second still shows as uptime going backwards.
  if (next.upSince !== last.upSince || next.uptimeS < last.uptimeS) return 'restarted';
  return 'same';
}
