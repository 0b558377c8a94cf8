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
import { storeOf } from '../../src/store/store.js';
import { labConfig, startLabService, waitFor } from '../lab/support.js';

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
    await waitFor(() => s.health().nodes?.every((n) => n.connected), 15_000, 'both nodes connected');
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
