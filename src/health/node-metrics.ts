import { Gauge, type Registry } from 'prom-client';
import type { NodeState } from '../ari/multi-node-telephony.js';

/** Per-node gauges for /metrics (issue 14): whether hotline sees the node, and the channels it has there. */
export function registerNodeMetrics(registry: Registry, states: () => NodeState[]): void {
  new Gauge({
    name: 'hotline_node_connected',
    help: '1 while the ARI connection to this Asterisk node is up',
    labelNames: ['node'] as const,
    registers: [registry],
    collect() {
      for (const s of states()) this.set({ node: s.name }, s.connected ? 1 : 0);
    },
  });
  new Gauge({
    name: 'hotline_node_channels',
    help: 'Channels hotline has on this Asterisk node now',
    labelNames: ['node'] as const,
    registers: [registry],
    collect() {
      for (const s of states()) this.set({ node: s.name }, s.channels);
    },
  });
}
