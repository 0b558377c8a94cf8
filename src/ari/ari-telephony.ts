import ari from 'ari-client';
import WebSocket from 'ws';
import type { Logger } from 'pino';
import { HotlineError, isHotlineError } from '../errors.js';
import type { Clock } from '../clock.js';
import { ariStatus, isNotInAppYet, pushRefusal, toAriError } from './ari-errors.js';
import { AriRest } from './ari-rest.js';
import { toTelephonyEvent, type RawAriEvent } from './ari-events.js';
import { reconnectDelay } from './backoff.js';
import type {
  ChannelSnapshot,
  ConnectionEvent,
  OriginateRequest,
  RecordRequest,
  SipPhone,
  TelephonyEvent,
  TelephonyPort,
  Unsubscribe,
} from './port.js';

export interface AriTelephonyOptions {
  url: string;
  username: string;
  password: string;
  app: string;
  reconnect: { initialMs: number; maxMs: number };
  pingIntervalMs: number;
  /** A REST call that takes longer fails with ARI_UNAVAILABLE instead of stalling a call flow. */
  requestTimeoutMs?: number;
  dialerContext: string;
  logger: Logger;
  clock: Clock;
}

// ari-client has no types; this is the slice of its generated REST API that hotline calls.
type AriOp = (params?: Record<string, unknown>) => Promise<unknown>;
type AriClient = Record<'channels' | 'bridges' | 'playbacks' | 'applications' | 'asterisk', Record<string, AriOp>>;

/** Loads ari-client's REST API; its bundled swagger-client prints a deprecation notice with console.log, kept off our stdout. */
async function loadAriClient(origin: string, username: string, password: string): Promise<AriClient> {
  const original = console.log;
  console.log = () => undefined;
  try {
    return (await ari.connect(origin, username, password)) as unknown as AriClient;
  } finally {
    console.log = original;
  }
}

/**
 * The TelephonyPort on Asterisk ARI: our own WebSocket for events, AriRest for the requests every call makes, and
 * ari-client's generated API for the occasional ones (reconciliation, health).
 */
export class AriTelephony implements TelephonyPort {
  private client: AriClient | null = null;
  private readonly rest: AriRest;
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private everConnected = false;
  private reconnectTimer: ReturnType<Clock['setTimeout']> | null = null;
  private pingTimer: ReturnType<Clock['setInterval']> | null = null;
  private readonly listeners = new Set<(e: TelephonyEvent) => void>();
  private readonly connectionListeners = new Set<(e: ConnectionEvent) => void>();
  private readonly channelListeners = new Map<string, Set<(e: TelephonyEvent) => void>>();
  private readonly log: Logger;

  constructor(private readonly opts: AriTelephonyOptions) {
    this.log = opts.logger.child({ component: 'ari' });
    this.rest = new AriRest(opts.url, opts.username, opts.password, opts.clock, opts.requestTimeoutMs ?? 5000);
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.reconnectTimer) this.opts.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.dropSocket();
    this.rest.close();
  }

  onEvent(listener: (event: TelephonyEvent) => void): Unsubscribe {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onConnection(listener: (event: ConnectionEvent) => void): Unsubscribe {
    this.connectionListeners.add(listener);
    return () => this.connectionListeners.delete(listener);
  }

  watchChannel(channelId: string, listener: (event: TelephonyEvent) => void): Unsubscribe {
    let set = this.channelListeners.get(channelId);
    if (!set) this.channelListeners.set(channelId, (set = new Set()));
    set.add(listener);
    return () => {
      const current = this.channelListeners.get(channelId);
      current?.delete(listener);
      if (current?.size === 0) this.channelListeners.delete(channelId);
    };
  }

  async follow(channelId: string): Promise<void> {
    await this.rest.call('POST', `/applications/${encodeURIComponent(this.opts.app)}/subscription`, { eventSource: `channel:${channelId}` }, undefined, `channel ${channelId}`);
  }

  watchedChannels(): number {
    return this.channelListeners.size;
  }

  // ---- connection ---------------------------------------------------------------------------

  private baseUrl(): URL {
    return new URL(this.opts.url);
  }

  private authHeader(): string {
    return 'Basic ' + Buffer.from(`${this.opts.username}:${this.opts.password}`).toString('base64');
  }

  /** Checks ARI with a plain request first: ari-client throws uncaught on a 401 while loading its API. */
  private async preflight(): Promise<void> {
    const url = new URL('/ari/asterisk/info', this.baseUrl());
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: this.authHeader() }, signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new HotlineError('ARI_UNAVAILABLE', `ARI not reachable at ${this.baseUrl().origin}`, { error });
    }
    if (res.status === 401) throw new HotlineError('ARI_UNAVAILABLE', 'ARI rejected the credentials (401): check ari.username/ari.password', { key: 'ari.password' });
    if (!res.ok) throw new HotlineError('ARI_UNAVAILABLE', `ARI answered ${res.status}`);
    await res.body?.cancel();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.preflight();
      if (!this.client) {
        const base = this.baseUrl();
        this.client = await loadAriClient(base.origin, this.opts.username, this.opts.password);
      }
      await this.openSocket();
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      this.log.info({ reconnect }, 'ARI connected');
      this.emitConnection({ type: 'connected', reconnect, at: this.opts.clock.now() });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, attempt: this.attempt }, 'ARI connect failed');
      this.scheduleReconnect();
    }
  }

  private openSocket(): Promise<void> {
    const base = this.baseUrl();
    const wsUrl = `${base.protocol === 'https:' ? 'wss' : 'ws'}://${base.host}/ari/events?app=${encodeURIComponent(this.opts.app)}`;
    return new Promise((resolve, reject) => {
      // Credentials go in a header, not in the URL, so they never show up in a logged URL.
      const ws = new WebSocket(wsUrl, { headers: { authorization: this.authHeader() }, handshakeTimeout: 5000 });
      let opened = false;
      let alive = true;
      ws.on('open', () => {
        opened = true;
        this.ws = ws;
        this.pingTimer = this.opts.clock.setInterval(() => {
          // No pong since the last ping: the socket is dead even if TCP has not noticed.
          if (!alive) {
            this.log.warn('ARI socket missed a pong; dropping it');
            ws.terminate();
            return;
          }
          alive = false;
          ws.ping();
        }, this.opts.pingIntervalMs);
        resolve();
      });
      ws.on('pong', () => {
        alive = true;
      });
      ws.on('message', (data) => this.onMessage(data.toString()));
      ws.on('error', (err) => {
        if (!opened) reject(new HotlineError('ARI_UNAVAILABLE', `ARI event socket: ${err.message}`, { error: err }));
      });
      ws.on('close', (code) => {
        if (!opened) {
          reject(new HotlineError('ARI_UNAVAILABLE', `ARI event socket closed before open (${code})`));
          return;
        }
        if (this.ws === ws) this.ws = null;
        if (this.pingTimer) this.opts.clock.clearInterval(this.pingTimer);
        this.pingTimer = null;
        this.log.warn({ code }, 'ARI event socket closed');
        this.emitConnection({ type: 'disconnected', reason: `socket closed (${code})`, at: this.opts.clock.now() });
        this.scheduleReconnect();
      });
    });
  }

  private dropSocket(): void {
    if (this.pingTimer) this.opts.clock.clearInterval(this.pingTimer);
    this.pingTimer = null;
    const ws = this.ws;
    this.ws = null;
    if (ws) {
      ws.removeAllListeners('close');
      ws.on('error', () => undefined);
      ws.terminate();
      this.emitConnection({ type: 'disconnected', reason: 'stopped', at: this.opts.clock.now() });
    }
  }

  private scheduleReconnect(): void {
    if (this.stopped || this.reconnectTimer) return;
    const delay = reconnectDelay(this.attempt++, this.opts.reconnect, this.opts.clock.random);
    this.reconnectTimer = this.opts.clock.setTimeout(() => {
      this.reconnectTimer = null;
      void this.connect();
    }, delay);
  }

  private emitConnection(event: ConnectionEvent): void {
    for (const l of this.connectionListeners) this.safely(() => l(event));
  }

  private onMessage(text: string): void {
    let raw: RawAriEvent;
    try {
      raw = JSON.parse(text) as RawAriEvent;
    } catch {
      this.log.warn('ARI sent a frame that is not JSON');
      return;
    }
    const event = toTelephonyEvent(raw, this.opts.clock.now());
    if (!event) return;
    // Taken before anyone runs: a global listener that ends a call (and unwatches it) must not keep the
    // hang-up from the call's own listeners.
    const perChannel = [...(this.channelListeners.get(event.channelId) ?? [])];
    for (const l of this.listeners) this.safely(() => l(event));
    for (const l of perChannel) this.safely(() => l(event));
    // A destroyed channel sends nothing more: its listeners go with it.
    if (event.type === 'hung-up') this.channelListeners.delete(event.channelId);
  }

  /** A listener's bug must not take the event loop or other calls with it. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'telephony listener threw');
    }
  }

  // ---- commands -----------------------------------------------------------------------------

  private async call<T>(resource: keyof AriClient, op: string, params: Record<string, unknown>, what: string): Promise<T> {
    const client = this.client;
    if (!client) throw new HotlineError('ARI_UNAVAILABLE', `ARI ${op} ${what}: not connected`);
    const fn = client[resource][op];
    if (!fn) throw new HotlineError('ARI_REQUEST_FAILED', `ARI has no operation ${resource}.${op}`);
    const timeoutMs = this.opts.requestTimeoutMs ?? 5000;
    let timer: ReturnType<Clock['setTimeout']> | undefined;
    try {
      return (await Promise.race([
        fn.call(client[resource], params),
        new Promise((_, reject) => {
          timer = this.opts.clock.setTimeout(
            () => reject(new HotlineError('ARI_UNAVAILABLE', `ARI ${op} ${what}: no answer in ${timeoutMs} ms`)),
            timeoutMs,
          );
        }),
      ])) as T;
    } catch (err) {
      throw toAriError(err, op, what);
    } finally {
      if (timer) this.opts.clock.clearTimeout(timer);
    }
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

  async addToBridge(bridgeId: string, channelIds: string[]): Promise<void> {
    await this.rest.call('POST', `/bridges/${bridgeId}/addChannel`, { channel: channelIds }, undefined, `bridge ${bridgeId}`);
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
   * to it so events keep coming while AMD runs in the dialplan.
   */
  async originate(req: OriginateRequest): Promise<void> {
    const what = `channel ${req.channelId}`;
    await this.rest.call(
      'POST',
      '/channels/create',
      { endpoint: req.endpoint, app: this.opts.app, appArgs: req.amd ? 'outbound,amd' : 'outbound', channelId: req.channelId },
      { variables: { 'CALLERID(num)': req.callerId, ...(req.variables ?? {}) } },
      what,
    );
    try {
      await this.follow(req.channelId);
      await this.dialCreated(req.channelId, req.timeoutS, what);
    } catch (err) {
      // A created channel that was never dialed would sit in Asterisk, silent, until someone hangs it up.
      if (!isHotlineError(err, 'CHANNEL_GONE') || isNotInAppYet(err)) await this.rest.call('DELETE', `/channels/${req.channelId}`, {}, undefined, what).catch(() => undefined);
      throw err;
    }
  }

  /** Dials a channel made by /channels/create, waiting (up to 2 s) for it to join the app if the request came first. */
  private async dialCreated(channelId: string, timeoutS: number, what: string): Promise<void> {
    const started = this.opts.clock.now();
    for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
      try {
        await this.rest.call('POST', `/channels/${channelId}/dial`, { timeout: timeoutS }, undefined, what);
        return;
      } catch (err) {
        if (!isNotInAppYet(err) || this.opts.clock.now() - started > 2000) throw err;
        this.log.debug({ channelId, wait }, 'channel not in the app yet; dialing again');
        await new Promise<void>((resolve) => this.opts.clock.setTimeout(resolve, wait));
      }
    }
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

  async hangup(channelId: string, reason: 'normal' | 'busy' | 'congestion' | 'no_answer' = 'normal'): Promise<void> {
    await this.rest.call('DELETE', `/channels/${channelId}`, { reason }, undefined, `channel ${channelId}`);
  }

  async appChannels(): Promise<string[]> {
    const app = await this.call<{ channel_ids?: string[] }>('applications', 'get', { applicationName: this.opts.app }, `application ${this.opts.app}`);
    return app.channel_ids ?? [];
  }

  async channel(channelId: string): Promise<ChannelSnapshot | null> {
    try {
      const ch = await this.call<{
        id: string;
        state: string;
        caller?: { number?: string };
        dialplan?: { exten?: string };
        creationtime?: string;
      }>('channels', 'get', { channelId }, `channel ${channelId}`);
      return {
        id: ch.id,
        state: ch.state,
        callerNumber: ch.caller?.number ?? '',
        calledNumber: ch.dialplan?.exten ?? '',
        createdAt: ch.creationtime ? Date.parse(ch.creationtime.replace(/([+-]\d\d)(\d\d)$/, '$1:$2')) : 0,
      };
    } catch (err) {
      if (err instanceof HotlineError && err.code === 'CHANNEL_GONE') return null;
      throw err;
    }
  }

  async bridgedChannels(): Promise<Set<string>> {
    const bridges = await this.call<Array<{ channels?: string[] }>>('bridges', 'list', {}, 'bridges');
    return new Set(bridges.flatMap((b) => b.channels ?? []));
  }

  async asteriskVersion(): Promise<string> {
    const info = await this.call<{ system?: { version?: string } }>('asterisk', 'getInfo', {}, 'asterisk info');
    return info.system?.version ?? 'unknown';
  }

  // ---- push configuration -------------------------------------------------------------------

  async pushSipPhone(phone: SipPhone): Promise<void> {
    // Auth and aor before the endpoint that names them: a REGISTER that finds the endpoint must find them too.
    for (const type of ['auth', 'aor', 'endpoint'] as const) {
      const fields = Object.entries(phone[type]).map(([attribute, value]) => ({ attribute, value }));
      const what = `res_pjsip ${type} ${phone.id}`;
      try {
        await this.rest.call('PUT', sipObjectPath(type, phone.id), {}, { fields }, what);
      } catch (err) {
        const refusal = pushRefusal(err);
        if (refusal === 'static') {
          throw new HotlineError('SIP_ENDPOINT_STATIC', `Asterisk's own config has ${type} ${phone.id}; a pushed one cannot replace it`, { key: phone.id, error: err });
        }
        if (refusal === 'no-wizard') {
          throw new HotlineError('ARI_REQUEST_FAILED', `Asterisk cannot create res_pjsip ${type} objects: its sorcery.conf needs the memory wizard for them (see asterisk/etc/sorcery.conf)`, { key: what, error: err });
        }
        throw err;
      }
    }
  }

  async removeSipPhone(id: string): Promise<void> {
    // The endpoint first: once it is gone no request is served for it, so its auth and aor can go safely.
    for (const type of ['endpoint', 'aor', 'auth'] as const) {
      try {
        await this.rest.call('DELETE', sipObjectPath(type, id), {}, undefined, `res_pjsip ${type} ${id}`);
      } catch (err) {
        if (ariStatus(err) === 404) continue;
        if (ariStatus(err) === 403) {
          throw new HotlineError('SIP_ENDPOINT_STATIC', `Asterisk's own config has ${type} ${id}; it cannot be removed over ARI`, { key: id, error: err });
        }
        throw err;
      }
    }
  }
}

function sipObjectPath(type: 'auth' | 'aor' | 'endpoint', id: string): string {
  return `/asterisk/config/dynamic/res_pjsip/${type}/${encodeURIComponent(id)}`;
}
