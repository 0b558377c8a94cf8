import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sippLoad } from '../../bench/sipp-load.js';
import type { Service } from '../../src/service/service.js';
import { pidAlive, runningPid } from '../../src/lab/asterisk-process.js';
import { labNodes } from '../../src/lab/lab-nodes.js';
import { startNode } from '../../src/lab/multi-lab.js';
import { labEdge } from '../../src/lab/render-kamailio.js';
import type { AgentPhone } from '../../src/lab/sipp-agents.js';
import { apiAgentPhone } from './api-agent-phone.js';
import { connectLeg } from '../../src/calls/connect-leg.js';
import { TokensRepo } from '../../src/store/tokens-repo.js';
import { buildHttp } from '../../src/http/app.js';
import { nodeLabPaths } from '../../src/lab/paths.js';
import { labConfig, startLabService, waitFor } from '../lab/support.js';
import { edgeTargets, waitEdgeDispatchesAll, waitNodesConnected } from './node-wait.js';

// One hotline service driving both nodes of the lab (config `nodes`), callers reaching Kamailio.
const config = labConfig((c) => {
  c.lab.sip = { ...c.lab.edge };
  c.nodes = labNodes(c, 2).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
  // Agents created through the API register at the edge too: hotline gives it their digest (src/ari/edge-registrar.ts).
  c.edge = labEdge(c);
  c.acd.agents = [];
});
const entry = config.telephony.entryNumbers[0]!;
/** A channel's node, from the systemname Asterisk prefixes its ids with (hotline-n1-…). */
const nodeOfChannel = (id: string) => /^hotline-(n\d+)-/.exec(id)?.[1] ?? '?';

describe('one hotline drives two Asterisk nodes', () => {
  let service: Service;

  beforeAll(async () => {
    ({ service } = await startLabService(config));
    await waitNodesConnected(service);
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('records the calls of both nodes, and /health names each node', async () => {
    const load = await sippLoad(config, { number: entry, calls: 40, concurrent: 20, rate: 20, hangup: { kind: 'after-answer', afterMs: 600 } });
    expect(load.failed, `${load.failed} of 40 failed; SIPp: ${load.problem}`).toBe(0);
    const rows = await waitFor(() => {
      const r = service.repo.recent(100).filter((x) => x.direction === 'inbound');
      return r.length >= 40 && r.every((x) => x.endedAt !== null) ? r : null;
    }, 15_000, '40 closed inbound records');
    const byNode = new Map<string, number>();
    for (const r of rows) byNode.set(nodeOfChannel(r.channelId), (byNode.get(nodeOfChannel(r.channelId)) ?? 0) + 1);
    expect(byNode.get('n1')).toBeGreaterThan(5);
    expect(byNode.get('n2')).toBeGreaterThan(5);
    // Every record names the node that carried it (the node's systemname prefixes its channel ids).
    expect(rows.filter((r) => r.node !== nodeOfChannel(r.channelId)).map((r) => [r.channelId, r.node])).toEqual([]);
    expect(service.health().nodes?.map((n) => [n.name, n.connected])).toEqual([
      ['n1', true],
      ['n2', true],
    ]);
  });

  it('reaches an agent created through the API, registered at the edge, from callers on either node', async () => {
    const http = buildHttp(service);
    const token = new TokensRepo(service.db).create({ name: 'lab-admin', role: 'admin' }, Date.now()).token;
    const id = '1020';
    const password = 'Edge-Agent-1020';
    const created = await http.inject({ method: 'POST', url: '/api/v1/agents', headers: { authorization: `Bearer ${token}` }, payload: { id, name: 'Edge agent', skills: { general: 1 }, password } });
    expect(created.statusCode, created.body).toBe(201);
    // The phone registers at Kamailio, not at a node: the edge checks the digest hotline gave it.
    let phone: AgentPhone | undefined;
    try {
      phone = await apiAgentPhone(config, { id, password, slot: 5, talkMs: 1500, dir: 'edge-agent-1020' });
      // Callers held long enough to hand each an agent leg; ten, so Kamailio's weighted pick puts some on each node
      // (once it dispatches to both: the file before this one restarts n1).
      await waitEdgeDispatchesAll(config);
      const load = sippLoad(config, { number: entry, calls: 10, concurrent: 10, rate: 20, hangup: { kind: 'after-answer', afterMs: 8000 } });
      let up: ReturnType<typeof service.repo.openCalls> = [];
      let edge: Record<string, string> = {};
      const callers = await waitFor(
        async () => {
          up = service.repo.openCalls().filter((r) => r.direction === 'inbound' && service.calls.get(r.channelId) !== undefined);
          edge = await edgeTargets(config);
          const n1 = up.find((r) => r.node === 'n1');
          const n2 = up.find((r) => r.node === 'n2');
          return n1 && n2 ? [n1, n2] : null;
        },
        20_000,
        () => `a caller up on each node (up: ${JSON.stringify(up.map((r) => r.node))}; edge: ${JSON.stringify(edge)})`,
      );
      // The ACD's way to an agent: the leg is dialled from the caller's node (near), through the edge's registrar.
      const results = [];
      for (const caller of callers) {
        results.push(await connectLeg(service.port, service.recorder, service.calls.get(caller.channelId)!, { endpoint: `PJSIP/${id}`, calledNumber: id, callerId: entry, timeoutS: 10 }));
      }
      expect(results.map((r) => r.kind)).toEqual(['bridged', 'bridged']);
      const legs = results.map((r) => service.repo.get(r.legId)?.node);
      expect(legs).toEqual(['n1', 'n2']);
      await waitFor(() => phone!.calls().filter((c) => c.answeredAt !== undefined).length >= 2, 10_000, 'the phone answered both legs');
      await load;
    } finally {
      await phone?.stop();
      await http.close();
    }
  });

  it('closes every record of a killed node, keeps taking calls on the survivor, and sees the node again when it returns', async () => {
    const n1 = labNodes(config, 2)[0]!;
    const pid = runningPid(nodeLabPaths(config, n1))!;
    const load = sippLoad(config, { number: entry, calls: 60, concurrent: 30, rate: 15, hangup: { kind: 'after-answer', afterMs: 2500 } });
    await sleep(1500);
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !pidAlive(pid), 5000, 'node n1 gone');
    await load;
    // No call record left open: the lost node's calls end 3 s after its connection went.
    await waitFor(() => service.repo.openCalls().length === 0, 15_000, () => `open records: ${service.repo.openCalls().map((r) => r.channelId).join(', ')}`);
    const after = service.repo.recent(200).filter((r) => r.startedAt > killedAt + 3000);
    expect(after.length).toBeGreaterThan(0);
    expect(after.filter((r) => r.node !== 'n2' || nodeOfChannel(r.channelId) !== 'n2').map((r) => [r.channelId, r.node])).toEqual([]);
    expect(service.health().nodes?.find((n) => n.name === 'n1')?.connected).toBe(false);

    await startNode(config, n1);
    await waitNodesConnected(service, 'n1 seen again');
  });
});
