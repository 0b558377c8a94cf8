import { z } from 'zod';

/**
 * The Asterisk media servers hotline drives (issue 14). Absent, there is one node: the embedded default made of `ari`
 * and `lab.sip`, which is today's single Asterisk.
 */
const nodeHost = z.string().regex(/^(\d{1,3}\.){3}\d{1,3}$/, 'must be an IPv4 address');

export const nodeSchema = z.strictObject({
  /** Names the node in call records, logs, /health and /metrics. */
  name: z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'node name must be lower-case letters, digits and dashes'),
  ari: z.strictObject({
    url: z.url(),
    /** Default: ari.username. */
    username: z.string().min(1).optional(),
    /** Default: ari.password. */
    password: z.string().min(1).optional(),
  }),
  /** Where the node takes SIP: the SIP edge dispatches to it here. */
  sip: z.strictObject({ host: nodeHost, port: z.number().int().min(1).max(65535).default(5060) }),
  /** Share of the calls against the other nodes: a node of weight 2 carries twice the calls of a node of weight 1. */
  weight: z.number().int().min(1).max(100).default(1),
  /** The dialer starts at most this many calls a second on the node (Asterisk's own set-up rate is finite). */
  maxCallsPerSecond: z.number().min(0.1).max(1000).default(50),
});

export type NodeConfig = z.infer<typeof nodeSchema>;

/** The node list: duplicates are refused naming the node and what it shares, so two entries never mean one server. */
export const nodesSchema = z
  .array(nodeSchema)
  .min(1)
  .max(32)
  .superRefine((nodes, ctx) => {
    const seen = { name: new Map<string, string>(), sip: new Map<string, string>(), ari: new Map<string, string>() };
    nodes.forEach((node, i) => {
      const checks: Array<[keyof typeof seen, string, string[]]> = [
        ['name', node.name, ['name']],
        ['sip', `${node.sip.host}:${node.sip.port}`, ['sip', 'host']],
        ['ari', new URL(node.ari.url).host, ['ari', 'url']],
      ];
      for (const [what, value, path] of checks) {
        const first = seen[what].get(value);
        if (first !== undefined) {
          ctx.addIssue({ code: 'custom', path: [i, ...path], message: `node ${node.name}: ${what === 'name' ? 'name' : `${what} address ${value}`} already used by node ${first}` });
        } else {
          seen[what].set(value, node.name);
        }
      }
    });
  });

/** A node with its credentials filled in. */
export interface ResolvedNode {
  name: string;
  ariUrl: string;
  username: string;
  password: string;
  sip: { host: string; port: number };
  weight: number;
  maxCallsPerSecond: number;
}

/** The nodes hotline drives: the configured list, or the one embedded default node `default` made of ari and lab.sip. */
export function resolveNodes(config: {
  nodes?: NodeConfig[] | undefined;
  ari: { url: string; username: string; password: string };
  lab: { sip: { host: string; port: number } };
}): ResolvedNode[] {
  if (config.nodes === undefined) {
    return [{ name: 'default', ariUrl: config.ari.url, username: config.ari.username, password: config.ari.password, sip: { ...config.lab.sip }, weight: 1, maxCallsPerSecond: 50 }];
  }
  return config.nodes.map((n) => ({
    name: n.name,
    ariUrl: n.ari.url,
    username: n.ari.username ?? config.ari.username,
    password: n.ari.password ?? config.ari.password,
    sip: { ...n.sip },
    weight: n.weight,
    maxCallsPerSecond: n.maxCallsPerSecond,
  }));
}

/**
 * The SIP edge in front of several nodes (issue 14): the registrar agents' phones register with. Needed for agents
 * created through the API, whom no config file names: each node reaches their phone at the edge (`sip`), and hotline
 * hands the edge their digest credentials over its JSON-RPC (`rpcUrl`, Kamailio's xhttp + jsonrpcs, `htable.sets`
 * into the `agents` table its registrar checks).
 */
export const edgeSchema = z.strictObject({
  sip: z.strictObject({ host: nodeHost, port: z.number().int().min(1).max(65535).default(5060) }),
  rpcUrl: z.url(),
  /**
   * Seconds between probes of the edge's uptime (`core.uptime`): a restarted edge forgot the API agents' digests, and
   * hotline sets them again within about this long (src/ari/edge-watch.ts).
   */
  probeS: z.number().positive('edge.probeS must be more than 0 seconds').max(3600).default(5),
});

export type EdgeConfig = z.infer<typeof edgeSchema>;
