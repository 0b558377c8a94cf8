import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { harness, T0, type Harness } from './harness.js';
import { events } from './sse-events.js';

describe('live feed', () => {
  let h: Harness;
  let campaign: number;
  beforeAll(async () => {
    h = await harness((c) => (c.api.live.intervalMs = 60_000));
    campaign = h.service.campaigns.create('live-campaign', {}, T0).id;
    h.service.campaigns.setState(campaign, 'running', T0);
    h.service.leads.insert({ campaignId: campaign, phone: '+8613800138000', now: T0 });
  });
  afterAll(async () => h.close());

  const open = async (role: 'supervisor' | 'admin') => {
    const res = await h.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${h.tokens[role]}` }, payloadAsStream: true });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    return { res, feed: events(res.stream()) };
  };

  it('sends a snapshot, then what changed: agent states, calls in progress (masked), queue waits, campaign progress', async () => {
    const { res, feed } = await open('supervisor');
    const snap = await feed.next();
    expect(snap.event).toBe('snapshot');
    expect(snap.data.agents.map((a: { id: string; state: string }) => `${a.id}:${a.state}`)).toEqual(['1001:ready', '1002:ready', '1003:ready', '1004:ready']);
    expect(snap.data).toMatchObject({ calls: [], queues: [], campaigns: [{ id: campaign, name: 'live-campaign', state: 'running', leads: { new: 1 }, attempts: 0 }] });

    h.service.acd.agentEvent('1002', { type: 'pause', reason: 'lunch' });
    h.service.repo.insert({ channelId: 'live-1', direction: 'inbound', startedAt: T0, callerNumber: '13900000031', calledNumber: '4008001234', answeredAt: T0, ivrPath: [{ node: 'main_menu', at: T0 }] });
    h.service.calls.add({ channelId: 'live-1', direction: 'inbound', startedAt: T0, answeredAt: T0, amd: false, hangupRequested: false, digits: '', path: [], log: createLogger('silent'), cleanup: [] });
    h.clock.set(T0 + 1000);
    h.api.live.tick();
    const change = await feed.next();
    expect(change.event).toBe('change');
    expect(change.data).toEqual({
      at: T0 + 1000,
      agents: { set: [{ id: '1002', name: 'Agent 1002', state: 'paused', since: T0, pauseReason: 'lunch', callId: null, monitored: null }], removed: [] },
      calls: { set: [{ channelId: 'live-1', direction: 'inbound', callerNumber: '139****0031', calledNumber: '400***1234', startedAt: T0, answeredAt: T0, node: 'main_menu', agentId: null, campaignId: null }], removed: [] },
    });

    h.service.calls.remove('live-1');
    h.service.leads.insert({ campaignId: campaign, phone: '+8613800138001', now: T0 });
    for (let i = 0; i < 5; i++) h.api.live.tick();
    const gone = await feed.next();
    expect(gone.data.calls).toEqual({ set: [], removed: ['live-1'] });
    const progress = await feed.next();
    expect(progress.data.campaigns.set[0].leads).toEqual({ new: 2 });
    res.stream().destroy();
  });

  it('drops a client that leaves (a real connection on 127.0.0.1: inject cannot hang up)', async () => {
    const { request } = await import('node:http');
    const address = await h.app.listen({ host: '127.0.0.1', port: 0 });
    const before = h.api.live.subscribers;
    const req = request(`${address}/api/v1/live`, { headers: { authorization: `Bearer ${h.tokens.supervisor}` } });
    const first = await new Promise<string>((resolve) => {
      req.on('response', (res) => res.once('data', (c: Buffer) => resolve(c.toString())));
      req.end();
    });
    expect(first).toMatch(/^event: snapshot\ndata: \{/);
    expect(h.api.live.subscribers).toBe(before + 1);
    req.destroy();
    for (let i = 0; i < 50 && h.api.live.subscribers > before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(h.api.live.subscribers).toBe(before);
  });

  it('shows whole numbers to roles that see them', async () => {
    h.service.repo.insert({ channelId: 'live-2', direction: 'inbound', startedAt: T0, callerNumber: '13900000032', calledNumber: '4008001234' });
    h.service.calls.add({ channelId: 'live-2', direction: 'inbound', startedAt: T0, answeredAt: null, amd: false, hangupRequested: false, digits: '', path: [], log: createLogger('silent'), cleanup: [] });
    // The first test's inject stream still counts as a watcher (inject cannot hang up), so the hub's picture is only
    // as new as its last look.
    h.api.live.tick();
    const { res, feed } = await open('admin');
    expect((await feed.next()).data.calls[0].callerNumber).toBe('13900000032');
    res.stream().destroy();
  });

  it('logs agent state changes for agent-hours, whether or not anyone watches', () => {
    const rows = h.service.db.prepare("SELECT agent_id AS agentId, state, reason FROM agent_states WHERE agent_id = '1002' ORDER BY id").all();
    expect(rows).toEqual([
      { agentId: '1002', state: 'ready', reason: null },
      { agentId: '1002', state: 'paused', reason: 'lunch' },
    ]);
  });
});
