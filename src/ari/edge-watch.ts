/**
 * Watches the SIP edge (Kamailio) for restarts. API agents' digests live in the edge's memory only: a restarted edge
 * refuses their phones until hotline sets the digests again, which the nodes' (re)connections alone would do only
 * when some node happens to reconnect. The watch probes the edge's uptime every `edge.probeS` and, when the edge
 * restarted or came back after an outage, sets every stored agent's digest again (edgeChange decides which).
 */
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { EdgeUptime } from './edge-registrar.js';
import { edgeActions, edgeChange, type EdgeReading } from './edge-restart.js';

/** What /health shows of the edge. */
export interface EdgeHealth {
  reachable: boolean;
  /** When the edge says it started (Kamailio's `up_since`), from the last probe that got an answer. */
  upSince: string | null;
  /** When hotline last set the agents' digests again after a restart or an outage (ISO time). */
  lastRepushAt: string | null;
  restarts: number;
  /** When the last probe ended, answered or not (ISO time): a stale one means the watch is stuck. */
  lastProbeAt: string | null;
}

export interface EdgeWatchDeps {
  edge: { uptime(): Promise<EdgeUptime> };
  /** Sets every stored API agent's digest at the edge; resolves with the ids it could not set. */
  repush: () => Promise<string[]>;
  probeMs: number;
  clock: Clock;
  log: Logger;
}

export class EdgeWatch {
  private last: EdgeReading | undefined;
  private upSince: string | null = null;
  private lastRepushAt: number | null = null;
  private restarts = 0;
  private lastProbeAt: number | null = null;
  // A re-push that left some agents out is tried again at the next probe that finds the edge up.
  private repushOwed = false;
  private timer: ReturnType<Clock['setTimeout']> | undefined;
  private running = false;

  constructor(private readonly d: EdgeWatchDeps) {}

  /** Probes now and every probeMs after the last probe ended (a slow edge never stacks probes); returns the stop. */
  start(): () => void {
    if (this.running) return () => this.stop();
    this.running = true;
    void this.tick();
    return () => this.stop();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) this.d.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  state(): EdgeHealth {
    return {
      reachable: this.last?.kind === 'up',
      upSince: this.upSince,
      lastRepushAt: iso(this.lastRepushAt),
      restarts: this.restarts,
      lastProbeAt: iso(this.lastProbeAt),
    };
  }

  /** One probe and what follows from it. Never throws: it runs on a timer. */
  async probe(): Promise<void> {
    let reading: EdgeReading;
    let why: unknown;
    try {
      const u = await this.d.edge.uptime();
      reading = { kind: 'up', upSince: u.upSince, uptimeS: u.uptimeS };
    } catch (err) {
      reading = { kind: 'down' };
      why = err;
    }
    if (!this.running) return;
    this.lastProbeAt = this.d.clock.now();
    const change = edgeChange(this.last, reading);
    this.last = reading;
    if (reading.kind === 'up') this.upSince = reading.upSince;
    const action = edgeActions[change];
    if (action.log === 'warn') {
      this.d.log.warn({ err: why }, 'SIP edge not answering: API agents cannot register there until it is back');
    } else if (change === 'restarted') {
      this.restarts += 1;
      this.d.log.info({ upSince: this.upSince }, 'SIP edge restarted: setting the API agents\' digests again');
    } else if (action.log === 'info') {
      this.d.log.info({ change, upSince: this.upSince }, 'SIP edge answering again: setting the API agents\' digests again');
    }
    if (action.repush || (this.repushOwed && reading.kind === 'up')) await this.repush();
  }

  private async repush(): Promise<void> {
    try {
      const failed = await this.d.repush();
      this.repushOwed = failed.length > 0;
    } catch (err) {
      this.repushOwed = true;
      this.d.log.error({ err }, "API agents' digests not set again at the SIP edge; tried again at the next probe");
    }
    if (this.running) this.lastRepushAt = this.d.clock.now();
  }

  private async tick(): Promise<void> {
    await this.probe().catch((err: unknown) => this.d.log.error({ err }, 'SIP edge probe failed'));
    if (this.running) this.timer = this.d.clock.setTimeout(() => void this.tick(), this.d.probeMs);
  }
}

function iso(ms: number | null): string | null {
  return ms === null ? null : new Date(ms).toISOString();
}
