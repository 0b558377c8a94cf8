import type { Logger } from 'pino';
import { AriTelephony } from '../ari/ari-telephony.js';
import { MultiNodeTelephony, type NodeState } from '../ari/multi-node-telephony.js';
import type { TelephonyPort } from '../ari/port.js';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import { resolveNodes, type ResolvedNode } from '../config/nodes.js';
import { placeCall } from '../dialer/node-placement.js';

/** The telephony port for the configured nodes, and (with several) each node's state for /health and /metrics. */
export interface Telephony {
  port: TelephonyPort;
  nodeStates?: () => NodeState[];
  /** The node that carries a channel, for its call record (one node: always that node). */
  nodeOf?: (channelId: string) => string | undefined;
}

function ariPort(config: Config, node: ResolvedNode, log: Logger, clock: Clock): AriTelephony {
  return new AriTelephony({
    url: node.ariUrl,
    username: node.username,
    password: node.password,
    app: config.ari.app,
    reconnect: config.ari.reconnect,
    pingIntervalMs: config.ari.pingIntervalMs,
    dialerContext: config.telephony.dialerContext,
    logger: log.child({ node: node.name }),
    clock,
  });
}

/**
 * The placement policy's shell: it keeps each node's dial starts of the last second and asks the pure policy
 * (src/dialer/node-placement.ts) for the node of each new outbound leg.
 */
export function nodePicker(nodes: readonly ResolvedNode[], clock: Clock): (states: readonly NodeState[]) => string | null {
  const dials = new Map<string, number[]>(nodes.map((n) => [n.name, []]));
  return (states) => {
    const now = clock.now();
    const loads = states.map((s) => {
      const node = nodes.find((n) => n.name === s.name);
      const recent = (dials.get(s.name) ?? []).filter((t) => t > now - 1000);
      dials.set(s.name, recent);
      return { name: s.name, healthy: s.connected, calls: s.channels, weight: node?.weight ?? 1, maxCallsPerSecond: node?.maxCallsPerSecond ?? 50, recentDials: recent };
    });
    const placed = placeCall(loads, now);
    if (placed.node !== null) dials.get(placed.node)?.push(now);
    return placed.node;
  };
}

/** A node's connection down this long means the node is lost (its calls end); a shorter drop is a reconnect. */
export const lostNodeAfterMs = 3000;

/** One node: the single AriTelephony of today. Several: one AriTelephony per node under a MultiNodeTelephony. */
export function buildTelephony(config: Config, log: Logger, clock: Clock): Telephony {
  const nodes = resolveNodes(config);
  const only = nodes.length === 1 ? nodes[0]!.name : undefined;
  if (only !== undefined) return { port: ariPort(config, nodes[0]!, log, clock), nodeOf: () => only };
  const multi = new MultiNodeTelephony(
    nodes.map((n) => ({ name: n.name, port: ariPort(config, n, log, clock) })),
    { pickNode: nodePicker(nodes, clock), clock, lostAfterMs: lostNodeAfterMs },
  );
  return { port: multi, nodeStates: () => multi.nodeStates(), nodeOf: (id) => multi.nodeOf(id) };
}
