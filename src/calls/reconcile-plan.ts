/**
 * What to do with each call after the ARI socket comes back (Asterisk replays nothing it sent
 * while we were away). The rule, documented in the README:
 *  - a call this process still tracks and Asterisk still has: keep it;
 *  - a call we track, or an open row, whose channel is gone: close the record (ended while disconnected);
 *  - a channel the app owns that this process does not track (it restarted):
 *      in a bridge → watch it to the end, never cut a live conversation;
 *      inbound, rule `restart-entry` → take it back and restart the entry handler from the top;
 *      an outbound leg still ringing → follow it to its end (the customer's phone rings on; the carrier decides);
 *      anything else (an answered outbound leg whose dialer state is gone, or rule `hangup`) → hang up, record it.
 * An owned channel is outbound when its row says so or, with no row, when its id is one hotline gives its own legs.
 * Pure: (what Asterisk says, what we know, the rule) → actions.
 */
import { isOutboundChannelId } from './outbound-channel-ids.js';

export type OrphanRule = 'restart-entry' | 'hangup';

export type ReconcileAction =
  | { kind: 'keep'; channelId: string }
  | { kind: 'close-lost'; channelId: string }
  | { kind: 'watch-bridged'; channelId: string }
  | { kind: 'restart-entry'; channelId: string }
  | { kind: 'follow-ringing'; channelId: string }
  | { kind: 'hangup'; channelId: string };

export interface ReconcileInput {
  /** Channels Asterisk says the app owns now. */
  appChannels: string[];
  /** Channels in any bridge now. */
  bridged: ReadonlySet<string>;
  /** Calls this process tracks in memory. */
  live: string[];
  /** Rows with no end time, from this or an earlier run. */
  openRows: ReadonlyArray<{ channelId: string; direction: 'inbound' | 'outbound' }>;
  rule: OrphanRule;
  /** Owned channels not answered yet (Asterisk's state is not Up). */
  ringing: ReadonlySet<string>;
}

/** Plans reconciliation; every open row and every owned channel gets exactly one action. */
export function planReconcile(input: ReconcileInput): ReconcileAction[] {
  const owned = new Set(input.appChannels);
  const live = new Set(input.live);
  const rows = new Map(input.openRows.map((r) => [r.channelId, r.direction]));
  const actions: ReconcileAction[] = [];
  const seen = new Set<string>();

  for (const id of new Set([...live, ...rows.keys()])) {
    seen.add(id);
    if (!owned.has(id)) actions.push({ kind: 'close-lost', channelId: id });
    else if (live.has(id)) actions.push({ kind: 'keep', channelId: id });
    else actions.push(orphan(id, rows.get(id) ?? 'inbound', input));
  }
  for (const id of owned) {
    if (seen.has(id)) continue;
    // Owned but never recorded: an inbound caller whose StasisStart came while we were away, or an outbound leg
    // whose row the dead process had not written yet (its id says which).
    actions.push(orphan(id, isOutboundChannelId(id) ? 'outbound' : 'inbound', input));
  }
  return actions;
}

function orphan(channelId: string, direction: 'inbound' | 'outbound', input: ReconcileInput): ReconcileAction {
  if (input.bridged.has(channelId)) return { kind: 'watch-bridged', channelId };
  if (direction === 'outbound' || isOutboundChannelId(channelId)) {
    return input.ringing.has(channelId) ? { kind: 'follow-ringing', channelId } : { kind: 'hangup', channelId };
  }
  if (input.rule === 'restart-entry') return { kind: 'restart-entry', channelId };
  return { kind: 'hangup', channelId };
}
