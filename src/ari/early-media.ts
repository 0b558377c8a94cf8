import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import { openRtpReceiver, type RtpReceiver } from '../media/rtp-receiver.js';
import type { AriRest } from './ari-rest.js';
import type { TelephonyEvent, Unsubscribe } from './port.js';

export interface EarlyMediaDeps {
  rest: AriRest;
  app: string;
  clock: Clock;
  log: Logger;
  /** Where Asterisk sends the RTP: this machine (Asterisk and hotline run side by side). */
  host: string;
  watch: (channelId: string, listener: (e: TelephonyEvent) => void) => Unsubscribe;
}

/** One leg being heard: the socket, the external media channel, the bridge and (once the leg exists) the snoop. */
interface Hearing {
  channelId: string;
  bridgeId: string;
  externalId: string;
  snoopId: string;
  receiver: RtpReceiver | null;
  /** Resolves once socket, bridge and external channel are up; the snoop waits for it. */
  ready: Promise<void>;
  snooping: Promise<void> | null;
  /** Settles once the snoop request was answered (made or refused): stop() deletes the snoop after it. */
  snoopMade: Promise<void> | null;
  stopped: Promise<void> | null;
  unwatch: Unsubscribe | null;
  /** The leg hung up (its snoop went with it). */
  legGone: boolean;
}

/** The argument our snoop and external channels enter the app with: listeners for calls ignore them. */
export const EARLY_MEDIA_ARG = 'early-media';

const BRIDGE_PREFIX = 'em-bridge-';
const EXTERNAL_PREFIX = 'em-ext-';
const SNOOP_PREFIX = 'em-snoop-';
/** How long a new helper channel is waited for in the app before it is added to the bridge all the same. */
const ARRIVAL_WAIT_MS = 500;

/** A helper channel of a hearing (snoop or external media), never a call: reconciliation must not adopt one. */
export function isHearingChannel(channelId: string): boolean {
  return channelId.startsWith(EXTERNAL_PREFIX) || channelId.startsWith(SNOOP_PREFIX);
}

/**
 * Hears a leg from its first early-media packet: an ARI snoop channel on the leg (spy "in": what the far end sends)
 * and an externalMedia channel (µ-law RTP to a UDP socket of ours) in a mixing bridge of their own. The leg itself
 * is never bridged, so it stays free for AMD in the dialplan and for the agent's bridge, and the snoop keeps hearing
 * it through both. Started before the originate, the snoop is attached between channels/create and dial, so the
 * first packet after a 183 is not missed.
 */
export class EarlyMedia {
  private readonly hearings = new Map<string, Hearing>();

  constructor(private readonly d: EarlyMediaDeps) {}

  /** Legs being heard now (for leak checks). */
  count(): number {
    return this.hearings.size;
  }

  /**
   * Starts hearing a leg. Before the originate (the default) only the socket, the bridge and the external channel are
   * made here, beside the originate's channels/create; the originate attaches the snoop between create and dial
   * (beforeDial), so the dial waits for the hearing and nothing asks Asterisk to snoop a leg that does not exist yet.
   * `legExists`: the leg was created already (heard after the originate): the snoop is attached here.
   */
  async hear(channelId: string, onAudio: (pcm: Int16Array, at: number) => void, opts: { legExists?: boolean } = {}): Promise<() => Promise<void>> {
    if (this.hearings.has(channelId)) throw new RangeError(`already hearing ${channelId}`);
    const h: Hearing = {
      channelId,
      bridgeId: `${BRIDGE_PREFIX}${channelId}`,
      externalId: `${EXTERNAL_PREFIX}${channelId}`,
      snoopId: `${SNOOP_PREFIX}${channelId}`,
      receiver: null,
      ready: Promise.resolve(),
      snooping: null,
      snoopMade: null,
      stopped: null,
      unwatch: null,
      legGone: false,
    };
    this.hearings.set(channelId, h);
    h.ready = this.setUp(h, onAudio);
    try {
      await h.ready;
      if (opts.legExists) await this.snoop(h);
    } catch (err) {
      await this.stop(h);
      throw err;
    }
    return () => this.stop(h);
  }

  /**
   * Called by the originate once channels/create has made the leg (beside the subscription): snoops the leg while the
   * hearing's set-up finishes, and resolves once the snoop is in the hearing's bridge, so the first early-media packet
   * after the dial is heard. A hearing that fails lets the dial go on unheard.
   */
  async beforeDial(channelId: string): Promise<void> {
    const h = this.hearings.get(channelId);
    if (!h || h.stopped) return;
    try {
      await this.snoop(h);
    } catch (err) {
      // Hearing is an aid: a dial goes on without it.
      this.d.log.warn({ err, channelId }, 'early media: snoop failed; the leg is dialed unheard');
    }
  }

  private async setUp(h: Hearing, onAudio: (pcm: Int16Array, at: number) => void): Promise<void> {
    h.receiver = await openRtpReceiver(this.d.host, () => this.d.clock.now(), onAudio);
    // The leg's end frees everything, whoever forgets to stop.
    h.unwatch = this.d.watch(h.channelId, (e) => {
      if (e.type !== 'hung-up') return;
      h.legGone = true;
      void this.stop(h);
    });
    // The bridge and the external channel do not need each other: both at once, then the channel joins the bridge.
    const externalArrived = this.arrival(h.externalId);
    const bridge = this.d.rest.call('POST', '/bridges', { type: 'mixing', bridgeId: h.bridgeId, name: h.bridgeId }, undefined, `bridge ${h.bridgeId}`);
    const external = this.d.rest.call(
      'POST',
      '/channels/externalMedia',
      {
        channelId: h.externalId,
        app: this.d.app,
        data: EARLY_MEDIA_ARG,
        external_host: `${this.d.host}:${h.receiver.port}`,
        format: 'ulaw',
        encapsulation: 'rtp',
        transport: 'udp',
        direction: 'both',
      },
      undefined,
      `channel ${h.externalId}`,
    );
    const [made] = await Promise.allSettled([bridge, external]);
    // Both settle before either failure is thrown: stop() then deletes whichever was made.
    if (made.status === 'rejected') throw made.reason;
    await external;
    await this.addToBridge(h, h.externalId, externalArrived);
  }

  /** One snoop per hearing, whether hear() or beforeDial() gets there first; a refusal lets the other try. */
  private snoop(h: Hearing): Promise<void> {
    if (h.stopped) return Promise.resolve();
    h.snooping ??= this.attachSnoop(h).catch((err: unknown) => {
      h.snooping = null;
      throw err;
    });
    return h.snooping;
  }

  /** The snoop is made on the leg beside the set-up (it needs only the leg) and joins the bridge once both are up. */
  private async attachSnoop(h: Hearing): Promise<void> {
    const arrived = this.arrival(h.snoopId);
    const made = this.d.rest.call(
      'POST',
      `/channels/${h.channelId}/snoop`,
      { spy: 'in', whisper: 'none', app: this.d.app, appArgs: EARLY_MEDIA_ARG, snoopId: h.snoopId },
      undefined,
      `channel ${h.channelId}`,
    );
    h.snoopMade = made.then(
      () => undefined,
      () => undefined,
    );
    const [ready] = await Promise.allSettled([h.ready, made]);
    if (ready.status === 'rejected') throw ready.reason;
    await made;
    await this.addToBridge(h, h.snoopId, arrived);
  }

  /**
   * Resolves when `channelId` enters the app (its StasisStart), or after ARRIVAL_WAIT_MS: watched before the request
   * that makes the channel. Asterisk answers that request before the channel's own thread has put it in the app, and
   * adding it to a bridge before then is refused; under load each refusal was one more request to a busy Asterisk.
   */
  private arrival(channelId: string): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        unwatch();
        this.d.clock.clearTimeout(timer);
        resolve();
      };
      const timer = this.d.clock.setTimeout(done, ARRIVAL_WAIT_MS);
      const unwatch = this.d.watch(channelId, (e) => {
        if (e.type === 'call-arrived' || e.type === 'hung-up') done();
      });
    });
  }

  /**
   * A new channel joins the app on a thread of its own; adding it before its StasisStart is refused. Waits for
   * `arrived` (its StasisStart, bounded), and tries again if refused all the same (an event lost with the socket).
   */
  private async addToBridge(h: Hearing, channelId: string, arrived: Promise<void>): Promise<void> {
    await arrived;
    const started = this.d.clock.now();
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        await this.d.rest.call('POST', `/bridges/${h.bridgeId}/addChannel`, { channel: [channelId] }, undefined, `bridge ${h.bridgeId}`);
        return;
      } catch (err) {
        if (h.stopped || isHotlineError(err, 'ARI_UNAVAILABLE') || isHotlineError(err, 'BRIDGE_GONE') || this.d.clock.now() - started > 2000) throw err;
        await new Promise<void>((resolve) => this.d.clock.setTimeout(resolve, wait));
      }
    }
  }

  /**
   * Frees what a hearing of an earlier run (or one lost with the socket) left in Asterisk: its bridge and external
   * channel outlive the process that made them. Runs on every (re)connection.
   */
  async sweep(): Promise<void> {
    try {
      const bridges = await this.d.rest.call<Array<{ id: string; channels?: string[] }>>('GET', '/bridges', {}, undefined, 'bridges');
      const mine = new Set([...this.hearings.values()].map((h) => h.bridgeId));
      for (const b of bridges.filter((x) => x.id.startsWith(BRIDGE_PREFIX) && !mine.has(x.id))) {
        for (const c of (b.channels ?? []).filter(isHearingChannel)) await this.d.rest.call('DELETE', `/channels/${c}`, {}, undefined, `channel ${c}`).catch(() => undefined);
        await this.d.rest.call('DELETE', `/bridges/${b.id}`, {}, undefined, `bridge ${b.id}`).catch(() => undefined);
        this.d.log.info({ bridgeId: b.id }, 'early media: freed a hearing left from before');
      }
    } catch (err) {
      this.d.log.warn({ err }, 'early media: sweep failed');
    }
  }

  /** Frees the bridge, both helper channels and the socket; safe to call twice and from the leg's hang-up. */
  private stop(h: Hearing): Promise<void> {
    h.stopped ??= (async () => {
      h.unwatch?.();
      await h.ready.catch(() => undefined);
      // A snoop asked for beside the set-up may be made after this stop began: delete it once Asterisk answered.
      await h.snoopMade;
      const gone = (err: unknown) => {
        if (!isHotlineError(err, 'CHANNEL_GONE') && !isHotlineError(err, 'BRIDGE_GONE')) this.d.log.warn({ err, channelId: h.channelId }, 'early media: cleanup failed');
      };
      // A snoop ends with the leg it spies on (its audiohook goes with the leg): after the leg's hang-up, deleting it
      // was one more request (a 404, or a race with Asterisk's own hang-up) on every dial.
      await Promise.all([
        h.legGone ? undefined : this.d.rest.call('DELETE', `/channels/${h.snoopId}`, {}, undefined, `channel ${h.snoopId}`).catch(gone),
        this.d.rest.call('DELETE', `/channels/${h.externalId}`, {}, undefined, `channel ${h.externalId}`).catch(gone),
      ]);
      await this.d.rest.call('DELETE', `/bridges/${h.bridgeId}`, {}, undefined, `bridge ${h.bridgeId}`).catch(gone);
      const rtp = h.receiver?.stats();
      // A damaged stream is worth knowing about when a label looks wrong: the hearing heard silence in its place.
      if (rtp && rtp.lost + rtp.late + rtp.duplicates + rtp.reordered + rtp.restarts > 0) this.d.log.info({ channelId: h.channelId, rtp }, 'early media: stream arrived damaged');
      await h.receiver?.close();
      this.hearings.delete(h.channelId);
    })();
    return h.stopped;
  }
}
