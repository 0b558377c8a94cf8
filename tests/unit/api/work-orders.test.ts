/**
 * Work orders through the API: opened with a wrap-up (报修) or on their own, numbered for the caller to key in, read by
 * the IVR's look-up, moved through their statuses with history, listed when overdue; refusals name the field and
 * write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
const hour = 3_600_000;
let n = 0;
function call(): string {
  const channelId = `wo-${++n}`;
  h.service.repo.insert({ channelId, direction: 'inbound', startedAt: T0 - 60_000, callerNumber: '13800138000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: T0 - 50_000, endedAt: T0 - 1000, agentId: '1001' });
  h.service.repo.flush();
  return channelId;
}
const lookup = (no: string) => h.app.inject({ method: 'GET', url: `/api/work-orders/lookup?orderNo=${no}` });
const status = (no: string, s: string, note = '') => h.as('supervisor', { method: 'POST', url: `/api/v1/work-orders/${no}/status`, payload: { status: s, note } });

beforeAll(async () => {
  h = await harness();
});
afterAll(async () => h.close());

describe('a repair report from a call', () => {
  it('opens a work order with the wrap-up; the caller keys its number into the IVR and hears its status', async () => {
    const id = call();
    const w = await h.as('agent', { method: 'POST', url: `/api/v1/calls/${id}/wrap-up`, payload: { category: 'repair', result: 'resolved', newWorkOrder: { description: '厨房水管漏水' } } });
    expect(w.statusCode).toBe(201);
    // The year's next number after the three demo orders.
    expect(w.json().workOrderNo).toBe('20260004');
    const o = (await h.as('agent', { method: 'GET', url: '/api/v1/work-orders/20260004' })).json();
    expect(o).toMatchObject({ status: 'received', channelId: id, callerNumber: '13800138000', category: 'repair', description: '厨房水管漏水', respondBy: T0 + 2 * hour, completeBy: T0 + 48 * hour, overdue: null });
    expect((await lookup('20260004')).json()).toEqual({ orderNo: '20260004', status: 'received' });

    h.clock.set(T0 + hour);
    expect((await status('20260004', 'in-progress', '师傅已出发')).json()).toMatchObject({ status: 'in-progress', respondedAt: T0 + hour });
    expect((await lookup('20260004')).json().status).toBe('in-progress');
    h.clock.set(T0 + 5 * hour);
    expect((await status('20260004', 'completed', '已更换水管')).json()).toMatchObject({ status: 'completed', completedAt: T0 + 5 * hour });
    const hist = (await h.as('supervisor', { method: 'GET', url: '/api/v1/work-orders/20260004' })).json().history;
    expect(hist.map((e: { status: string; actor: string; note: string }) => [e.status, e.actor, e.note])).toEqual([
      ['received', 'agent-1001', '厨房水管漏水'],
      ['in-progress', 'li-supervisor', '师傅已出发'],
      ['completed', 'li-supervisor', '已更换水管'],
    ]);
    const illegal = await status('20260004', 'in-progress');
    expect([illegal.statusCode, illegal.json().code, illegal.json().details.field]).toEqual([409, 'WORK_ORDER_BAD_TRANSITION', 'status']);
    h.clock.set(T0);
  });

  it('keeps the demo orders the sample hotline reads', async () => {
    expect((await lookup('20260002')).json()).toEqual({ orderNo: '20260002', status: 'in-progress' });
    expect((await lookup('99999999')).statusCode).toBe(404);
  });
});

describe('overdue orders', () => {
  it('lists open orders past their response or completion deadline for chasing', async () => {
    const slow = (await h.as('agent', { method: 'POST', url: '/api/v1/work-orders', payload: { callerNumber: '13900139000', category: 'repair', description: '电梯故障' } })).json();
    const started = (await h.as('agent', { method: 'POST', url: '/api/v1/work-orders', payload: { callerNumber: '13900139001', description: '门禁坏了' } })).json();
    await status(started.orderNo, 'in-progress');
    h.clock.set(T0 + 3 * hour);
    let overdue = (await h.as('supervisor', { method: 'GET', url: '/api/v1/work-orders?overdue=true' })).json().items;
    expect(overdue.map((o: { orderNo: string; overdue: string }) => [o.orderNo, o.overdue])).toEqual([[slow.orderNo, 'response']]);
    h.clock.set(T0 + 49 * hour);
    overdue = (await h.as('supervisor', { method: 'GET', url: '/api/v1/work-orders?overdue=true' })).json().items;
    expect(overdue.map((o: { orderNo: string; overdue: string }) => [o.orderNo, o.overdue]).sort()).toEqual([[slow.orderNo, 'completion'], [started.orderNo, 'completion']].sort());
    h.clock.set(T0);
  });
});

describe('refusals write nothing', () => {
  it.each([
    ['a response deadline in the past', { description: 'x', respondBy: new Date(T0 - hour).toISOString() }, 'respondBy'],
    ['a completion before the response', { description: 'x', respondBy: new Date(T0 + 5 * hour).toISOString(), completeBy: new Date(T0 + hour).toISOString() }, 'completeBy'],
    ['an unknown category', { description: 'x', category: 'weather' }, 'category'],
    ['an empty description', { description: '  ' }, 'description'],
  ])('refuses %s', async (_what, body, field) => {
    const before = (await h.as('admin', { method: 'GET', url: '/api/v1/work-orders?limit=1000' })).json().items.length;
    const r = await h.as('agent', { method: 'POST', url: '/api/v1/work-orders', payload: body });
    expect(r.statusCode).toBe(400);
    expect(r.json().details.field).toBe(field);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/work-orders?limit=1000' })).json().items).toHaveLength(before);
  });

  it('refuses a wrap-up whose new work order has a past deadline: no wrap-up, no order', async () => {
    const id = call();
    const before = (await h.as('admin', { method: 'GET', url: '/api/v1/work-orders?limit=1000' })).json().items.length;
    const r = await h.as('agent', { method: 'POST', url: `/api/v1/calls/${id}/wrap-up`, payload: { category: 'repair', result: 'resolved', newWorkOrder: { description: '漏水', respondBy: new Date(T0 - hour).toISOString() } } });
    expect([r.statusCode, r.json().details.field]).toEqual([400, 'newWorkOrder.respondBy']);
    expect((await h.as('agent', { method: 'GET', url: `/api/v1/calls/${id}/wrap-up` })).statusCode).toBe(404);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/work-orders?limit=1000' })).json().items).toHaveLength(before);
    const both = await h.as('agent', { method: 'POST', url: `/api/v1/calls/${id}/wrap-up`, payload: { category: 'repair', result: 'resolved', workOrderNo: '20260001', newWorkOrder: { description: '漏水' } } });
    expect([both.statusCode, both.json().details.field]).toEqual([400, 'newWorkOrder']);
  });
});
