/**
 * The calls Asterisk took while hotline was away (restarting, or its socket down): callers who reached the fallback
 * in the dialplan and never reached the app, so no row was written as they came (issue 17 item 9). Each one is found in
 * Asterisk's channel record and gets a closed inbound row, `reconciled = 'while-away'`. Pure.
 * Only callers count: PJSIP channels with Asterisk's own ids. hotline's own legs (`dial-…`), helper channels
 * (snoop, external media, Local) and channels still up (reconciliation takes those) are not calls to record.
 */
import type { NewCall } from '../store/calls-repo.js';
import type { ChannelTraces } from './channel-trace.js';
import { isOutboundChannelId } from './outbound-channel-ids.js';
import { causeText } from './q850.js';
import { classifyInbound } from './outcome.js';

/** How far back a reconnect looks for callers without a record, at most (it starts where hotline went away). */
export const AWAY_LOOKBACK_MS = 15 * 60_000;

export function awayCalls(traces: ChannelTraces, hasRow: (channelId: string) => boolean, since: number): NewCall[] {
  const out: NewCall[] = [];
  for (const t of traces.byId.values()) {
    if (t.startedAt === null || t.startedAt < since) continue;
    if (!t.name.startsWith('PJSIP/') || isOutboundChannelId(t.id)) continue;
    const endedAt = t.endedAt ?? t.hangup?.at ?? null;
    if (endedAt === null || hasRow(t.id)) continue;
    const cause = t.hangup?.cause ?? null;
    out.push({
      channelId: t.id,
      direction: 'inbound',
      startedAt: t.startedAt,
      ringAt: t.startedAt,
      answeredAt: t.answeredAt,
      endedAt,
      callerNumber: t.callerNumber,
      calledNumber: t.exten,
      entryNumber: t.exten,
      causeCode: cause,
      causeText: cause === null ? null : causeText(cause),
      outcome: classifyInbound({ answered: t.answeredAt !== null }),
      reconciled: 'while-away',
    });
  }
  return out.sort((a, b) => a.startedAt - b.startedAt);
}
