import type { EdgeConfig } from '../config/nodes.js';
import { HotlineError } from '../errors.js';

/** What the agents' admin needs of the SIP edge: where the nodes reach a phone, and the edge knowing its credentials. */
export interface AgentEdge {
  /** The phone's contact for every node's aor: the agent's address at the edge's registrar. */
  contact(agentId: string): string;
  /** The edge accepts the agent's REGISTER with this digest HA1 (realm `asterisk`, as the nodes challenge with). */
  setAgent(agentId: string, ha1: string): Promise<void>;
  removeAgent(agentId: string): Promise<void>;
}

/** The edge's start, as `core.uptime` tells it. */
export interface EdgeUptime {
  upSince: string;
  uptimeS: number;
}

/**
 * The SIP edge's registrar, reached over Kamailio's JSON-RPC (xhttp + jsonrpcs): API agents' HA1s go into its
 * `agents` htable, which its REGISTER route checks when the config's passwords do not name the agent. The table is in
 * Kamailio's memory, like a pushed phone in Asterisk's: hotline sets it again on every node (re)connection and
 * whenever the edge restarted (src/ari/edge-watch.ts).
 */
export class EdgeRegistrar implements AgentEdge {
  private seq = 0;

  constructor(
    private readonly edge: EdgeConfig,
    private readonly timeoutMs = 3000,
  ) {}

  contact(agentId: string): string {
    return `sip:${agentId}@${this.edge.sip.host}:${this.edge.sip.port}`;
  }

  async setAgent(agentId: string, ha1: string): Promise<void> {
    await this.rpc('htable.sets', ['agents', agentId, ha1], `agent ${agentId}`);
  }

  async removeAgent(agentId: string): Promise<void> {
    await this.rpc('htable.delete', ['agents', agentId], `agent ${agentId}`);
  }

  /**
   * When the edge started and how long it has been up (`core.uptime`: `{ now, up_since, uptime }`, the times as
   * ctime text): a new start means it forgot the agents' digests (src/ari/edge-watch.ts).
   */
  async uptime(): Promise<EdgeUptime> {
    const r = (await this.rpc('core.uptime', [], 'its uptime')) as { up_since?: unknown; uptime?: unknown } | null;
    if (typeof r?.up_since !== 'string' || typeof r.uptime !== 'number') {
      throw new HotlineError('EDGE_REQUEST_FAILED', `SIP edge answered core.uptime without up_since and uptime: ${JSON.stringify(r)}`, { key: 'edge.rpcUrl' });
    }
    return { upSince: r.up_since, uptimeS: r.uptime };
  }

  private async rpc(method: string, params: string[], what: string): Promise<unknown> {
    this.seq += 1;
    let res: Response;
    try {
      res = await fetch(this.edge.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', method, params, id: this.seq }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new HotlineError('EDGE_REQUEST_FAILED', `SIP edge not reachable at ${this.edge.rpcUrl} (${method} for ${what})`, { key: 'edge.rpcUrl', error });
    }
    const body = (await res.json().catch(() => null)) as { result?: unknown; error?: { message?: string } } | null;
    if (!res.ok || body === null || body.error !== undefined) {
      const why = body?.error?.message ?? `HTTP ${res.status}`;
      throw new HotlineError('EDGE_REQUEST_FAILED', `SIP edge refused ${method} for ${what}: ${why}`, { key: 'edge.rpcUrl' });
    }
    return body.result ?? null;
  }
}
