import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';

/** The service's Prometheus metrics, on a registry of its own so two services in one process never collide. */
export function createMetrics(liveCalls: () => number) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'hotline_' });
  const callsTotal = new Counter({
    name: 'hotline_calls_total',
    help: 'Ended call legs by direction and outcome',
    labelNames: ['direction', 'outcome'] as const,
    registers: [registry],
  });
  new Gauge({
    name: 'hotline_calls_in_progress',
    help: 'Call legs hotline is handling now',
    registers: [registry],
    collect() {
      this.set(liveCalls());
    },
  });
  const ariReconnects = new Counter({
    name: 'hotline_ari_reconnects_total',
    help: 'Times the ARI event socket came back after a loss',
    registers: [registry],
  });
  const ariConnected = new Gauge({ name: 'hotline_ari_connected', help: '1 while the ARI event socket is up', registers: [registry] });
  return { registry, callsTotal, ariReconnects, ariConnected };
}

export type Metrics = ReturnType<typeof createMetrics>;
