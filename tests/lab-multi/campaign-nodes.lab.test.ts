import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importLeads } from '../../src/dialer/import/import-leads.js';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/config/load.js';
import { changeCampaign, createCampaign } from '../../src/dialer/campaign-commands.js';
import { labNodes } from '../../src/lab/lab-nodes.js';
import { carrierOptions, startCarrier, type Carrier } from '../../src/lab/sipp-carrier.js';
import type { Service } from '../../src/service/service.js';
import { buildHttp } from '../../src/http/app.js';
import { pidAlive, runningPid } from '../../src/lab/asterisk-process.js';
import { startNode } from '../../src/lab/multi-lab.js';
import { nodeLabPaths } from '../../src/lab/paths.js';
import { labEdge } from '../../src/lab/render-kamailio.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { storeOf } from '../../src/store/store.js';
import { freePort, labConfig, startLabService, waitFor } from '../lab/support.js';
import { waitNodesConnected } from './node-wait.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

describe('a campaign on two nodes', () => {
  let service: Service | undefined;
  let carrier: Carrier | undefined;

  afterAll(async () => {
    await service?.stop();
    await carrier?.stop();
  });

  it('spreads its dials over both nodes and dials each number once per attempt', async () => {
    const config = labConfig((c) => {
      c.lab.sip = { ...c.lab.edge };
      c.ivr.dir = join(projectRoot, 'config/ivr');
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.dialer.tickMs = 100;
      c.acd.agents = [];
      c.nodes = labNodes(c, 2).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
    });
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
    const s = service;
    await waitNodesConnected(s);
    const campaign = createCampaign(
      storeOf(s.db),
      'two-nodes',
      { mode: 'agentless', kind: 'survey', flow: 'survey', windows: allDay, quietHours: [], ringTimeoutS: 15, maxLines: 10, maxCallsPerSecond: 10 },
      Date.now(),
    );
    // 139 1XYZ 0010: the carrier answers and hangs up after 1 s (a short call), a distinct number per lead.
    const phones = Array.from({ length: 30 }, (_, i) => `1391${String(100 + i)}0010`);
    const dir = mkdtempSync(join(tmpdir(), 'hotline-list-'));
    writeFileSync(join(dir, 'list.csv'), `phone\n${phones.join('\n')}\n`);
    const report = await importLeads(storeOf(s.db), { campaign: campaign.id, file: join(dir, 'list.csv'), now: Date.now() });
    expect(report.imported).toBe(30);
    const peak = { n1: 0, n2: 0 } as Record<string, number>;
    const sampler = setInterval(() => {
      for (const n of s.health().nodes ?? []) peak[n.name] = Math.max(peak[n.name] ?? 0, n.channels);
    }, 50);
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());
    try {
      await waitFor(() => s.attempts.ofCampaign(campaign.id).filter((a) => a.endedAt !== null).length >= 30 && s.dialer.liveCount() === 0, 90_000, '30 attempts ended');
    } finally {
      clearInterval(sampler);
    }
    expect(peak.n1).toBeGreaterThan(0);
    expect(peak.n2).toBeGreaterThan(0);
    for (const p of phones) {
      const attempts = s.attempts.ofCampaign(campaign.id).filter((a) => a.phone.endsWith(p)).length;
      const invites = carrier.calls().filter((c) => c.dialed?.endsWith(p)).length;
      expect([p, invites]).toEqual([p, attempts]);
    }
  });
});

describe('a predictive campaign across the loss of a node', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let carrier: Carrier | undefined;
  let phones: AgentPhone[] = [];

  afterAll(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    await http?.close();
    await service?.stop();
    await carrier?.stop();
  });

  it('closes every record of the killed node, dials no number twice, keeps dialing on the survivor, and dials on the node again once back', async () => {
    const ids = ['1001', '1002', '1003', '1004'];
    const port = await freePort();
    const config = labConfig((c) => {
      c.lab.sip = { ...c.lab.edge };
      c.edge = labEdge(c);
      c.service.port = port;
      c.ivr.dir = join(projectRoot, 'config/ivr');
      c.prompts.dir = join(c.lab.dir, 'prompts');
      c.dialer.tickMs = 100;
      c.acd.agents = ids.map((id) => ({ id, name: id, skills: { general: 5 } }));
      for (const g of c.acd.groups) g.wrapUpS = 1;
      c.nodes = labNodes(c, 2).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
    });
    const n1 = labNodes(config, 2)[0]!;
    carrier = await startCarrier(carrierOptions(config));
    ({ service } = await startLabService(config));
    const s = service;
    await waitNodesConnected(s);
    await s.promptsReady();
    // Both nodes fetch prompts (the abandon message) from the service over HTTP.
    http = buildHttp(s);
    await http.listen({ host: '127.0.0.1', port });
    // The agents' phones register at the edge: a caller answered on either node reaches them through it.
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 300 }, talk: { kind: 'hangup-after', ms: 2000 } }, { ids });
    const campaign = createCampaign(
      storeOf(s.db),
      'across-a-kill',
      {
        mode: 'predictive',
        skillGroup: 'general',
        amd: false,
        windows: allDay,
        quietHours: [],
        ringTimeoutS: 15,
        maxLines: 10,
        maxCallsPerSecond: 5,
        retry: { default: { delayS: 3600, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} },
        pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.6, talkMeanS: 2.5, talkCv: 0.3, wrapMeanS: 1 } },
      },
      Date.now(),
    );
    // Three in four answer (a person), one in four is busy; every number distinct (the carrier's load range).
    const behaviours = ['00', '00', '00', '03'];
    for (let i = 0; i < 400; i++) s.leads.insert({ campaignId: campaign.id, phone: `+861392${String(i).padStart(3, '0')}00${behaviours[i % 4]}`, now: Date.now() });
    const attempts = () => s.attempts.ofCampaign(campaign.id);
    changeCampaign(storeOf(s.db), campaign.id, 'start', Date.now());

    // Dialing over both nodes, then n1's Asterisk is killed by its PID.
    await waitFor(() => new Set(attempts().flatMap((a) => (a.node === null ? [] : [a.node]))).size === 2 && attempts().length >= 12, 60_000, 'dials on both nodes');
    const pid = runningPid(nodeLabPaths(config, n1))!;
    const killedAt = Date.now();
    process.kill(pid, 'SIGKILL');
    await waitFor(() => !pidAlive(pid), 5000, 'node n1 gone');
    // The campaign keeps dialing, on the survivor: every leg placed after the socket's loss went out on n2.
    await waitFor(() => attempts().filter((a) => (a.dialedAt ?? 0) > killedAt + 4000).length >= 6, 60_000, 'six dials after the loss');
    expect(s.campaigns.get(campaign.id)?.state).toBe('running');
    // No record of the killed node is left open: its calls ended when the node was declared lost (3 s).
    await waitFor(
      () => s.repo.openCalls().filter((r) => r.node === 'n1').length === 0,
      15_000,
      () => `open n1 records: ${JSON.stringify(s.repo.openCalls().filter((r) => r.node === 'n1'))}`,
    );

    // Back: hotline sees n1 again without a restart and places dials on it.
    const back = await startNode(config, n1);
    const backAt = Date.now();
    await waitNodesConnected(s, 'n1 seen again');
    await waitFor(() => attempts().some((a) => a.node === 'n1' && (a.dialedAt ?? 0) > backAt), 60_000, 'a dial on n1 after its return');
    expect(back.pid).not.toBe(pid);

    changeCampaign(storeOf(s.db), campaign.id, 'pause', Date.now());
    await waitFor(() => s.dialer.liveCount(campaign.id) === 0, 60_000, () => `calls to end (${s.dialer.liveCount(campaign.id)} live)`);
    // No call record and no attempt left open, on either node.
    await waitFor(() => s.repo.openCalls().length === 0, 30_000, () => `open records: ${JSON.stringify(s.repo.openCalls())}`);
    const all = attempts();
    expect(all.filter((a) => a.endedAt === null).map((a) => a.id)).toEqual([]);
    // Every leg placed from 1 s after the kill until n1's return went out on n2 (read now that each leg has ended, so
    // its row has learned its node).
    const placedAfter = all.filter((a) => (a.dialedAt ?? 0) > killedAt + 1000 && (a.dialedAt ?? 0) < backAt);
    expect(placedAfter.filter((a) => a.node !== 'n2').map((a) => [a.channelId, a.node])).toEqual([]);
    // The carrier's log: no number reached it more often than it has attempts (one here: maxTotal 1).
    const invites = new Map<string, number>();
    for (const c of carrier.calls()) if (c.dialed !== undefined) invites.set(c.dialed.slice(-11), (invites.get(c.dialed.slice(-11)) ?? 0) + 1);
    const doubled = all.filter((a) => (invites.get(a.phone.slice(-11)) ?? 0) > all.filter((b) => b.phone === a.phone).length);
    expect(doubled.map((a) => [a.phone, invites.get(a.phone.slice(-11))])).toEqual([]);
    const lost = all.filter((a) => a.node === 'n1' && a.dialedAt! < killedAt + 1000 && a.endedAt! >= killedAt);
    console.info(`[lab-multi] campaign across a kill: ${all.length} attempts, ${lost.length} ended by n1's loss (outcomes ${JSON.stringify(Object.fromEntries(lost.map((a) => [a.id, a.outcome])))}), ${placedAfter.length} dialed on n2 after it, carrier saw ${carrier.calls().length} INVITEs`);
  }, 300_000);
});
