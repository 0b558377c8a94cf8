import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import { isNotInAppYet } from './ari-errors.js';
import type { AriRest } from './ari-rest.js';
import type { ChannelSnapshot, MuteDirection, OriginateRequest, RecordRequest, SnoopRequest } from './port.js';

/** The argument a supervisor's snoop channel enters the app with: listeners for calls ignore it. */
export const SUPERVISION_ARG = 'supervision';

/** What Asterisk answers for GET /channels/{id}: the fields hotline reads. */
interface RawChannel {
  id: string;
  state: string;
  caller?: { number?: string };
  dialplan?: { exten?: string };
  creationtime?: string;
}

/**
 * The ARI requests hotline makes, commands and reads alike, all through one AriRest transport: one keep-alive pool,
 * one time-out and one mapping of Asterisk's answers to catalogue errors.
 */
export class AriCommands {
  constructor(
    private readonly rest: AriRest,
    private readonly opts: { app: string; clock: Clock; log: Logger },
  ) {}

  async follow(channelId: string): Promise<void> {
    await this.rest.call('POST', `/applications/${encodeURIComponent(this.opts.app)}/subscription`, { eventSource: `channel:${channelId}` }, undefined, `channel ${channelId}`);
  }

  async answer(channelId: string): Promise<void> {
    await this.rest.call('POST', `/channels/${channelId}/answer`, {}, undefined, `channel ${channelId}`);
  }

  async play(channelId: string, media: string[], playbackId?: string): Promise<string> {
    const id = playbackId ?? `pb-${channelId}-${this.opts.clock.now().toString(36)}-${Math.floor(this.opts.clock.random() * 1e6)}`;
    await this.rest.call('POST', `/channels/${channelId}/play/${id}`, { media }, undefined, `channel ${channelId}`);
    return id;
  }

  async stopPlayback(playbackId: string): Promise<void> {
    await this.rest.call('DELETE', `/playbacks/${playbackId}`, {}, undefined, `playback ${playbackId}`);
  }

  async startMoh(channelId: string, mohClass = 'default'): Promise<void> {
    await this.rest.call('POST', `/channels/${channelId}/moh`, { mohClass }, undefined, `channel ${channelId}`);
  }

  async stopMoh(channelId: string): Promise<void> {
    await this.rest.call('DELETE', `/channels/${channelId}/moh`, {}, undefined, `channel ${channelId}`);
  }

  async record(channelId: string, req: RecordRequest): Promise<void> {
    await this.rest.call(
      'POST',
      `/channels/${channelId}/record`,
      {
        name: req.name,
        format: req.format ?? 'wav',
        maxDurationSeconds: req.maxDurationS ?? 0,
        maxSilenceSeconds: req.maxSilenceS ?? 0,
        beep: req.beep ?? true,
        terminateOn: req.terminateOn ?? '#',
        ifExists: 'overwrite',
      },
      undefined,
      `channel ${channelId}`,
    );
  }

  async recordBridge(bridgeId: string, req: { name: string; format?: 'wav' }): Promise<void> {
    // No beep and no terminating key: a conversation recording must not be heard or cut short by a customer's keypress.
    await this.rest.call(
      'POST',
      `/bridges/${bridgeId}/record`,
      { name: req.name, format: req.format ?? 'wav', maxDurationSeconds: 0, maxSilenceSeconds: 0, beep: false, terminateOn: 'none', ifExists: 'overwrite' },
      undefined,
      `bridge ${bridgeId}`,
    );
  }

  async createBridge(bridgeId?: string): Promise<string> {
    const bridge = await this.rest.call<{ id: string }>('POST', '/bridges', { type: 'mixing', bridgeId }, undefined, 'bridge');
    return bridge.id;
  }

  /**
   * Adds channels to a bridge, again for up to 2 s while Asterisk says one is not in the app yet: a leg's answer can
   * reach us before its StasisStart under load (seen on the lab: a supervisor's monitor refused as CHANNEL_GONE).
   */
  async addToBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    await this.whileNotInApp(() => this.rest.call('POST', `/bridges/${bridgeId}/addChannel`, { channel: channelIds }, undefined, `bridge ${bridgeId}`), channelIds.join(','));
  }

  private async whileNotInApp(request: () => Promise<unknown>, channelId: string): Promise<void> {
    const started = this.opts.clock.now();
    for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
      try {
        await request();
        return;
      } catch (err) {
        if (!isNotInAppYet(err) || this.opts.clock.now() - started > 2000) throw err;
        this.opts.log.debug({ channelId, wait }, 'channel not in the app yet; asking again');
        await new Promise<void>((resolve) => this.opts.clock.setTimeout(resolve, wait));
      }
    }
  }

  async removeFromBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    await this.rest.call('POST', `/bridges/${bridgeId}/removeChannel`, { channel: channelIds }, undefined, `bridge ${bridgeId}`);
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    await this.rest.call('DELETE', `/bridges/${bridgeId}`, {}, undefined, `bridge ${bridgeId}`);
  }

  /**
   * Creates the channel inside the app first and dials it second (channels/create + dial), so every
   * event from the first 100 Trying to a 404 a millisecond later reaches us, then subscribes the app
   * to it so events keep coming while AMD runs in the dialplan. `beforeDial` runs beside the subscription, once the
   * channel exists; the dial waits for both.
   */
  async originate(req: OriginateRequest, beforeDial: () => Promise<void> = async () => undefined): Promise<void> {
    const what = `channel ${req.channelId}`;
    await this.rest.call(
      'POST',
      '/channels/create',
      { endpoint: req.endpoint, app: this.opts.app, appArgs: req.amd ? 'outbound,amd' : 'outbound', channelId: req.channelId },
      { variables: { 'CALLERID(num)': req.callerId, ...(req.variables ?? {}) } },
      what,
    );
    try {
      // The subscription and what must be in place before the dial (the hearing's snoop) need only the channel: both
      // at once. Both settle before a failure is thrown, so the channel is not deleted under a request still running.
      const [followed, prepared] = await Promise.allSettled([this.follow(req.channelId), beforeDial()]);
      if (followed.status === 'rejected') throw followed.reason;
      if (prepared.status === 'rejected') throw prepared.reason;
      req.onDialing?.();
      await this.dialCreated(req.channelId, req.timeoutS, what);
    } catch (err) {
      // A created channel that was never dialed would sit in Asterisk, silent, until someone hangs it up.
      if (!isHotlineError(err, 'CHANNEL_GONE') || isNotInAppYet(err)) await this.rest.call('DELETE', `/channels/${req.channelId}`, {}, undefined, what).catch(() => undefined);
      throw err;
    }
  }

  /** Dials a channel made by /channels/create, waiting (up to 2 s) for it to join the app if the request came first. */
  private async dialCreated(channelId: string, timeoutS: number, what: string): Promise<void> {
    await this.whileNotInApp(() => this.rest.call('POST', `/channels/${channelId}/dial`, { timeout: timeoutS }, undefined, what), channelId);
  }

  async continueInDialplan(channelId: string, target: { context: string; extension: string; priority?: number }): Promise<void> {
    await this.rest.call(
      'POST',
      `/channels/${channelId}/continue`,
      { context: target.context, extension: target.extension, priority: target.priority ?? 1 },
      undefined,
      `channel ${channelId}`,
    );
  }

  async snoop(channelId: string, req: SnoopRequest): Promise<void> {
    await this.rest.call(
      'POST',
      `/channels/${channelId}/snoop`,
      { spy: req.spy, whisper: req.whisper, app: this.opts.app, appArgs: SUPERVISION_ARG, snoopId: req.snoopId },
      undefined,
      `channel ${channelId}`,
    );
  }

  async mute(channelId: string, direction: MuteDirection): Promise<void> {
    await this.rest.call('POST', `/channels/${channelId}/mute`, { direction }, undefined, `channel ${channelId}`);
  }

  async unmute(channelId: string, direction: MuteDirection): Promise<void> {
    await this.rest.call('DELETE', `/channels/${channelId}/mute`, { direction }, undefined, `channel ${channelId}`);
  }

  async hangup(channelId: string, reason: 'normal' | 'busy' | 'congestion' | 'no_answer' = 'normal'): Promise<void> {
    await this.rest.call('DELETE', `/channels/${channelId}`, { reason }, undefined, `channel ${channelId}`);
  }

  // ---- reads (reconciliation and health) ----------------------------------------------------

  async appChannels(): Promise<string[]> {
    const app = await this.rest.call<{ channel_ids?: string[] }>('GET', `/applications/${encodeURIComponent(this.opts.app)}`, {}, undefined, `application ${this.opts.app}`);
    return app.channel_ids ?? [];
  }

  async channel(channelId: string): Promise<ChannelSnapshot | null> {
    try {
      const ch = await this.rest.call<RawChannel>('GET', `/channels/${encodeURIComponent(channelId)}`, {}, undefined, `channel ${channelId}`);
      return {
        id: ch.id,
        state: ch.state,
        callerNumber: ch.caller?.number ?? '',
        calledNumber: ch.dialplan?.exten ?? '',
        // Asterisk writes "+0000"; Date.parse wants "+00:00".
        createdAt: ch.creationtime ? Date.parse(ch.creationtime.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : 0,
      };
    } catch (err) {
      if (isHotlineError(err, 'CHANNEL_GONE')) return null;
      throw err;
    }
  }

  async bridgedChannels(): Promise<Set<string>> {
    const bridges = await this.rest.call<Array<{ channels?: string[] }>>('GET', '/bridges', {}, undefined, 'bridges');
    return new Set(bridges.flatMap((b) => b.channels ?? []));
  }

  async asteriskVersion(): Promise<string> {
    const info = await this.rest.call<{ system?: { version?: string } }>('GET', '/asterisk/info', {}, undefined, 'asterisk info');
    return info.system?.version ?? 'unknown';
  }

  async asteriskStartedAt(): Promise<number | null> {
    const info = await this.rest.call<{ status?: { startup_time?: string } }>('GET', '/asterisk/info', {}, undefined, 'asterisk info');
    const t = Date.parse(info.status?.startup_time ?? '');
    return Number.isFinite(t) ? t : null;
  }
}
