import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from 'prom-client';

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
  const dtmfToPrompt = new Summary({
    name: 'hotline_ivr_dtmf_to_prompt_seconds',
    help: 'From a key reaching Asterisk to the next IVR prompt starting, by Asterisk event times',
    percentiles: [0.5, 0.9, 0.99],
    maxAgeSeconds: 600,
    ageBuckets: 5,
    registers: [registry],
  });
  return { registry, callsTotal, ariReconnects, ariConnected, dtmfToPrompt };
}

export type Metrics = ReturnType<typeof createMetrics>;
