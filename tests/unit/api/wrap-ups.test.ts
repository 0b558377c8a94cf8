/**
 * The wrap-up of inbound calls through the API: the category tree, saving one with each result, the callback a
 * callback result schedules, links, refusals that name the field and write nothing, and an agent's own calls only.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
let n = 0;
/** A finished inbound call from 13800138000 taken by `agent`; returns its channel id. */
function call(agent: string | null = '1001', direction: 'inbound' | 'outbound' = 'inbound', callerNumber: string | null = '13800138000'): string {
  const channelId = `wu-${++n}`;
  h.service.repo.insert({ channelId, direction, startedAt: T0 - 120_000, callerNumber, calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: T0 - 110_000, endedAt: T0 - 10_000, agentId: agent, endedIn: 'agent' });
  h.service.repo.flush();
  return channelId;
}
const post = (who: Parameters<Harness['as']>[0], channelId: string, body: unknown) => h.as(who, { method: 'POST', url: `/api/v1/calls/${channelId}/wrap-up`, payload: body as object });

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());

describe('wrap-up categories', () => {
  it('lists the default tree from the seeds, new business with its product lines', async () => {
    const r = await h.as('agent', { method: 'GET', url: '/api/v1/desk/categories' });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ key: string; zh: string; children?: Array<{ zh: string }> }>;
    expect(items.map((c) => c.zh)).toEqual(['咨询', '报修', '投诉', '工单查询', '新业务', '其他']);
    expect(items.find((c) => c.key === 'new-business')!.children!.map((c) => c.zh)).toEqual(['养老服务', '装修服务', '房屋租赁', '教育服务', '金融服务']);
  });
});

describe('saving a wrap-up', () => {
  it('keeps category, notes, result and a work-order link with the call, and audits it', async () => {
    const id = call();
    const r = await post('agent', id, { category: 'repair', notes: ' 水管漏水 ', result: 'resolved', workOrderNo: '20260001' });
    expect(r.statusCode).toBe(201);
    expect(r.json()).toMatchObject({ channelId: id, agentId: '1001', category: 'repair', notes: '水管漏水', result: 'resolved', workOrderNo: '20260001', callbackId: null, createdBy: 'agent-1001' });
    expect((await h.as('supervisor', { method: 'GET', url: `/api/v1/calls/${id}/wrap-up` })).json()).toMatchObject({ category: 'repair' });
    const audit = await h.as('admin', { method: 'GET', url: `/api/v1/audit?entity=wrap-up&entityId=${id}` });
    expect(audit.json().items[0]).toMatchObject({ action: 'wrap-up.create', actor: 'agent-1001', summary: 'repair: resolved' });
  });

  it('accepts a product line under new business', async () => {
    expect((await post('agent', call(), { category: 'finance', result: 'transferred' })).statusCode).toBe(201);
  });

  it('turns a callback result into a callback the dialer makes to the caller at the agreed time', async () => {
    const id = call();
    const at = new Date(T0 + 3_600_000).toISOString();
    const r = await post('agent', id, { category: 'consult', result: 'callback', callbackAt: at });
    expect(r.statusCode).toBe(201);
    const cb = h.api.store.callbacks.pending().find((c) => c.id === r.json().callbackId);
    expect(cb).toMatchObject({ number: '13800138000', reason: 'wrap-up', sourceChannelId: id, dueAt: T0 + 3_600_000, state: 'pending' });
  });

  it.each([
    ['an unknown category', { category: 'weather', result: 'resolved' }, 'category'],
    ['a callback without its time', { category: 'consult', result: 'callback' }, 'callbackAt'],
    ['a callback in the past', { category: 'consult', result: 'callback', callbackAt: new Date(T0 - 3_600_000).toISOString() }, 'callbackAt'],
    ['a callback time with another result', { category: 'consult', result: 'resolved', callbackAt: new Date(T0 + 3_600_000).toISOString() }, 'callbackAt'],
    ['an unknown result', { category: 'consult', result: 'maybe' }, 'result'],
    ['a work order that does not exist', { category: 'repair', result: 'resolved', workOrderNo: '99999999' }, 'workOrderNo'],
    ['a complaint that does not exist', { category: 'complaint', result: 'escalated', complaintId: 999 }, 'complaintId'],
  ])('refuses %s, naming the field, and writes nothing', async (_name, body, field) => {
    const id = call();
    const before = h.api.store.callbacks.pending().length;
    const r = await post('agent', id, body);
    expect(r.statusCode).toBe(400);
    expect(r.json().details.field).toBe(field);
    expect((await h.as('agent', { method: 'GET', url: `/api/v1/calls/${id}/wrap-up` })).statusCode).toBe(404);
    expect(h.api.store.callbacks.pending()).toHaveLength(before);
    expect((await h.as('admin', { method: 'GET', url: `/api/v1/audit?entity=wrap-up&entityId=${id}` })).json().items).toEqual([]);
  });

  it('refuses a second wrap-up, an outbound call, and a callback to a withheld number', async () => {
    const id = call();
    expect((await post('agent', id, { category: 'other', result: 'resolved' })).statusCode).toBe(201);
    const again = await post('agent', id, { category: 'consult', result: 'resolved' });
    expect([again.statusCode, again.json().code, again.json().details.field]).toEqual([409, 'CONFLICT', 'channelId']);
    expect((await h.as('agent', { method: 'GET', url: `/api/v1/calls/${id}/wrap-up` })).json().category).toBe('other');
    expect((await post('agent', call('1001', 'outbound'), { category: 'other', result: 'resolved' })).statusCode).toBe(409);
    const withheld = await post('agent', call('1001', 'inbound', null), { category: 'other', result: 'callback', callbackAt: new Date(T0 + 60_000).toISOString() });
    expect([withheld.statusCode, withheld.json().details.field]).toEqual([409, 'result']);
  });

  it("lets an agent wrap up only the calls they took; a supervisor any; read-only none", async () => {
    const theirs = call('1002');
    expect((await post('agent', theirs, { category: 'other', result: 'resolved' })).statusCode).toBe(404);
    expect((await post('read-only', theirs, { category: 'other', result: 'resolved' })).statusCode).toBe(403);
    expect((await post('supervisor', theirs, { category: 'other', result: 'resolved' })).statusCode).toBe(201);
  });
});

describe('the report', () => {
  it("counts the day's calls by wrap-up category, with those resolved on the call, in the JSON and the CSV", async () => {
    const r = await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-10&to=2026-03-10' });
    expect(r.statusCode).toBe(200);
    const cats = r.json().inbound.categories as Array<{ category: string; calls: number; resolved: number }>;
    expect(cats.find((c) => c.category === 'repair')).toEqual({ category: 'repair', calls: 1, resolved: 1 });
    expect(cats.find((c) => c.category === 'consult')).toEqual({ category: 'consult', calls: 1, resolved: 0 });
    const csv = await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-10&to=2026-03-10&format=csv' });
    expect(csv.body).toContain('call-categories,repair,1,1');
  });
});

describe('wrap-up required before ready', () => {
  it('refuses ready until the wrap-up is saved, then the agent is ready', async () => {
    const id = call('1003');
    const acd = h.service.acd;
    acd.agentEvent('1003', { type: 'offer', callId: id });
    acd.agentEvent('1003', { type: 'answer', callId: id });
    acd.agentEvent('1003', { type: 'hangup', callId: id, wrapUpS: 5, wrapUpRequired: true });
    const ready = await h.as('admin', { method: 'POST', url: '/api/v1/agents/1003/ready' });
    expect([ready.statusCode, ready.json().code, ready.json().details.callId]).toEqual([409, 'WRAP_UP_REQUIRED', id]);
    expect((await post('admin', id, { category: 'consult', result: 'resolved' })).statusCode).toBe(201);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/agents/1003' })).json().state).toBe('ready');
  });
});
