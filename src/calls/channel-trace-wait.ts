/**
 * Reads Asterisk's channel record until it has caught up. A channel leaves ARI's list a moment before its HANGUP and
 * CHAN_END lines are written (CEL is written off Asterisk's event bus), so a restart that reads once, right after the
 * channel went, can find the channel with no end and close it as lost (seen once in CI by restart-truth.lab.test.ts,
 * and once in the chaos run). Bounded: after RECORD_WAIT_MS what is known is used.
 */
import type { Clock } from '../clock.js';
import type { ChannelTraces } from './channel-trace.js';

/** How long a restart waits for Asterisk to write the end of a channel that is already gone. */
export const RECORD_WAIT_MS = 10_000;
/** How often the record is read again meanwhile. */
export const RECORD_POLL_MS = 250;

/**
 * Reads the record, and again every RECORD_POLL_MS while `waiting(traces, waitedMs)` says an end it needs is not
 * written yet. `waiting` decides when to stop; it is told how long has passed, and must give up by RECORD_WAIT_MS.
 */
export async function readTracesUntil(
  read: () => ChannelTraces | null,
  waiting: (traces: ChannelTraces | null, waitedMs: number) => boolean,
  clock: Pick<Clock, 'now' | 'setTimeout'>,
): Promise<ChannelTraces | null> {
  const start = clock.now();
  for (;;) {
    const traces = read();
    const waited = clock.now() - start;
    if (!traces || !waiting(traces, waited) || waited >= RECORD_WAIT_MS) return traces;
    await new Promise<void>((resolve) => clock.setTimeout(resolve, RECORD_POLL_MS));
  }
}
