import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import type { LabNode } from './lab-nodes.js';
import { renderTemplate, type ConfFiles } from './render.js';

/** Seconds between the dispatcher's OPTIONS probes. */
export const probeIntervalS = 1;
/**
 * A probe not answered within this time marks its node down (tm's fr_timer, which the probes use): a dead node stops
 * getting new calls within probeIntervalS + this.
 */
export const probeTimeoutMs = 2000;
/**
 * A node that sends no reply at all to an INVITE within this time is skipped for the next node. Longer than the probe's
 * time-out on purpose: a node that is alive but slow still makes the call when the INVITE reaches it, and its late 200
 * OK reaches the caller as a second call (the lab saw it: with 2 s here, a node's 100 Trying came late under load, and the app on
 * that node answered a caller who was already talking on the other node). Dead nodes are the probes' job; this only moves
 * the calls sent in the seconds before a probe noticed.
 */
export const nodeTimeoutMs = 5000;
/**
 * A BYE or re-INVITE the edge relays within a call gets this long for its answer, then the edge answers 408. Such a
 * request cannot move to another node, and a node busy for 2 s is not dead (with 2 s, a node stopped for 3 s made the
 * edge answer 9 of 20 callers' BYEs 408). Still far below the 32 s of RFC 3261's Timer F, so a BYE to a dead
 * node ends the caller's dialog promptly.
 */
export const inDialogTimeoutMs = 6000;

/** A Kamailio string literal; the agents' passwords go in one, so a quote or backslash would end it early. */
function kamailioString(value: string, key: string): string {
  if (/["\\\r\n]/.test(value)) throw new HotlineError('LAB_TEMPLATE_INVALID', `${key} must not contain " \\ or a line break`, { key });
  return `"${value}"`;
}

/** The registrar's password look-up: one line per agent, setting $var(pw) for the From user. */
export function renderAgentPasswords(agents: Config['lab']['agents']): string {
  const lines = agents.map((a, i) => `\tif ($fU == "${a.id}") $var(pw) = ${kamailioString(a.password, `lab.agents[${i}].password`)};`);
  return ['\t$var(pw) = "";', ...lines].join('\n');
}

/**
 * Dispatcher set 1: one line per node. Algorithm 9 reads `weight` as a percentage of the calls (the last node takes
 * what rounding leaves), so the nodes' relative weights are turned into shares of 100.
 */
export function renderDispatcherList(nodes: readonly LabNode[]): string {
  const total = nodes.reduce((sum, n) => sum + n.weight, 0);
  return nodes.map((n) => `1 sip:${n.sipHost}:${n.sipPort} 0 0 weight=${Math.floor((100 * n.weight) / total)};node=${n.name}`).join('\n');
}

/** The lab edge as hotline's config `edge` names it: its SIP address for the nodes, its JSON-RPC for API agents. */
export function labEdge(config: Config): NonNullable<Config['edge']> {
  const { host, port, rpcPort } = config.lab.edge;
  return { sip: { host, port }, rpcUrl: `http://${host}:${rpcPort}/RPC`, probeS: 5 };
}

/** Renders asterisk/kamailio/* for the nodes. Pure. */
export function renderKamailioConfig(config: Config, nodes: readonly LabNode[], templates: ConfFiles): Record<string, string> {
  const values = {
    'edge.host': config.lab.edge.host,
    'edge.port': String(config.lab.edge.port),
    'edge.rpcPort': String(config.lab.edge.rpcPort),
    probeIntervalS: String(probeIntervalS),
    nodeTimeoutMs: String(nodeTimeoutMs),
    probeTimeoutMs: String(probeTimeoutMs),
    inDialogTimeoutMs: String(inDialogTimeoutMs),
    agentPasswords: renderAgentPasswords(config.lab.agents),
    dispatcherList: renderDispatcherList(nodes),
  };
  const out: Record<string, string> = {};
  for (const [name, text] of Object.entries(templates)) out[name] = renderTemplate(name, text, values);
  return out;
}
