import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { AriCommands } from './ari-commands.js';
import { AriConnection, type AriConnectionOptions } from './ari-connection.js';
import { AriRest } from './ari-rest.js';
import { EarlyMedia, isHearingChannel } from './early-media.js';
import type {
  ChannelSnapshot,
  ConnectionEvent,
  OriginateRequest,
  RecordRequest,
  SipPhone,
  MuteDirection,
  SnoopRequest,
  TelephonyEvent,
  TelephonyPort,
  Unsubscribe,
} from './port.js';
import { isSupervisionChannel } from './port.js';
import { SipPush } from './sip-push.js';

/** The connection's settings (one definition, in ari-connection.ts), plus what the commands need. */
export interface AriTelephonyOptions extends Omit<AriConnectionOptions, 'log' | 'clock'> {
  /** The address Asterisk sends early media to (a UDP socket of hotline's); 127.0.0.1 unless Asterisk is elsewhere. */
  mediaHost?: string;
  /** A REST call that takes longer fails with ARI_UNAVAILABLE instead of stalling a call flow. */
  requestTimeoutMs?: number;
  dialerContext: string;
  logger: Logger;
  clock: Clock;
}

/**
 * The TelephonyPort on Asterisk ARI, in three parts: AriConnection (our own event WebSocket: ping, reconnect, event
 * fan-out), AriCommands (every REST request, on AriRest's keep-alive pool) and SipPush (push configuration of phones).
 */
export class AriTelephony implements TelephonyPort {
  private readonly rest: AriRest;
  private readonly connection: AriConnection;
  private readonly commands: AriCommands;
  private readonly sip: SipPush;
  private readonly earlyMedia: EarlyMedia;

  constructor(opts: AriTelephonyOptions) {
    const log = opts.logger.child({ component: 'ari' });
    this.rest = new AriRest(opts.url, opts.username, opts.password, opts.clock, opts.requestTimeoutMs ?? 5000);
    this.connection = new AriConnection({ ...opts, log });
    this.commands = new AriCommands(this.rest, { app: opts.app, clock: opts.clock, log });
    this.sip = new SipPush(this.rest);
    this.earlyMedia = new EarlyMedia({
      rest: this.rest,
      app: opts.app,
      clock: opts.clock,
      log,
      host: opts.mediaHost ?? '127.0.0.1',
      watch: (id, listener) => this.connection.watchChannel(id, listener),
    });
    this.connection.onConnection((e) => {
      if (e.type === 'connected') void this.earlyMedia.sweep();
    });
  }

  get connected(): boolean {
    return this.connection.connected;
  }

  start(): Promise<void> {
    return this.connection.start();
  }

  async stop(): Promise<void> {
    this.connection.stop();
    this.rest.close();
  }

  onEvent(listener: (event: TelephonyEvent) => void): Unsubscribe {
    return this.connection.onEvent(listener);
  }

  onConnection(listener: (event: ConnectionEvent) => void): Unsubscribe {
    return this.connection.onConnection(listener);
  }

  watchChannel(channelId: string, listener: (event: TelephonyEvent) => void): Unsubscribe {
    return this.connection.watchChannel(channelId, listener);
  }

  watchedChannels(): number {
    return this.connection.watchedChannels();
  }

  follow(channelId: string): Promise<void> {
    return this.commands.follow(channelId);
  }

  answer(channelId: string): Promise<void> {
    return this.commands.answer(channelId);
  }

  play(channelId: string, media: string[], playbackId?: string): Promise<string> {
    return this.commands.play(channelId, media, playbackId);
  }

  stopPlayback(playbackId: string): Promise<void> {
    return this.commands.stopPlayback(playbackId);
  }

  startMoh(channelId: string, mohClass?: string): Promise<void> {
    return this.commands.startMoh(channelId, mohClass);
  }

  stopMoh(channelId: string): Promise<void> {
    return this.commands.stopMoh(channelId);
  }

  record(channelId: string, req: RecordRequest): Promise<void> {
    return this.commands.record(channelId, req);
  }

  recordBridge(bridgeId: string, req: { name: string; format?: 'wav' }): Promise<void> {
    return this.commands.recordBridge(bridgeId, req);
  }

  createBridge(bridgeId?: string): Promise<string> {
    return this.commands.createBridge(bridgeId);
  }

  addToBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    return this.commands.addToBridge(bridgeId, channelIds);
  }

  removeFromBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    return this.commands.removeFromBridge(bridgeId, channelIds);
  }

  destroyBridge(bridgeId: string): Promise<void> {
    return this.commands.destroyBridge(bridgeId);
  }

  originate(req: OriginateRequest): Promise<void> {
    return this.commands.originate(req, () => this.earlyMedia.beforeDial(req.channelId));
  }

  hearEarlyMedia(channelId: string, onAudio: (pcm: Int16Array, at: number) => void, opts?: { legExists?: boolean }): Promise<() => Promise<void>> {
    return this.earlyMedia.hear(channelId, onAudio, opts);
  }

  /** Legs being heard now (leak checks). */
  earlyMediaSessions(): number {
    return this.earlyMedia.count();
  }

  continueInDialplan(channelId: string, target: { context: string; extension: string; priority?: number }): Promise<void> {
    return this.commands.continueInDialplan(channelId, target);
  }

  hangup(channelId: string, reason?: 'normal' | 'busy' | 'congestion' | 'no_answer'): Promise<void> {
    return this.commands.hangup(channelId, reason);
  }

  snoop(channelId: string, req: SnoopRequest): Promise<void> {
    return this.commands.snoop(channelId, req);
  }

  mute(channelId: string, direction: MuteDirection): Promise<void> {
    return this.commands.mute(channelId, direction);
  }

  unmute(channelId: string, direction: MuteDirection): Promise<void> {
    return this.commands.unmute(channelId, direction);
  }

  /** The calls' channels: a hearing's snoop and external channel, and a supervisor's leg and snoop, are in the app too, and are no call. */
  async appChannels(): Promise<string[]> {
    return (await this.commands.appChannels()).filter((id) => !isHearingChannel(id) && !isSupervisionChannel(id));
  }

  channel(channelId: string): Promise<ChannelSnapshot | null> {
    return this.commands.channel(channelId);
  }

  async bridgedChannels(): Promise<Set<string>> {
    return new Set([...(await this.commands.bridgedChannels())].filter((id) => !isHearingChannel(id) && !isSupervisionChannel(id)));
  }

  asteriskVersion(): Promise<string> {
    return this.commands.asteriskVersion();
  }

  asteriskStartedAt(): Promise<number | null> {
    return this.commands.asteriskStartedAt();
  }

  pushSipPhone(phone: SipPhone): Promise<void> {
    return this.sip.pushSipPhone(phone);
  }

  removeSipPhone(id: string): Promise<void> {
    return this.sip.removeSipPhone(id);
  }
}
