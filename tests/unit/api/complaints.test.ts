/**
 * Complaints through the API: registered from a call, escalated twice, resolved (the callback to the caller is
 * created), called back and confirmed; the history; statistics by category and department; refusals that name the
 * field and write nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
const hour = 3_600_000;
const act = (who: Parameters<Harness['as']>[0], id: number, action: string, resolution?: string) =>
  h.as(who, { method: 'POST', url: `/api/v1/complaints/${id}/actions`, payload: { action, ...(resolution ? { resolution } : {}) } });
const open = (who: Parameters<Harness['as']>[0], body: object) => h.as(who, { method: 'POST', url: '/api/v1/complaints', payload: body });

beforeAll(async () => {
  h = await harness();
  h.service.repo.insert({ channelId: 'cp-1', direction: 'inbound', startedAt: T0 - 60_000, callerNumber: '13800138000', calledNumber: '4008001234', entryNumber: '4008001234', answeredAt: T0 - 50_000, endedAt: T0 - 1000, agentId: '1001' });
  h.service.repo.flush();
});
afterAll(async () => h.close());

describe('a complaint from a call to its confirmation', () => {
  it('registers, escalates agent → supervisor → business contact, resolves with a callback, is called back and confirmed', async () => {
    const r = await open('agent', { channelId: 'cp-1', category: 'repair-delay', department: 'engineering', description: '报修三天无人上门' });
    expect(r.statusCode).toBe(201);
    const c = r.json();
    // The category's deadline: repair delay is resolved within 24 h.
    expect(c).toMatchObject({ channelId: 'cp-1', callerNumber: '13800138000', state: 'registered', escalation: 'agent', dueAt: T0 + 24 * hour, overdue: false, allowedActions: ['start', 'escalate', 'resolve'] });

    expect((await act('agent', c.id, 'start')).json()).toMatchObject({ state: 'in-progress' });
    expect((await act('agent', c.id, 'escalate')).json()).toMatchObject({ state: 'escalated', escalation: 'supervisor' });
    expect((await act('supervisor', c.id, 'escalate')).json()).toMatchObject({ state: 'escalated', escalation: 'business', allowedActions: ['escalate', 'resolve'] });
    const top = await act('supervisor', c.id, 'escalate');
    expect([top.statusCode, top.json().code, top.json().details.field]).toEqual([409, 'COMPLAINT_BAD_TRANSITION', 'action']);

    h.clock.set(T0 + 2 * hour);
    const resolved = (await act('supervisor', c.id, 'resolve', '工程部已上门更换水管')).json();
    expect(resolved).toMatchObject({ state: 'resolved', resolution: '工程部已上门更换水管', resolvedAt: T0 + 2 * hour, allowedActions: ['call-back'] });
    // The callback to the customer, due now, handed to the dialer by the callback intake.
    expect(h.api.store.callbacks.pending().find((cb) => cb.id === resolved.callbackId)).toMatchObject({ number: '13800138000', reason: 'complaint-resolved', sourceChannelId: 'cp-1', dueAt: T0 + 2 * hour });

    expect((await act('agent', c.id, 'call-back')).json()).toMatchObject({ state: 'called-back', allowedActions: ['confirm', 'reopen'] });
    expect((await act('agent', c.id, 'confirm')).json()).toMatchObject({ state: 'confirmed', allowedActions: [] });

    const one = (await h.as('supervisor', { method: 'GET', url: `/api/v1/complaints/${c.id}` })).json();
    // A supervisor sees the number masked; the history is the audit trail, oldest first.
    expect(one.callerNumber).not.toBe('13800138000');
    expect(one.history.map((e: { action: string; actor: string }) => `${e.action} ${e.actor}`)).toEqual([
      'complaint.register agent-1001',
      'complaint.start agent-1001',
      'complaint.escalate agent-1001',
      'complaint.escalate li-supervisor',
      'complaint.resolve li-supervisor',
      'complaint.call-back agent-1001',
      'complaint.confirm agent-1001',
    ]);
    h.clock.set(T0);
  });
});

describe('refusals', () => {
  it.each([
    ['an unknown category', { callerNumber: '13900139000', category: 'weather', department: 'engineering', description: 'x' }, 'category'],
    ['an unknown department', { callerNumber: '13900139000', category: 'billing', department: 'moon', description: 'x' }, 'department'],
    ['a deadline in the past', { callerNumber: '13900139000', category: 'billing', department: 'finance', description: 'x', dueAt: new Date(T0 - 2 * hour).toISOString() }, 'dueAt'],
    ['no number to call back', { category: 'billing', department: 'finance', description: 'x' }, 'callerNumber'],
    ['an empty description', { callerNumber: '13900139000', category: 'billing', department: 'finance', description: '  ' }, 'description'],
    ['a call the agent did not take', { channelId: 'nope', category: 'billing', department: 'finance', description: 'x' }, 'channelId'],
  ])('refuses %s, naming the field, and registers nothing', async (_what, body, field) => {
    const before = h.api.store.complaints.search({ limit: 1000 }).length;
    const r = await open('agent', body);
    expect(r.statusCode).toBe(400);
    expect(r.json().details.field).toBe(field);
    expect(h.api.store.complaints.search({ limit: 1000 })).toHaveLength(before);
  });

  it('refuses an illegal move and a resolution without its text, writing nothing', async () => {
    const c = (await open('agent', { callerNumber: '13900139000', category: 'billing', department: 'finance', description: '多收费' })).json();
    const confirm = await act('agent', c.id, 'confirm');
    expect([confirm.statusCode, confirm.json().details.field, confirm.json().details.allowed]).toEqual([409, 'action', ['start', 'escalate', 'resolve']]);
    const bare = await act('agent', c.id, 'resolve');
    expect([bare.statusCode, bare.json().details.field]).toEqual([400, 'resolution']);
    const after = (await h.as('admin', { method: 'GET', url: `/api/v1/complaints/${c.id}` })).json();
    expect(after).toMatchObject({ state: 'registered', callbackId: null });
    expect(after.history).toHaveLength(1);
    expect((await act('agent', 9999, 'start')).statusCode).toBe(404);
    expect((await open('read-only', { callerNumber: '13900139000', category: 'billing', department: 'finance', description: 'x' })).statusCode).toBe(403);
  });
});

describe('deadlines and statistics', () => {
  it('lists the overdue ones for chasing, and counts by category and department', async () => {
    const late = (await open('supervisor', { callerNumber: '13700137000', category: 'attitude', department: 'customer-service', description: '态度差' })).json();
    h.clock.set(T0 + 25 * hour);
    const overdue = (await h.as('supervisor', { method: 'GET', url: '/api/v1/complaints?overdue=true' })).json().items;
    expect(overdue.map((c: { id: number }) => c.id)).toContain(late.id);
    expect(overdue.every((c: { overdue: boolean }) => c.overdue)).toBe(true);
    const from = new Date(T0 - hour).toISOString();
    const to = new Date(T0 + 48 * hour).toISOString();
    const stats = (await h.as('read-only', { method: 'GET', url: `/api/v1/complaints/stats?from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}` })).json();
    expect(stats.byCategory.find((s: { key: string }) => s.key === 'repair-delay')).toEqual({ key: 'repair-delay', total: 1, open: 0, resolved: 1, confirmed: 1, overdue: 0 });
    expect(stats.byCategory.find((s: { key: string }) => s.key === 'attitude')).toEqual({ key: 'attitude', total: 1, open: 1, resolved: 0, confirmed: 0, overdue: 1 });
    expect(stats.byDepartment.find((s: { key: string }) => s.key === 'engineering')).toMatchObject({ total: 1, resolved: 1 });
    h.clock.set(T0);
  });
});

describe('a wrap-up linked to a complaint', () => {
  it('accepts a complaint that exists', async () => {
    const c = (await open('agent', { channelId: 'cp-1', category: 'other', department: 'customer-service', description: '其他' })).json();
    const w = await h.as('agent', { method: 'POST', url: '/api/v1/calls/cp-1/wrap-up', payload: { category: 'complaint', result: 'escalated', complaintId: c.id } });
    expect(w.statusCode).toBe(201);
    expect(w.json().complaintId).toBe(c.id);
  });
});
