import type { TelephonyEvent } from './port.js';

/** The fields of raw ARI events that hotline reads. */
export interface RawAriChannel {
  id: string;
  state: string;
  caller?: { number?: string };
  dialplan?: { exten?: string };
}

export interface RawAriEvent {
  type: string;
  timestamp?: string;
  application?: string;
  channel?: RawAriChannel;
  peer?: RawAriChannel;
  args?: string[];
  digit?: string;
  duration_ms?: number;
  cause?: number;
  cause_txt?: string;
  /** The technology's own cause on an off-nominal end (Asterisk 22.7+): for PJSIP the SIP final response code. */
  tech_cause?: number;
  /** On ChannelHangupRequest: the hang-up was asked for on Asterisk's side (ARI DELETE, a dial time-out). */
  soft?: boolean;
  dialstatus?: string;
  playback?: { id: string; target_uri?: string; state?: string };
  recording?: { name: string; target_uri?: string; duration?: number };
}

function eventTime(raw: RawAriEvent, now: number): number {
  if (!raw.timestamp) return now;
  // Asterisk writes "+0000"; Date.parse wants "+00:00".
  const t = Date.parse(raw.timestamp.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
  return Number.isNaN(t) ? now : t;
}

function channelFromUri(uri: string | undefined): string | null {
  if (!uri?.startsWith('channel:')) return null;
  return uri.slice('channel:'.length);
}

/** Maps one raw ARI event to the port's events (zero or one). Pure. */
export function toTelephonyEvent(raw: RawAriEvent, now: number): TelephonyEvent | null {
  const at = eventTime(raw, now);
  const ch = raw.channel;
  switch (raw.type) {
    case 'StasisStart':
      if (!ch) return null;
      return {
        type: 'call-arrived',
        channelId: ch.id,
        args: raw.args ?? [],
        callerNumber: ch.caller?.number ?? '',
        calledNumber: ch.dialplan?.exten ?? '',
        state: ch.state,
        at,
      };
    case 'ChannelStateChange':
      if (!ch) return null;
      if (ch.state === 'Ringing') return { type: 'ringing', channelId: ch.id, at };
      if (ch.state === 'Up') return { type: 'answered', channelId: ch.id, at };
      return null;
    case 'Dial':
      // Outbound legs report ringing through Dial events; the peer is our channel.
      if (raw.peer && raw.dialstatus === 'RINGING') return { type: 'ringing', channelId: raw.peer.id, at };
      return null;
    case 'ChannelDtmfReceived':
      if (!ch || !raw.digit) return null;
      return { type: 'dtmf', channelId: ch.id, digit: raw.digit, durationMs: raw.duration_ms ?? 0, at };
    case 'PlaybackStarted':
    case 'PlaybackFinished': {
      const channelId = channelFromUri(raw.playback?.target_uri);
      if (!channelId || !raw.playback) return null;
      if (raw.type === 'PlaybackStarted') return { type: 'playback-started', channelId, playbackId: raw.playback.id, at };
      // A missing file or an unreachable URL still ends in PlaybackFinished, with state "failed".
      return { type: 'playback-finished', channelId, playbackId: raw.playback.id, failed: raw.playback.state === 'failed', at };
    }
    case 'RecordingFinished': {
      const channelId = channelFromUri(raw.recording?.target_uri);
      if (!channelId || !raw.recording) return null;
      return { type: 'recording-finished', channelId, name: raw.recording.name, durationS: raw.recording.duration ?? 0, at };
    }
    case 'StasisEnd':
      if (!ch) return null;
      return { type: 'left-app', channelId: ch.id, at };
    case 'ChannelHangupRequest':
      if (!ch || raw.cause === undefined) return null;
      return { type: 'hangup-requested', channelId: ch.id, cause: raw.cause, ...(raw.soft ? { soft: true } : {}), ...(raw.tech_cause ? { sipCode: raw.tech_cause } : {}), at };
    case 'ChannelDestroyed':
      if (!ch) return null;
      return {
        type: 'hung-up',
        channelId: ch.id,
        cause: raw.cause ?? 0,
        causeText: raw.cause_txt ?? '',
        ...(raw.tech_cause ? { sipCode: raw.tech_cause } : {}),
        at,
      };
    default:
      return null;
  }
}
