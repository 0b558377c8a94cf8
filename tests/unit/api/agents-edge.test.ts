/**
 * Issue 14: an agent created through the API, with several nodes behind a SIP edge. The phone registers at the edge,
 * so every node's aor points there, and the edge learns the agent's digest over its JSON-RPC (a stand-in Kamailio
 * here: an HTTP server that keeps what it is told, as the `agents` htable would).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sipDigestHa1 } from '../../../src/acd/agent-phone.js';
import type { SipPhone } from '../../../src/ari/port.js';
import { jsonRpcStandIn } from '../support/json-rpc-stand-in.js';
import { harness, type Harness } from './harness.js';

const password = 'Edge-Agent-1020';

describe('API agents behind the SIP edge', () => {
  let h: Harness;
  let closeRpc = () => undefined as void;
  let refuse = false;
  let upSince = 'Mon Dec  7 22:00:00 2026\n';
  const table = new Map<string, string>();
  const pushed: SipPhone[] = [];
  const removed: string[] = [];

  beforeAll(async () => {
    const rpc = await jsonRpcStandIn((call) => {
      if (refuse) return { error: { code: 500, message: 'htable full' } };
      const [name, key, value] = call.params;
      if (name === 'agents' && call.method === 'htable.sets') table.set(key!, value!);
      if (name === 'agents' && call.method === 'htable.delete') table.delete(key!);
      if (call.method === 'core.uptime') return { result: { now: 'Mon Dec  7 22:10:05 2026\n', up_since: upSince, uptime: 605 } };
      return { result: null };
    });
    closeRpc = rpc.close;
    h = await harness((c) => {
      c.edge = { sip: { host: '127.0.0.10', port: 5060 }, rpcUrl: rpc.url, probeS: 5 };
    });
    Object.assign(h.service.port, { pushSipPhone: async (p: SipPhone) => void pushed.push(p), removeSipPhone: async (id: string) => void removed.push(id) });
  });
  afterAll(async () => {
    await h.close();
    closeRpc();
  });

  it("gives the edge the agent's digest and points every node's aor at the edge", async () => {
    const res = await h.as('admin', { method: 'POST', url: '/api/v1/agents', payload: { id: '1020', name: 'Edge agent', skills: { general: 1 }, password } });
    expect(res.statusCode, res.body).toBe(201);
    expect(table.get('1020')).toBe(sipDigestHa1('1020', 'asterisk', password));
    expect(pushed.at(-1)?.aor).toMatchObject({ contact: 'sip:1020@127.0.0.10:5060' });
  });

  it('takes the credentials back from the edge when the agent is deleted', async () => {
    expect((await h.as('admin', { method: 'DELETE', url: '/api/v1/agents/1020' })).statusCode).toBe(200);
    expect(table.has('1020')).toBe(false);
    expect(removed).toContain('1020');
  });

  it('refuses the agent, keeping nothing, when the edge refuses the credentials', async () => {
    refuse = true;
    const res = await h.as('admin', { method: 'POST', url: '/api/v1/agents', payload: { id: '1021', name: 'Refused', skills: { general: 1 }, password } });
    refuse = false;
    expect([res.statusCode, res.json().code]).toEqual([502, 'EDGE_REQUEST_FAILED']);
    expect(h.service.agentsRepo.get('1021')).toBeUndefined();
    expect(removed).toContain('1021');
  });

  it('shows the edge on /health, and sets the stored agents there again when it restarted', async () => {
    const res = await h.as('admin', { method: 'POST', url: '/api/v1/agents', payload: { id: '1022', name: 'Kept', skills: { general: 1 }, password } });
    expect(res.statusCode, res.body).toBe(201);
    // Started as the service starts it: the first probe at once (the next would be 5 s on; the test stops it first).
    const stop = h.service.edgeWatch!.start();
    try {
      await vi.waitFor(() => expect(h.service.health().edge).toMatchObject({ reachable: true, upSince: 'Mon Dec  7 22:00:00 2026\n', lastRepushAt: null, restarts: 0 }));
      table.clear();
      upSince = 'Mon Dec  7 22:20:00 2026\n';
      await h.service.edgeWatch!.probe();
      expect(h.service.health().edge).toMatchObject({ reachable: true, upSince, restarts: 1 });
      expect(table.get('1022')).toBe(sipDigestHa1('1022', 'asterisk', password));
      const metrics = await h.service.metrics.registry.metrics();
      expect(metrics).toContain('hotline_edge_reachable 1');
      expect(metrics).toContain('hotline_edge_restarts_total 1');
    } finally {
      stop();
    }
  });
});
