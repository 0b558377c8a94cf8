import WebSocket from 'ws';
import type { Config } from '../../src/config/schema.js';
import type { LabNode } from '../../src/lab/lab-nodes.js';

/** One call a node's app saw arrive. */
export interface Arrival {
  node: string;
  channelId: string;
  at: number;
}

/**
 * A small ARI app on every node, standing in for hotline's per-node connection: it answers each inbound call and,
 * when `agent` is set, originates the agent's leg from the caller's own node (PJSIP/<agent>, reached through
 * Kamailio's registrar) and bridges the two. It records on which node each call arrived.
 */
export class NodeApps {
  readonly arrivals: Arrival[] = [];
  readonly agentAnswers: Array<{ node: string; channelId: string }> = [];
  private readonly sockets = new Map<string, WebSocket>();

  constructor(
    private readonly config: Config,
    private readonly opts: { agent?: string } = {},
  ) {}

  private auth(): string {
    return `Basic ${Buffer.from(`${this.config.ari.username}:${this.config.ari.password}`).toString('base64')}`;
  }

  private async rest(node: LabNode, method: string, path: string): Promise<Response> {
    return fetch(`${node.ariUrl}/ari${path}`, { method, headers: { authorization: this.auth() } });
  }

  /** Connects to one node's ARI (again, after it was restarted); resolves once the socket is open. */
  connect(node: LabNode): Promise<void> {
    const url = `${node.ariUrl.replace(/^http/, 'ws')}/ari/events?app=${this.config.ari.app}&api_key=${this.config.ari.username}:${this.config.ari.password}`;
    const ws = new WebSocket(url);
    this.sockets.set(node.name, ws);
    const bridges = new Map<string, string>();
    ws.on('message', (data) => {
      const e = JSON.parse(String(data)) as { type: string; args?: string[]; channel?: { id: string } };
      if (e.type !== 'StasisStart' || e.channel === undefined) return;
      const id = e.channel.id;
      if (e.args?.[0] === 'agent') {
        this.agentAnswers.push({ node: node.name, channelId: id });
        const bridge = bridges.get(e.args[1] ?? '');
        if (bridge !== undefined) this.rest(node, 'POST', `/bridges/${bridge}/addChannel?channel=${id}`).catch(() => undefined);
        return;
      }
      this.arrivals.push({ node: node.name, channelId: id, at: Date.now() });
      void (async () => {
        await this.rest(node, 'POST', `/channels/${id}/answer`);
        if (this.opts.agent === undefined) return;
        const bridge = `b-${id}`;
        await this.rest(node, 'POST', `/bridges?type=mixing&bridgeId=${bridge}`);
        bridges.set(id, bridge);
        await this.rest(node, 'POST', `/bridges/${bridge}/addChannel?channel=${id}`);
        await this.rest(node, 'POST', `/channels?endpoint=PJSIP/${this.opts.agent}&app=${this.config.ari.app}&appArgs=agent,${id}&timeout=10`);
        // A node killed mid-call resets the connection: its calls are lost with it, which the tests count from SIPp's side.
      })().catch(() => undefined);
    });
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
  }

  /** Calls that arrived on each node. */
  countByNode(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const a of this.arrivals) out[a.node] = (out[a.node] ?? 0) + 1;
    return out;
  }

  /**
   * Hangs up every channel still on the nodes, then closes the sockets: a caller whose call SIPp abandoned (a failed
   * test) leaves its channel up until the node's RTP timeout, and the next file would find it.
   */
  async close(nodes: readonly LabNode[]): Promise<void> {
    for (const node of nodes) {
      const channels = await this.rest(node, 'GET', '/channels').then((r) => (r.ok ? (r.json() as Promise<Array<{ id: string }>>) : []), () => []);
      await Promise.all(channels.map((c) => this.rest(node, 'DELETE', `/channels/${c.id}`).catch(() => undefined)));
    }
    for (const ws of this.sockets.values()) ws.terminate();
    this.sockets.clear();
  }
}
