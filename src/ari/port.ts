/**
 * The telephony port: what the rest of hotline knows about telephony. Only src/ari implements it;
 * IVR, ACD and dialer runners talk to this interface, so their logic never sees ARI.
 */

/** Events the engine reacts to. `at` is Asterisk's own event time in epoch ms. */
export type TelephonyEvent =
  | {
      type: 'call-arrived';
      channelId: string;
      /** First Stasis() argument: `inbound` from an entry number, `outbound` for our originations, `dialer` after AMD. */
      args: string[];
      callerNumber: string;
      calledNumber: string;
      state: string;
      at: number;
    }
  | { type: 'ringing'; channelId: string; at: number }
  | { type: 'answered'; channelId: string; at: number }
  | { type: 'dtmf'; channelId: string; digit: string; durationMs: number; at: number }
  | { type: 'playback-started'; channelId: string; playbackId: string; at: number }
  | { type: 'playback-finished'; channelId: string; playbackId: string; failed: boolean; at: number }
  | { type: 'recording-finished'; channelId: string; name: string; durationS: number; at: number }
  | { type: 'left-app'; channelId: string; at: number }
  | { type: 'hangup-requested'; channelId: string; cause: number; soft?: boolean; sipCode?: number; at: number }
  | { type: 'hung-up'; channelId: string; cause: number; causeText: string; sipCode?: number; at: number };

export type ConnectionEvent =
  | { type: 'connected'; reconnect: boolean; at: number }
  | { type: 'disconnected'; reason: string; at: number };

/** A channel as Asterisk reports it now. */
export interface ChannelSnapshot {
  id: string;
  state: string;
  callerNumber: string;
  calledNumber: string;
  createdAt: number;
}

export interface OriginateRequest {
  /** Pre-created id: listeners are attached before the dial starts, so no event can be missed. */
  channelId: string;
  /** Dial string, e.g. PJSIP/13900000000@carrier. */
  endpoint: string;
  callerId: string;
  timeoutS: number;
  /** Run AMD and fax-tone detection in the dialer context once answered. */
  amd: boolean;
  variables?: Record<string, string>;
  /** A channel this leg will be bridged with: with several Asterisk nodes the leg is dialled from that channel's node. */
  near?: string;
  /**
   * Called synchronously just before the dial request is sent (the channel exists, nothing has gone to the carrier):
   * a write-ahead mark, so a restart can tell a created leg that was never dialed from one that may have rung.
   */
  onDialing?: () => void;
}

export interface RecordRequest {
  name: string;
  format?: 'wav' | 'gsm' | 'ulaw';
  maxDurationS?: number;
  maxSilenceS?: number;
  beep?: boolean;
  terminateOn?: 'none' | 'any' | '*' | '#';
}

/**
 * A SIP phone as Asterisk's PJSIP objects, for ARI push configuration: the attributes (pjsip.conf option names) of its
 * auth, aor and endpoint, all three named by `id`. Order matters where pjsip.conf's does (disallow before allow).
 */
export interface SipPhone {
  id: string;
  auth: Readonly<Record<string, string>>;
  aor: Readonly<Record<string, string>>;
  endpoint: Readonly<Record<string, string>>;
}

/**
 * An ARI snoop channel on a live channel (issue 13, supervisors): `spy` is what the snoop hears of the channel, `whisper`
 * where the snoop's own audio goes (`out`: toward the channel's phone only). The snoop enters the app with the argument
 * `supervision`, so listeners for calls ignore it; bridge it like any channel, hang it up to end it.
 */
export interface SnoopRequest {
  snoopId: string;
  spy: 'none' | 'in' | 'out' | 'both';
  whisper: 'none' | 'in' | 'out' | 'both';
}

export type MuteDirection = 'in' | 'out' | 'both';

/** Ids of a supervisor's leg, snoop and bridge start with this: helpers of a call, never a call to reconcile. */
export const SUPERVISION_PREFIX = 'sv-';

export function isSupervisionChannel(channelId: string): boolean {
  return channelId.startsWith(SUPERVISION_PREFIX);
}

export type Unsubscribe = () => void;

export interface TelephonyPort {
  /** True while the event socket is up. */
  readonly connected: boolean;
  /** Connects and keeps reconnecting until stop(). Resolves after the first connection attempt. */
  start(): Promise<void>;
  /** Closes the socket without touching calls in Asterisk. */
  stop(): Promise<void>;
  onEvent(listener: (event: TelephonyEvent) => void): Unsubscribe;
  onConnection(listener: (event: ConnectionEvent) => void): Unsubscribe;
  /** Listens to one channel; the listener is dropped on its own when the channel hangs up. */
  watchChannel(channelId: string, listener: (event: TelephonyEvent) => void): Unsubscribe;
  /** Keeps the app subscribed to a channel after it leaves Stasis, so its hang-up and cause are always reported. */
  follow(channelId: string): Promise<void>;
  /** Number of channels with per-channel listeners (for leak checks). */
  watchedChannels(): number;

  answer(channelId: string): Promise<void>;
  /** Plays media URIs in order (sound:, digits:, number:, recording:, or an http(s) URL); returns the playback id. */
  play(channelId: string, media: string[], playbackId?: string): Promise<string>;
  stopPlayback(playbackId: string): Promise<void>;
  /** Music on hold from an Asterisk musiconhold.conf class, until stopMoh(). */
  startMoh(channelId: string, mohClass?: string): Promise<void>;
  stopMoh(channelId: string): Promise<void>;
  record(channelId: string, req: RecordRequest): Promise<void>;
  /** Records everything a bridge mixes into Asterisk's recording spool (<spool>/recording/<name>.<format>) until it is destroyed. */
  recordBridge(bridgeId: string, req: { name: string; format?: 'wav' }): Promise<void>;
  createBridge(bridgeId?: string): Promise<string>;
  addToBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  removeFromBridge(bridgeId: string, channelIds: string[]): Promise<void>;
  destroyBridge(bridgeId: string): Promise<void>;
  originate(req: OriginateRequest): Promise<void>;
  /**
   * Hears what the far end of a leg sends, from its first early-media packet (183 or 180 with SDP) through the answer,
   * until stopped or the leg ends: 8 kHz 16-bit PCM chunks with their arrival time. Call it before originate(), without
   * waiting for it: the set-up runs beside the originate's create, and the originate sends the dial only once the
   * hearing listens. For a leg that exists already (heard after the originate) pass `legExists`. Resolves with the
   * function that stops it and frees every resource it took.
   */
  hearEarlyMedia(channelId: string, onAudio: (pcm: Int16Array, at: number) => void, opts?: { legExists?: boolean }): Promise<() => Promise<void>>;
  continueInDialplan(channelId: string, target: { context: string; extension: string; priority?: number }): Promise<void>;
  hangup(channelId: string, reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void>;
  /** Starts a snoop channel on `channelId` (see SnoopRequest); resolves once Asterisk has made it. */
  snoop(channelId: string, req: SnoopRequest): Promise<void>;
  /**
   * Mutes a channel's voice (`in`: what its phone sends is dropped before any bridge or snoop hears it; `out`: what is
   * sent to its phone), until unmute() with the same direction.
   */
  mute(channelId: string, direction: MuteDirection): Promise<void>;
  unmute(channelId: string, direction: MuteDirection): Promise<void>;

  /** Channel ids the app owns right now (GET /applications/{app}). */
  appChannels(): Promise<string[]>;
  channel(channelId: string): Promise<ChannelSnapshot | null>;
  /** Ids of channels that sit in any bridge: a live conversation that must not be cut. */
  bridgedChannels(): Promise<Set<string>>;
  asteriskVersion(): Promise<string>;
  /** When the running Asterisk started (GET /asterisk/info status.startup_time); null if it does not say. */
  asteriskStartedAt?(): Promise<number | null>;

  /**
   * Creates or replaces a phone in Asterisk's memory (ARI push configuration; needs sorcery.conf's memory wizard).
   * SIP_ENDPOINT_STATIC when Asterisk has one of its objects in its own config. Gone when Asterisk restarts.
   */
  pushSipPhone(phone: SipPhone): Promise<void>;
  /** Removes a pushed phone; parts that are not there are not an error. */
  removeSipPhone(id: string): Promise<void>;
}
