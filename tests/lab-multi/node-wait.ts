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
