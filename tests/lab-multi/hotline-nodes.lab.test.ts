import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sippLoad } from '../../bench/sipp-load.js';
import type { Service } from '../../src/service/service.js';
import { pidAlive, runningPid } from '../../src/lab/asterisk-process.js';
import { labNodes } from '../../src/lab/lab-nodes.js';
import { startNode } from '../../src/lab/multi-lab.js';
import { nodeLabPaths } from '../../src/lab/paths.js';
import { labConfig, startLabService, waitFor } from '../lab/support.js';

// One hotline service driving both nodes of the lab (config `nodes`), callers reaching Kamailio.
const config = labConfig((c) => {
  c.lab.sip = { ...c.lab.edge };
  c.nodes = labNodes(c, 2).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
});
const entry = config.telephony.entryNumbers[0]!;
/** A channel's node, from the systemname Asterisk prefixes its ids with (hotline-n1-…). */
const nodeOfChannel = (id: string) => /^hotline-(n\d+)-/.exec(id)?.[1] ?? '?';

describe('one hotline drives two Asterisk nodes', () => {
  let service: Service;

  beforeAll(async () => {
    ({ service } = await startLabService(config));
    await waitFor(() => service.health().nodes?.every((n) => n.connected), 15_000, 'both nodes connected');
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('records the calls of both nodes, and /health names each node', async () => {
    const load = await sippLoad(config, { number: entry, calls: 40, concurrent: 20, rate: 20, hangup: { kind: 'after-answer', afterMs: 600 } });
    expect(load.failed).toBe(0);
    const rows = await waitFor(() => {
      const r = service.repo.recent(100).filter((x) => x.direction === 'inbound');
      return r.length >= 40 && r.every((x) => x.endedAt !== null) ? r : null;
    }, 15_000, '40 closed inbound records');
    const byNode = new Map<string, number>();
    for (const r of rows) byNode.set(nodeOfChannel(r.channelId), (byNode.get(nodeOfChannel(r.channelId)) ?? 0) + 1);
    expect(byNode.get('n1')).toBeGreaterThan(5);
    expect(byNode.get('n2')).toBeGreaterThan(5);
    expect(service.health().nodes?.map((n) => [n.name, n.connected])).toEqual([
      ['n1', true],
      ['n2', true],
    ]);
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
    expect(after.every((r) => nodeOfChannel(r.channelId) === 'n2')).toBe(true);
    expect(service.health().nodes?.find((n) => n.name === 'n1')?.connected).toBe(false);

    await startNode(config, n1);
    await waitFor(() => service.health().nodes?.every((n) => n.connected), 20_000, 'n1 seen again');
  });
});
