/**
 * The caller history through the API (issue 15 item 4): as a call is offered to an agent, the caller's earlier
 * inbound calls with their categories, open complaints, work orders and callbacks; an agent only for a call of
 * theirs and only their own notes; a supervisor with numbers masked; an agent may not look a number up.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
const caller = '13800138000';
/** An inbound call from `from`, started `ago` ms before T0 and taken by `agent`. */
function call(channelId: string, agent: string | null, ago: number, from: string | null = caller): string {
  h.service.repo.insert({ channelId, direction: 'inbound', startedAt: T0 - ago, callerNumber: from, calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: T0 - ago + 5000, endedAt: T0 - ago + 60_000, agentId: agent, endedIn: agent ? 'agent' : 'caller-hangup', queueGroup: 'general' });
  h.service.repo.flush();
  return channelId;
}
const post = (who: Parameters<Harness['as']>[0], url: string, body: object) => h.as(who, { method: 'POST', url: `/api/v1${url}`, payload: body });
const get = (who: Parameters<Harness['as']>[0], url: string) => h.as(who, { method: 'GET', url: `/api/v1${url}` });

beforeAll(async () => {
  h = await harness();
  // Three days ago agent 1001 took a repair call and opened a work order; yesterday agent 1002 agreed a callback;
  // an hour ago the caller hung up in the IVR. Another caller's call must not show.
  call('h-repair', '1001', 3 * 86_400_000);
  expect((await post('agent', '/calls/h-repair/wrap-up', { category: 'repair', notes: '水管漏水', result: 'resolved', newWorkOrder: { description: '厨房水管漏水' } })).statusCode).toBe(201);
  call('h-callback', '1002', 86_400_000);
  expect((await post('agent2', '/calls/h-callback/wrap-up', { category: 'consult', notes: '问物业费', result: 'callback', callbackAt: new Date(T0 + 3_600_000).toISOString() })).statusCode).toBe(201);
  call('h-ivr', null, 3_600_000);
  call('h-other', '1001', 7_200_000, '13900139000');
  // One open complaint and one already confirmed (not open: it does not show).
  expect((await post('supervisor', '/complaints', { callerNumber: caller, category: 'repair-delay', department: 'engineering', description: '报修三天无人上门' })).statusCode).toBe(201);
  const done = (await post('admin', '/complaints', { callerNumber: caller, category: 'billing', department: 'finance', description: '多收了物业费' })).json();
  for (const [action, extra] of [['resolve', { resolution: '已退费' }], ['call-back', {}], ['confirm', {}]] as const) {
    expect((await post('admin', `/complaints/${done.id}/actions`, { action, ...extra })).statusCode).toBe(200);
  }
  // The call arriving now, offered to agent 1001.
  call('h-now', null, 0);
  h.service.acd.agentEvent('1001', { type: 'offer', callId: 'h-now' });
});
afterAll(async () => h.close());

describe('caller history of the call offered to an agent', () => {
  it('lists the earlier calls newest first with their categories, the open complaint, the work order and the callback', async () => {
    const r = await get('agent', '/calls/h-now/caller-history');
    expect(r.statusCode).toBe(200);
    const b = r.json();
    expect(b.number).toBe(caller);
    expect(b.calls.map((c: { channelId: string; category: string | null; result: string | null }) => [c.channelId, c.category, c.result])).toEqual([
      ['h-ivr', null, null],
      ['h-callback', 'consult', 'callback'],
      ['h-repair', 'repair', 'resolved'],
    ]);
    expect(b.complaints).toHaveLength(1);
    expect(b.complaints[0]).toMatchObject({ category: 'repair-delay', department: 'engineering', state: 'registered', overdue: false });
    expect(b.workOrders).toHaveLength(1);
    expect(b.workOrders[0]).toMatchObject({ status: 'received', category: 'repair', description: '厨房水管漏水' });
    expect(b.calls.find((c: { channelId: string }) => c.channelId === 'h-repair').workOrderNo).toBe(b.workOrders[0].orderNo);
    // The wrap-up's callback and the confirmed complaint's resolution callback, newest first.
    expect(b.callbacks.map((c: { reason: string; number: string }) => [c.reason, c.number])).toEqual([
      ['complaint-resolved', caller],
      ['wrap-up', caller],
    ]);
  });

  it("shows an agent the notes of their own wrap-ups only", async () => {
    const b = (await get('agent', '/calls/h-now/caller-history')).json();
    const by = (id: string) => b.calls.find((c: { channelId: string }) => c.channelId === id);
    expect(by('h-repair')).toMatchObject({ notes: '水管漏水', notesHidden: false });
    expect(by('h-callback')).toMatchObject({ notes: null, notesHidden: true, category: 'consult' });
    const sup = (await get('supervisor', '/calls/h-now/caller-history')).json();
    expect(sup.calls.find((c: { channelId: string }) => c.channelId === 'h-callback')).toMatchObject({ notes: '问物业费', notesHidden: false });
  });

  it('masks the numbers for a supervisor', async () => {
    const b = (await get('supervisor', '/calls/h-now/caller-history')).json();
    expect(b.number).not.toContain(caller);
    expect(b.number).toMatch(/\*/);
    expect(b.callbacks.every((c: { number: string }) => c.number !== caller)).toBe(true);
    expect(JSON.stringify(b)).not.toContain(caller);
  });

  it('marks an open complaint past its deadline as overdue', async () => {
    h.clock.set(T0 + 30 * 3_600_000);
    try {
      const b = (await get('agent', '/calls/h-now/caller-history')).json();
      expect(b.complaints[0].overdue).toBe(true);
      expect(b.workOrders[0].overdue).toBe(true);
    } finally {
      h.clock.set(T0);
    }
  });

  it('answers an agent only for a call offered to them or taken by them', async () => {
    expect((await get('agent2', '/calls/h-now/caller-history')).statusCode).toBe(404);
    expect((await get('agent2', '/calls/h-callback/caller-history')).statusCode).toBe(200);
    expect((await get('agent', '/calls/no-such-call/caller-history')).statusCode).toBe(404);
    expect((await get('read-only', '/calls/h-now/caller-history')).statusCode).toBe(403);
  });

  it('bounds each list by limit, refusing a limit out of range with the field named', async () => {
    const b = (await get('agent', '/calls/h-now/caller-history?limit=1')).json();
    expect(b.calls.map((c: { channelId: string }) => c.channelId)).toEqual(['h-ivr']);
    const bad = await get('agent', '/calls/h-now/caller-history?limit=0');
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('limit');
  });

  it('gives an empty history for a call whose number was withheld', async () => {
    call('h-withheld', '1001', 1000, null);
    expect((await get('agent', '/calls/h-withheld/caller-history')).json()).toEqual({ number: null, calls: [], complaints: [], workOrders: [], callbacks: [] });
  });
});

describe('caller history by number', () => {
  it('is for the floor: a manager sees the number whole, an agent may not look a number up', async () => {
    const m = (await get('manager', `/callers/${caller}/history`)).json();
    expect(m.number).toBe(caller);
    expect(m.calls.map((c: { channelId: string }) => c.channelId)).toEqual(['h-now', 'h-ivr', 'h-callback', 'h-repair']);
    expect((await get('agent', `/callers/${caller}/history`)).statusCode).toBe(403);
    expect((await get('manager', '/callers/abc/history')).statusCode).toBe(400);
  });
});
