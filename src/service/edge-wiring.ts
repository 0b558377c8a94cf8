/**
 * The SIP edge as the service runs it (issue 14, config `edge`): the registrar API agents' digests go to, and the watch
 * that sets them all again after the edge restarted (src/ari/edge-watch.ts), its state on /health and /metrics.
 * Without config `edge` there is neither.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import { pushStoredAgentsToEdge } from '../acd/agent-admin.js';
import { EdgeRegistrar } from '../ari/edge-registrar.js';
import { EdgeWatch } from '../ari/edge-watch.js';
import type { Clock } from '../clock.js';
import type { EdgeConfig } from '../config/nodes.js';
import { registerEdgeMetrics } from '../health/edge-metrics.js';
import type { AgentsRepo } from '../store/agents-repo.js';

export function serviceEdge(
  config: EdgeConfig | undefined,
  d: { agents: AgentsRepo; configAgentIds: ReadonlySet<string>; clock: Clock; log: Logger; registry: Registry },
): { edge?: EdgeRegistrar; edgeWatch?: EdgeWatch } {
  if (config === undefined) return {};
  const edge = new EdgeRegistrar(config);
  const log = d.log.child({ component: 'edge' });
  const edgeWatch = new EdgeWatch({
    edge,
    repush: () => pushStoredAgentsToEdge({ agents: d.agents, edge, configAgentIds: d.configAgentIds, log }),
    probeMs: config.probeS * 1000,
    clock: d.clock,
    log,
  });
  registerEdgeMetrics(d.registry, () => edgeWatch.state());
  return { edge, edgeWatch };
}
