import type { EdgeHealth } from '../ari/edge-watch.js';
import type { NodeState } from '../ari/multi-node-telephony.js';
import type { TelephonyPort, Unsubscribe } from '../ari/port.js';
import { defined } from '../defined.js';
import { dbHealthy, type Db } from '../store/db.js';
import type { Metrics } from './metrics.js';

/** What GET /health answers. */
export interface Health {
  ok: boolean;
  ari: { connected: boolean; url: string };
  db: { ok: boolean };
  asterisk: { version: string | null };
  calls: { inProgress: number };
  /** With several Asterisk nodes (config `nodes`): each one's connection and channels. */
  nodes?: NodeState[];
  /** With a SIP edge (config `edge`): whether it answers, when it started, when API agents were last set there again. */
  edge?: EdgeHealth;
}

export interface HealthMonitorDeps {
  port: Pick<TelephonyPort, 'connected' | 'onConnection' | 'asteriskVersion'>;
  db: Db;
  ariUrl: string;
  metrics: Pick<Metrics, 'ariConnected' | 'ariReconnects'>;
  /** Call legs in progress now. */
  inProgress: () => number;
  /** Each node's state, when hotline drives several. */
  nodes?: () => NodeState[];
  /** The SIP edge's state, when there is one. */
  edge?: () => EdgeHealth;
}

/**
 * The service's health: the ARI connection (also as metrics) and the Asterisk version it reported on connecting,
 * the database, and the calls in progress. Healthy means ARI is connected and the database answers.
 */
export class HealthMonitor {
  private asteriskVersion: string | null = null;

  constructor(private readonly d: HealthMonitorDeps) {}

  /** Follows the ARI connection: the metrics, and Asterisk's version once connected. */
  listen(): Unsubscribe {
    return this.d.port.onConnection((e) => {
      this.d.metrics.ariConnected.set(e.type === 'connected' ? 1 : 0);
      if (e.type !== 'connected') return;
      if (e.reconnect) this.d.metrics.ariReconnects.inc();
      this.d.port
        .asteriskVersion()
        .then((v) => (this.asteriskVersion = v))
        .catch(() => undefined);
    });
  }

  report(): Health {
    const connected = this.d.port.connected;
    const dbOk = dbHealthy(this.d.db);
    return {
      ok: connected && dbOk,
      ari: { connected, url: this.d.ariUrl },
      db: { ok: dbOk },
      asterisk: { version: connected ? this.asteriskVersion : null },
      calls: { inProgress: this.d.inProgress() },
      // The edge does not count toward ok: hotline itself is fine, and restarting it would not bring the edge back.
      ...defined({ nodes: this.d.nodes?.(), edge: this.d.edge?.() }),
    };
  }
}
