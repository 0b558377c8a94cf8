/**
 * What the API gained for the web console: who a token is (/me), a campaign's script, connects and abandons in the
 * campaign status and the live feed, calls and dials by hour of day, and a flow version's diagram.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/load.js';
import { flowGraphOfText } from '../../../src/ivr/flow-graph.js';
import { hourSlices } from '../../../src/reports/hourly.js';
import { demoV2 } from './flow-texts.js';
import { harness, T0, type Harness } from './harness.js';

describe('API for the console', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((c) => (c.api.live.intervalMs = 60_000));
  });
  afterAll(async () => h.close());

  it('tells a token who it is and what it may do', async () => {
    const agent = (await h.as('agent', { method: 'GET', url: '/api/v1/me' })).json();
    expect(agent).toMatchObject({ name: 'agent-1001', role: 'agent', agentId: '1001' });
    expect(agent.permissions).toContain('disposition:write');
    expect(agent.permissions).not.toContain('live:read');
    const manager = (await h.as('manager', { method: 'GET', url: '/api/v1/me' })).json();
    expect(manager).toMatchObject({ role: 'manager', agentId: null });
    expect(manager.permissions).toEqual(expect.arrayContaining(['campaign:write', 'list:upload', 'live:read', 'report:read']));
    expect(manager.permissions).not.toContain('token:admin');
  });

  it("keeps a campaign's script for the agent, and refuses one too long, naming the setting", async () => {
    const script = '您好，我是400热线的客服，耽误您一分钟…';
    const made = await h.as('manager', { method: 'POST', url: '/api/v1/campaigns', payload: { name: 'with-script', settings: { script } } });
    expect(made.statusCode).toBe(201);
    const got = (await h.as('agent', { method: 'GET', url: `/api/v1/campaigns/${made.json().id}` })).json();
    expect(got.settings.script).toBe(script);
    const long = await h.as('manager', { method: 'PATCH', url: `/api/v1/campaigns/${made.json().id}`, payload: { settings: { script: 'x'.repeat(20_001) } } });
    expect([long.statusCode, long.json().details.field]).toEqual([422, 'settings.script']);
  });

  it('counts connects and abandons by the report definitions, in the status and the live feed', async () => {
    const { db, campaigns, leads } = h.service;
    const id = campaigns.create('progress', {}, T0).id;
    campaigns.setState(id, 'running', T0);
    const lead = leads.insert({ campaignId: id, phone: '+8613800138100', now: T0 });
    const attempt = (no: number, outcome: string, answered: boolean) =>
      db
        .prepare(
          `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, ended_at, outcome)
           VALUES (?, ?, '+8613800138100', ?, 'new', ?, ?, ?, ?, ?)`,
        )
        .run(id, lead, no, T0, T0, answered ? T0 + 5000 : null, T0 + 9000, outcome);
    attempt(1, 'human', true);
    attempt(2, 'abandoned', true);
    attempt(3, 'machine', true);
    attempt(4, 'busy', false);
    const status = (await h.as('supervisor', { method: 'GET', url: `/api/v1/campaigns/${id}` })).json().status;
    expect(status).toMatchObject({ attempts: 4, connects: 2, abandoned: 1 });
    const { snapshot, unsubscribe } = h.api.live.subscribe(() => undefined);
    expect(snapshot.campaigns.find((c) => c.id === id)).toMatchObject({ attempts: 4, connects: 2, abandoned: 1 });
    unsubscribe();
  });

  it("shows the abandon rate over the campaign's compliance window against its limit, as the dialer's guard counts it", async () => {
    const { db, campaigns, leads } = h.service;
    const H = 3_600_000;
    // Days after the other tests' records, so their reports by day and hour are not touched.
    const now = T0 + 10 * 24 * H;
    h.clock.set(now);
    try {
      const id = campaigns.create('window', { pacing: { complianceWindow: '24h', abandonLimit: 0.05 } }, T0).id;
      campaigns.setState(id, 'running', T0);
      const lead = leads.insert({ campaignId: id, phone: '+8613800138200', now: T0 });
      const live = (no: number, answeredAt: number, abandoned: boolean) =>
        db
          .prepare(
            `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome)
             VALUES (?, ?, '+8613800138200', ?, 'new', ?, ?, ?, ?, ?, ?)`,
          )
          .run(id, lead, no, answeredAt, answeredAt, answeredAt, abandoned ? null : answeredAt + 1000, answeredAt + 9000, abandoned ? 'abandoned' : 'human');
      // Two days ago, outside a 24 h window: an abandon the law no longer counts. Within it: one of each.
      live(1, now - 48 * H, true);
      live(2, now - 2 * H, true);
      live(3, now - 1 * H, false);
      const status = (await h.as('supervisor', { method: 'GET', url: `/api/v1/campaigns/${id}` })).json().status;
      expect(status).toMatchObject({ abandoned: 2, abandonWindow: { window: '24h', lives: 2, abandons: 1, rate: 0.5, limit: 0.05 } });
      const { snapshot, unsubscribe } = h.api.live.subscribe(() => undefined);
      expect(snapshot.campaigns.find((c) => c.id === id)?.abandonWindow).toEqual(status.abandonWindow);
      unsubscribe();
    } finally {
      h.clock.set(T0);
    }
  });

  it('breaks a day down by local hour, agreeing with the KPI report', async () => {
    const { db, repo, campaigns, leads } = h.service;
    const D = T0 + 86_400_000;
    // A day after the other tests' records, 10:00 in Shanghai: two calls at 09:xx (one answered in 6 s, one abandoned), one at 10:xx answered in 30 s.
    const call = (channelId: string, startedAt: number, wait: number, agent: string | null) =>
      repo.insert({
        channelId,
        direction: 'inbound',
        startedAt,
        callerNumber: '13900000040',
        calledNumber: '4008001234',
        answeredAt: startedAt + 1000,
        endedAt: startedAt + 90_000,
        agentId: agent,
        endedIn: agent ? 'agent' : 'queue-abandon',
        queueGroup: 'general',
        queueWaitMs: wait,
        talkMs: agent ? 60_000 : null,
        holdMs: agent ? 0 : null,
        acwMs: agent ? 10_000 : null,
        ivrPath: [],
      });
    call('h-1', D - 30 * 60_000, 6000, '1001');
    call('h-2', D - 20 * 60_000, 40_000, null);
    call('h-3', D + 15 * 60_000, 30_000, '1002');
    repo.flush();
    const id = campaigns.create('hourly', {}, T0).id;
    const lead = leads.insert({ campaignId: id, phone: '+8613800138200', now: T0 });
    db.prepare(
      `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, disposition)
       VALUES (?, ?, '+8613800138200', 1, 'new', ?, ?, ?, ?, ?, 'human', 'success'), (?, ?, '+8613800138200', 2, 'new', ?, ?, NULL, NULL, ?, 'busy', NULL)`,
    ).run(id, lead, D + 60_000, D + 60_000, D + 65_000, D + 66_000, D + 120_000, id, lead, D + 61_000, D + 61_000, D + 90_000);

    const r = await h.as('read-only', { method: 'GET', url: '/api/v1/reports/hourly?from=2026-03-11&to=2026-03-11' });
    expect(r.statusCode).toBe(200);
    const { hours, outcomes, timeZone } = r.json();
    expect(timeZone).toBe('Asia/Shanghai');
    expect(hours).toHaveLength(24);
    expect(hours[9]).toMatchObject({ hour: 9, calls: 2, offered: 2, answered: 1, answeredWithin10s: 1, answerRate10s: 0.5, abandoned: 1, ahtS: 70, dials: 0 });
    expect(hours[10]).toMatchObject({ hour: 10, calls: 1, answeredWithin10s: 0, answerRate10s: 0, dials: 2, connects: 1 });
    expect(hours[11]).toMatchObject({ calls: 0, answerRate10s: null, ahtS: null, dials: 0 });
    expect(outcomes).toMatchObject({ success: 1, busy: 1 });
    const kpis = (await h.as('read-only', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-11&to=2026-03-11' })).json();
    const sum = (k: string) => hours.reduce((n: number, x: Record<string, number>) => n + x[k]!, 0);
    expect([sum('calls'), sum('offered'), sum('answeredWithin10s'), sum('dials'), sum('connects')]).toEqual([
      kpis.inbound.calls,
      kpis.inbound.offered,
      kpis.inbound.answeredWithin10s,
      kpis.outbound.dials,
      kpis.outbound.connects,
    ]);
    const bad = await h.as('manager', { method: 'GET', url: '/api/v1/reports/hourly?from=2026-03-11&to=2026-03-01' });
    expect([bad.statusCode, bad.json().details.field]).toEqual([400, 'to']);
  });

  it('slices a period by local hour, a DST day included', () => {
    const sh = hourSlices(Date.parse('2026-03-10T00:00:00+08:00'), Date.parse('2026-03-12T00:00:00+08:00'), 'Asia/Shanghai');
    expect(sh.map((s) => s.length)).toEqual(Array(24).fill(2));
    expect(sh[9]![0]).toEqual([Date.parse('2026-03-10T09:00:00+08:00'), Date.parse('2026-03-10T10:00:00+08:00')]);
    // New York skips 02:00-03:00 on 2026-03-08: 23 clock hours, none of them at 2.
    const ny = hourSlices(Date.parse('2026-03-08T00:00:00-05:00'), Date.parse('2026-03-09T00:00:00-04:00'), 'America/New_York');
    expect(ny.flat()).toHaveLength(23);
    expect(ny[2]).toEqual([]);
  });

  it("gives a flow version's diagram: nodes, and edges named by key or field", async () => {
    const up = await h.as('manager', { method: 'POST', url: '/api/v1/flows/demo/versions', payload: { content: demoV2.replace('prompt: {file: hello.wav}', 'prompt: hello') } });
    expect(up.statusCode).toBe(201);
    const v = (await h.as('supervisor', { method: 'GET', url: `/api/v1/flows/demo/versions/${up.json().version}` })).json();
    expect(v.graph).toEqual({
      start: 'hello',
      nodes: [
        { id: 'hello', type: 'prompt', subflow: null },
        { id: 'bye', type: 'hangup', subflow: null },
      ],
      edges: [{ from: 'hello', to: 'bye', label: '' }],
    });
    const hotline = flowGraphOfText(readFileSync(join(projectRoot, 'config/ivr/hotline.yaml'), 'utf8'))!;
    expect(hotline.start).toBe('vip_check');
    const fromMenu = hotline.edges.filter((e) => e.from === 'main_menu');
    expect(fromMenu).toEqual(expect.arrayContaining([{ from: 'main_menu', to: 'consult', label: '1' }, { from: 'main_menu', to: 'agent', label: 'onExhausted' }]));
    expect(hotline.edges).toContainEqual({ from: 'hours', to: 'main_menu', label: 'open' });
    // Every edge ends at a node of the diagram: subflow nodes are prefixed with their subflow's name.
    const ids = new Set(hotline.nodes.map((n) => n.id));
    expect(hotline.edges.filter((e) => !ids.has(e.to))).toEqual([]);
    expect(hotline.nodes.some((n) => n.subflow !== null && n.id.startsWith(`${n.subflow}/`))).toBe(true);
    expect(flowGraphOfText('nodes: [')).toBeNull();
  });
});
