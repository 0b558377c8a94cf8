import type { Config } from '../../src/config/schema.js';
import type { Service } from '../../src/service/service.js';
import { waitFor } from '../lab/support.js';

/**
 * Polls until every node's ARI connection is up. The bound is generous (60 s): beside the unit tier on 2 cores a
 * node's ARI can take well over 15 s to answer after a restart (the first 15 s bound failed in CI), and the wait ends
 * as soon as both are up, so a quick run pays nothing for it. The failure names the nodes still down.
 */
export async function waitNodesConnected(service: Service, what = 'every node connected', timeoutMs = 60_000): Promise<void> {
  await waitFor(() => service.health().nodes?.every((n) => n.connected), timeoutMs, () => {
    const down = (service.health().nodes ?? []).filter((n) => !n.connected).map((n) => n.name);
    return `${what} (not connected: ${down.join(', ') || 'none'})`;
  });
}

/** Each dispatcher target of the edge with its state flags (`AP` active, `IP` inactive; probing), from its JSON-RPC. */
export async function edgeTargets(config: Config): Promise<Record<string, string>> {
  const rpc = `http://${config.lab.edge.host}:${config.lab.edge.rpcPort}/RPC`;
  const res = await fetch(rpc, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', method: 'dispatcher.list', id: 1 }) });
  const body = (await res.json()) as { result?: { RECORDS?: Array<{ SET: { TARGETS: Array<{ DEST: { URI: string; FLAGS: string } }> } }> } };
  const out: Record<string, string> = {};
  for (const set of body.result?.RECORDS ?? []) for (const t of set.SET.TARGETS) out[t.DEST.URI] = t.DEST.FLAGS;
  return out;
}

/**
 * Polls until the edge sends calls to every node again. A node restarted by an earlier test (or one that missed a probe
 * under load) is out of the dispatcher's set until its next OPTIONS probe is answered, and the calls of a short burst
 * all go to the other node meanwhile.
 */
export async function waitEdgeDispatchesAll(config: Config, timeoutMs = 15_000): Promise<void> {
  let last: Record<string, string> = {};
  await waitFor(
    async () => {
      last = await edgeTargets(config);
      const flags = Object.values(last);
      return flags.length > 0 && flags.every((f) => f.startsWith('A'));
    },
    timeoutMs,
    () => `the edge dispatching to every node (${JSON.stringify(last)})`,
  );
}
