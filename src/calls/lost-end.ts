/**
 * How a call record whose channel vanished while hotline was not listening is closed. Pure:
 * (the row, Asterisk's own channel record, whether the media server itself was lost) → the end to write.
 *  - Asterisk was restarted: the call was cut by the media-server loss (`media-server-lost`), whatever else is known;
 *    reports keep it out of "served" (issue 17 item 9);
 *  - Asterisk's record has the channel's hang-up: its cause decides, as if the end had been seen (`asterisk-record`);
 *    a busy, a no answer or a 404 is that, not `failed` (issue 17 item 8);
 *  - the record is complete since before the leg was claimed and has no such channel: the originate never reached
 *    Asterisk, no INVITE was sent (`never-dialed`);
 *  - no record can be read: closed as before (`ended-while-disconnected`), end time = when hotline found out.
 */
import type { ChannelTraces } from './channel-trace.js';
import { sipCodeForCause } from './cause-sip.js';
import { classifyInbound, classifyOutbound, type CallOutcome } from './outcome.js';
import { causeText } from './q850.js';

export interface LostRow {
  channelId: string;
  direction: 'inbound' | 'outbound';
  startedAt: number;
  answeredAt: number | null;
  amdStatus: string | null;
  faxTones: number | null;
  outcome: string | null;
  causeCode: number | null;
  causeText: string | null;
}

export type LostHow = 'media-server-lost' | 'asterisk-record' | 'never-dialed' | 'ended-while-disconnected';

export interface LostEnd {
  endedAt: number;
  answeredAt: number | null;
  cause: number | null;
  causeText: string | null;
  sipCode: number | null;
  outcome: CallOutcome | 'failed';
  reconciled: LostHow;
}

export function lostEnd(row: LostRow, traces: ChannelTraces | null, now: number, opts: { shortCallS: number; mediaServerLost: boolean }): LostEnd {
  const trace = traces?.byId.get(row.channelId);
  const answeredAt = row.answeredAt ?? trace?.answeredAt ?? null;
  const answered = answeredAt !== null;
  if (opts.mediaServerLost) {
    const outcome = row.direction === 'inbound' ? classifyInbound({ answered }) : answered ? 'human' : 'network-failure';
    return { endedAt: trace?.endedAt ?? trace?.hangup?.at ?? now, answeredAt, cause: 38, causeText: 'Media server lost', sipCode: null, outcome, reconciled: 'media-server-lost' };
  }
  if (trace?.hangup) {
    const { cause, at } = trace.hangup;
    const endedAt = trace.endedAt ?? at;
    const outcome =
      row.direction === 'inbound'
        ? classifyInbound({ answered })
        : classifyOutbound({
            cause,
            answered,
            amdStatus: row.amdStatus ?? undefined,
            faxTones: row.faxTones ?? undefined,
            talkS: answered ? (endedAt - (answeredAt ?? endedAt)) / 1000 : undefined,
            shortCallS: opts.shortCallS,
          });
    return { endedAt, answeredAt, cause, causeText: causeText(cause), sipCode: row.direction === 'outbound' ? sipCodeForCause(cause, answered) : null, outcome, reconciled: 'asterisk-record' };
  }
  if (traces && !trace && row.direction === 'outbound' && row.startedAt >= traces.coversFrom) {
    return { endedAt: now, answeredAt: null, cause: null, causeText: 'never dialed: Asterisk has no record of the channel', sipCode: null, outcome: 'failed', reconciled: 'never-dialed' };
  }
  const outcome = row.direction === 'inbound' ? classifyInbound({ answered }) : ((row.outcome as CallOutcome | null) ?? 'failed');
  return { endedAt: now, answeredAt, cause: row.causeCode, causeText: row.causeText, sipCode: null, outcome, reconciled: 'ended-while-disconnected' };
}
