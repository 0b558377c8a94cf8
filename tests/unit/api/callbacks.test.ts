import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

const iso = (ms: number) => new Date(ms).toISOString();

describe('callbacks', () => {
  let h: Harness;
  let campaign: number;
  beforeAll(async () => {
    h = await harness();
    campaign = h.service.campaigns.create('回访', {}, T0).id;
    h.service.dnc.add('+8613900000099', 0, 'refused', T0);
  });
  afterAll(async () => h.close());

  it('schedules, lists, moves and cancels a callback; the dialer sees it as a due callback lead', async () => {
    const made = await h.as('supervisor', { method: 'POST', url: '/api/v1/callbacks', payload: { campaignId: campaign, phone: '138 0013 8000', at: iso(T0 + 3_600_000), agentId: '1002', name: '张' } });
    expect(made.statusCode).toBe(201);
    const lead = made.json();
    expect(lead).toMatchObject({ state: 'callback-scheduled', callbackAt: T0 + 3_600_000, dueAt: T0 + 3_600_000, callbackAgent: '1002', phone: '+86138****8000' });
    expect(h.service.leads.due(campaign, T0 + 3_600_000, 10)).toEqual([expect.objectContaining({ id: lead.id, state: 'callback-scheduled', callbackAgent: '1002' })]);
    expect(h.service.leads.due(campaign, T0 + 3_599_999, 10)).toEqual([]);

    const list = (await h.as('manager', { method: 'GET', url: `/api/v1/callbacks?from=${encodeURIComponent(iso(T0))}&to=${encodeURIComponent(iso(T0 + 7_200_000))}` })).json();
    expect(list.items.map((l: { id: number }) => l.id)).toEqual([lead.id]);
    expect((await h.as('agent2', { method: 'GET', url: '/api/v1/callbacks' })).json().items).toHaveLength(1);
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/callbacks' })).json().items).toHaveLength(0);

    const moved = await h.as('agent2', { method: 'PATCH', url: `/api/v1/callbacks/${lead.id}`, payload: { at: iso(T0 + 86_400_000) } });
    expect(moved.json()).toMatchObject({ callbackAt: T0 + 86_400_000, callbackAgent: '1002' });
    // Another agent's callback does not exist for them.
    expect((await h.as('agent', { method: 'PATCH', url: `/api/v1/callbacks/${lead.id}`, payload: { at: iso(T0 + 7_200_000) } })).statusCode).toBe(404);
    expect((await h.as('agent', { method: 'DELETE', url: `/api/v1/callbacks/${lead.id}` })).statusCode).toBe(404);

    const cancelled = await h.as('manager', { method: 'DELETE', url: `/api/v1/callbacks/${lead.id}` });
    expect(cancelled.json()).toMatchObject({ state: 'done-failed', callbackAt: null });
    expect((await h.as('manager', { method: 'DELETE', url: `/api/v1/callbacks/${lead.id}` })).json().code).toBe('CONFLICT');
    const log = (await h.as('admin', { method: 'GET', url: `/api/v1/audit?entity=callback&entityId=${lead.id}` })).json().items;
    expect(log.map((e: { action: string; actor: string }) => `${e.action} by ${e.actor}`)).toEqual(['callback.cancel by wang-manager', 'callback.reschedule by agent-1002', 'callback.create by li-supervisor']);
  });

  it('an agent schedules callbacks for themselves only', async () => {
    const own = await h.as('agent', { method: 'POST', url: '/api/v1/callbacks', payload: { campaignId: campaign, phone: '13800138001', at: iso(T0 + 600_000) } });
    expect(own.json().callbackAgent).toBe('1001');
    const other = await h.as('agent', { method: 'POST', url: '/api/v1/callbacks', payload: { campaignId: campaign, phone: '13800138002', at: iso(T0 + 600_000), agentId: '1002' } });
    expect([other.statusCode, other.json().details.field]).toEqual([403, 'agentId']);
  });

  it('refuses a time in the past, a number it cannot read, a DNC number, and an unknown campaign, naming the field', async () => {
    const post = (payload: object) => h.as('manager', { method: 'POST', url: '/api/v1/callbacks', payload });
    const cases: Array<[object, number, string]> = [
      [{ campaignId: campaign, phone: '13800138003', at: iso(T0 - 3_600_000) }, 400, 'at'],
      [{ campaignId: campaign, phone: '13800138003', at: 'tomorrow' }, 400, 'at'],
      [{ campaignId: campaign, phone: '12345', at: iso(T0 + 60_000) }, 400, 'phone'],
      [{ campaignId: campaign, phone: '13900000099', at: iso(T0 + 60_000) }, 409, 'phone'],
      [{ campaignId: 77, phone: '13800138003', at: iso(T0 + 60_000) }, 404, 'campaign'],
      [{ phone: '13800138003', at: iso(T0 + 60_000) }, 400, 'campaignId'],
    ];
    for (const [payload, status, field] of cases) {
      const r = await post(payload);
      expect([r.statusCode, r.json().details.field], JSON.stringify(payload)).toEqual([status, field]);
    }
  });
});
