import WebSocket from 'ws';
import type { Logger } from 'pino';
import { HotlineError } from '../errors.js';
import type { Clock } from '../clock.js';
import { toTelephonyEvent, type RawAriEvent } from './ari-events.js';
import { reconnectDelay } from './backoff.js';
import type { ConnectionEvent, TelephonyEvent, Unsubscribe } from './port.js';

export interface AriConnectionOptions {
  url: string;
  username: string;
  password: string;
  app: string;
  reconnect: { initialMs: number; maxMs: number };
  pingIntervalMs: number;
  log: Logger;
  clock: Clock;
}

/**
 * The ARI event socket: connects, pings, reconnects with backoff until stopped, and fans each event out to the global
 * listeners and then to the listeners of its channel. It sends no commands (those are AriCommands').
 */
export class AriConnection {
  private ws: WebSocket | null = null;
  private stopped = false;
  private attempt = 0;
  private everConnected = false;
  private reconnectTimer: ReturnType<Clock['setTimeout']> | null = null;
  private pingTimer: ReturnType<Clock['setInterval']> | null = null;
  private readonly listeners = new Set<(e: TelephonyEvent) => void>();
  private readonly connectionListeners = new Set<(e: ConnectionEvent) => void>();
  private readonly channelListeners = new Map<string, Set<(e: TelephonyEvent) => void>>();
  private readonly base: URL;
  private readonly auth: string;

  constructor(private readonly opts: AriConnectionOptions) {
    this.base = new URL(opts.url);
    this.auth = 'Basic ' + Buffer.from(`${opts.username}:${opts.password}`).toString('base64');
  }

  get connected(): boolean {
    return this.ws?.readyState === WebSocket.OPEN;
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.connect();
  }

  stop(): void {
    this.stopped = true;
    if (this.reconnectTimer) this.opts.clock.clearTimeout(this.reconnectTimer);
    this.reconnectTimer = null;
    this.dropSocket();
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

  watchedChannels(): number {
    return this.channelListeners.size;
  }

  /**
   * Checks ARI with a plain request first: a refused WebSocket handshake only says "Unexpected server response", while
   * this names wrong credentials as such.
   */
  private async preflight(): Promise<void> {
    const url = new URL('/ari/asterisk/info', this.base);
    let res: Response;
    try {
      res = await fetch(url, { headers: { authorization: this.auth }, signal: AbortSignal.timeout(3000) });
    } catch (error) {
      throw new HotlineError('ARI_UNAVAILABLE', `ARI not reachable at ${this.base.origin}`, { error });
    }
    if (res.status === 401) throw new HotlineError('ARI_UNAVAILABLE', 'ARI rejected the credentials (401): check ari.username/ari.password', { key: 'ari.password' });
    if (!res.ok) throw new HotlineError('ARI_UNAVAILABLE', `ARI answered ${res.status}`);
    await res.body?.cancel();
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    try {
      await this.preflight();
      await this.openSocket();
      const reconnect = this.everConnected;
      this.everConnected = true;
      this.attempt = 0;
      this.opts.log.info({ reconnect }, 'ARI connected');
      this.emitConnection({ type: 'connected', reconnect, at: this.opts.clock.now() });
    } catch (err) {
      this.opts.log.warn({ err: (err as Error).message, attempt: this.attempt }, 'ARI connect failed');
      this.scheduleReconnect();
    }
  }

  private openSocket(): Promise<void> {
    const wsUrl = `${this.base.protocol === 'https:' ? 'wss' : 'ws'}://${this.base.host}/ari/events?app=${encodeURIComponent(this.opts.app)}`;
    return new Promise((resolve, reject) => {
      // Credentials go in a header, not in the URL, so they never show up in a logged URL.
      const ws = new WebSocket(wsUrl, { headers: { authorization: this.auth }, handshakeTimeout: 5000 });
      let opened = false;
      let alive = true;
      ws.on('open', () => {
        opened = true;
        this.ws = ws;
        this.pingTimer = this.opts.clock.setInterval(() => {
          // No pong since the last ping: the socket is dead even if TCP has not noticed.
          if (!alive) {
            this.opts.log.warn('ARI socket missed a pong; dropping it');
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
        this.opts.log.warn({ code }, 'ARI event socket closed');
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
      this.opts.log.warn('ARI sent a frame that is not JSON');
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
      this.opts.log.error({ err }, 'telephony listener threw');
    }
  }
}
