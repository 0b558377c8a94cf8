/**
 * Which Asterisk node places the dialer's next call (issue 14). Pure: the dialer's shell gives each node's health, its
 * calls up now and the times of its recent dial starts; the policy answers a node or why none can take the call.
 *
 * The rule: only a node whose ARI connection is up (the dialer never dials through a node it cannot see), under its
 * calls-per-second limit over the last second, with the fewest calls against its weight (calls / weight); ties go to
 * the higher weight, then to the name, so the answer is the same for the same state.
 */

/** One node as the dialer sees it at `now`. */
export interface NodeLoad {
  name: string;
  /** ARI connected and reconciled: hotline sees the node's channels. */
  healthy: boolean;
  /** Calls hotline has up on the node now (inbound and outbound). */
  calls: number;
  weight: number;
  maxCallsPerSecond: number;
  /** Epoch ms of the dial starts on this node, any order; only the last second counts. */
  recentDials: readonly number[];
}

export type Placement =
  | { node: string }
  | { node: null; reason: 'no-healthy-node' | 'rate-limited'; retryAtMs?: number };

const windowMs = 1000;

/** Dial starts within the last second. */
function dialsInWindow(node: NodeLoad, now: number): number[] {
  return node.recentDials.filter((t) => t > now - windowMs && t <= now).sort((a, b) => a - b);
}

/** The node for the next call, or none with the reason (and, when rate-limited, when the first slot opens). */
export function placeCall(nodes: readonly NodeLoad[], now: number): Placement {
  const healthy = nodes.filter((n) => n.healthy && n.weight > 0);
  if (healthy.length === 0) return { node: null, reason: 'no-healthy-node' };
  const open: NodeLoad[] = [];
  let retryAtMs = Number.POSITIVE_INFINITY;
  for (const n of healthy) {
    const recent = dialsInWindow(n, now);
    const limit = Math.max(1, Math.floor(n.maxCallsPerSecond));
    if (recent.length < limit) open.push(n);
    // The slot opens when the oldest dial that keeps the node at its limit leaves the window.
    else retryAtMs = Math.min(retryAtMs, recent[recent.length - limit]! + windowMs);
  }
  if (open.length === 0) return { node: null, reason: 'rate-limited', retryAtMs };
  open.sort((a, b) => a.calls / a.weight - b.calls / b.weight || b.weight - a.weight || a.name.localeCompare(b.name));
  return { node: open[0]!.name };
}

/**
 * Places `count` calls one after another at `now`, each counted on its node before the next is placed: how one
 * dialer tick spreads a batch. Stops at the first call that cannot be placed.
 */
export function placeBatch(nodes: readonly NodeLoad[], count: number, now: number): { nodes: string[]; stopped?: Placement } {
  const state = nodes.map((n) => ({ ...n, recentDials: [...n.recentDials] }));
  const out: string[] = [];
  for (let i = 0; i < count; i += 1) {
    const p = placeCall(state, now);
    if (p.node === null) return { nodes: out, stopped: p };
    const n = state.find((s) => s.name === p.node)!;
    n.calls += 1;
    n.recentDials.push(now);
    out.push(p.node);
  }
  return { nodes: out };
}
