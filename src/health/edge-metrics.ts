import { Counter, Gauge, type Registry } from 'prom-client';
import type { EdgeHealth } from '../ari/edge-watch.js';

/** The SIP edge on /metrics: whether it answers hotline's probe, and the restarts hotline saw (each one a re-push). */
export function registerEdgeMetrics(registry: Registry, state: () => EdgeHealth): void {
  new Gauge({
    name: 'hotline_edge_reachable',
    help: "1 while the SIP edge (Kamailio) answers hotline's uptime probe",
    registers: [registry],
    collect() {
      this.set(state().reachable ? 1 : 0);
    },
  });
  new Counter({
    name: 'hotline_edge_restarts_total',
    help: "Restarts of the SIP edge hotline saw; after each it set the API agents' digests again",
    registers: [registry],
    collect() {
      // The watch counts; the counter mirrors it at each scrape.
      this.reset();
      this.inc(state().restarts);
    },
  });
}
