/**
 * Asterisk's own record of each channel, read from its Channel Event Log (CEL). The lab writes it with cel_custom's
 * JSON mapping (asterisk/etc/cel_custom.conf), one event a line:
 *   {"eventtype":"HANGUP","eventtime":1765120000.123,"uniqueid":"dial-…","num":"…","exten":"…","channame":"PJSIP/…",
 *    "eventextra":"{\"hangupcause\":17,…}"}
 * A restart that missed the end of a channel reads how it ended here instead of guessing (issue 17 item 8), and a
 * reconnect finds here the calls Asterisk took while hotline was away (item 9). Pure: text in, traces out.
 */
export interface ChannelTrace {
  id: string;
  startedAt: number | null;
  answeredAt: number | null;
  /** The Q.850 cause of the hang-up and when it happened. */
  hangup: { cause: number; at: number } | null;
  endedAt: number | null;
  callerNumber: string;
  exten: string;
  /** The channel's name (`PJSIP/carrier-00000012`): which technology, and so whether a caller or a helper channel. */
  name: string;
}

/** The traces read, and from when the log is complete (a channel started before that may simply not be in it). */
export interface ChannelTraces {
  byId: ReadonlyMap<string, ChannelTrace>;
  coversFrom: number;
}

interface CelLine {
  eventtype?: unknown;
  eventtime?: unknown;
  uniqueid?: unknown;
  num?: unknown;
  exten?: unknown;
  channame?: unknown;
  eventextra?: unknown;
}

/** Parses CEL JSON lines; a line that is not one (a partial last line, a foreign format) is skipped. */
export function parseChannelTraces(text: string): ChannelTraces {
  const byId = new Map<string, ChannelTrace>();
  let coversFrom = Number.POSITIVE_INFINITY;
  for (const line of text.split('\n')) {
    if (!line.startsWith('{')) continue;
    let e: CelLine;
    try {
      e = JSON.parse(line) as CelLine;
    } catch {
      continue;
    }
    const id = typeof e.uniqueid === 'string' ? e.uniqueid : '';
    const at = Math.round(Number(e.eventtime) * 1000);
    if (!id || !Number.isFinite(at)) continue;
    coversFrom = Math.min(coversFrom, at);
    let t = byId.get(id);
    if (!t) byId.set(id, (t = { id, startedAt: null, answeredAt: null, hangup: null, endedAt: null, callerNumber: '', exten: '', name: '' }));
    switch (e.eventtype) {
      case 'CHAN_START':
        t.startedAt = at;
        t.callerNumber = typeof e.num === 'string' ? e.num : '';
        t.exten = typeof e.exten === 'string' ? e.exten : '';
        t.name = typeof e.channame === 'string' ? e.channame : '';
        break;
      case 'ANSWER':
        t.answeredAt ??= at;
        break;
      case 'HANGUP':
        t.hangup = { cause: causeOf(e.eventextra), at };
        break;
      case 'CHAN_END':
        t.endedAt = at;
        break;
      default:
        break;
    }
  }
  return { byId, coversFrom };
}

function causeOf(extra: unknown): number {
  if (typeof extra !== 'string') return 0;
  try {
    const cause = (JSON.parse(extra) as { hangupcause?: unknown }).hangupcause;
    return typeof cause === 'number' ? cause : 0;
  } catch {
    return 0;
  }
}

/**
 * What the record says of one channel a restart missed: `ended` (its hang-up is written), `no-channel` (the record is
 * complete since before the channel was asked for and does not have it), `no-end-yet` (there, its end not written
 * yet: Asterisk writes it a moment after the channel goes), `none` (no record, or it does not reach back that far).
 */
export type TraceRecord = 'ended' | 'no-channel' | 'no-end-yet' | 'none';

export function traceRecordOf(traces: ChannelTraces | null, channelId: string, askedAt: number): TraceRecord {
  if (!traces) return 'none';
  const t = traces.byId.get(channelId);
  if (t) return t.hangup ? 'ended' : 'no-end-yet';
  return askedAt >= traces.coversFrom ? 'no-channel' : 'none';
}
