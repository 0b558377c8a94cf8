/**
 * The service desk in the KPI report (issue 15 item 6), through the API and the same computation the scheduled
 * reports run: hot issues by category and by IVR choice, first-call resolution from the wrap-ups, the complaint
 * classification tables, and work-order 响应及时率 / 完成及时率; in the JSON and the CSV.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
const hour = 3_600_000;
const post = (url: string, body: object) => h.as('admin', { method: 'POST', url: `/api/v1${url}`, payload: body });
/** An inbound call today that chose `key` in the main menu, wrapped up as `category` with `result`. */
async function wrapped(id: string, key: string | null, category: string, result: string, extra: object = {}): Promise<void> {
  const path = key ? [{ node: 'main_menu', at: T0 - 100_000 }, { node: 'main_menu', key, note: 'chosen', at: T0 - 99_000 }] : [];
  h.service.repo.insert({ channelId: id, direction: 'inbound', startedAt: T0 - 100_000, callerNumber: '13800138000', calledNumber: '4008001234', answeredAt: T0 - 90_000, endedAt: T0 - 10_000, agentId: '1001', endedIn: 'agent', ivrPath: path });
  h.service.repo.flush();
  const r = await post(`/calls/${id}/wrap-up`, { category, result, ...extra });
  expect(r.statusCode).toBe(201);
}

beforeAll(async () => {
  h = await harness();
  // Four wrap-ups: repair ×2 (key 2, both resolved), consult (key 1, a callback), repair again with no IVR (escalated).
  await wrapped('r-1', '2', 'repair', 'resolved');
  await wrapped('r-2', '2', 'repair', 'resolved');
  await wrapped('r-3', '1', 'consult', 'callback', { callbackAt: new Date(T0 + hour).toISOString() });
  await wrapped('r-4', null, 'repair', 'escalated');
  // Three work orders opened now: one answered at once and completed within its deadline; one answered after its
  // 1 h response deadline; one still received.
  const order = async (respondH: number, completeH: number) =>
    (await post('/work-orders', { callerNumber: '13800138000', category: 'repair', description: '漏水', respondBy: new Date(T0 + respondH * hour).toISOString(), completeBy: new Date(T0 + completeH * hour).toISOString() })).json().orderNo as string;
  const a = await order(1, 4);
  const b = await order(1, 4);
  await order(1, 4);
  expect((await post(`/work-orders/${a}/status`, { status: 'completed' })).statusCode).toBe(200);
  h.clock.set(T0 + 2 * hour);
  expect((await post(`/work-orders/${b}/status`, { status: 'in-progress' })).statusCode).toBe(200);
  // Two complaints: billing to finance, repair delay to engineering.
  expect((await post('/complaints', { callerNumber: '13800138000', category: 'billing', department: 'finance', description: '多收费' })).statusCode).toBe(201);
  expect((await post('/complaints', { callerNumber: '13800138000', category: 'repair-delay', department: 'engineering', description: '没人来' })).statusCode).toBe(201);
});
afterAll(async () => h.close());

describe('the desk in the KPI report', () => {
  it('gives the hand-computed figures in the JSON', async () => {
    const r = await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-10&to=2026-03-10' });
    expect(r.statusCode).toBe(200);
    const d = r.json().desk;
    // 4 wrap-ups, 2 resolved on the call.
    expect([d.wrappedUp, d.resolvedOnCall, d.fcrRate]).toEqual([4, 2, 0.5]);
    expect(d.byCategory).toEqual([
      { category: 'repair', calls: 3, share: 0.75, resolved: 2, fcrRate: 0.6667 },
      { category: 'consult', calls: 1, share: 0.25, resolved: 0, fcrRate: 0 },
    ]);
    expect(d.byCategoryAndChoice).toEqual([
      { category: 'repair', choice: 'main_menu:2', calls: 2 },
      { category: 'consult', choice: 'main_menu:1', calls: 1 },
      { category: 'repair', choice: 'none', calls: 1 },
    ]);
    // At T0 + 2 h: response on time (a), late (b, answered after 1 h), late (c, unanswered past 1 h) → 1/3;
    // completion on time (a), b and c not yet due (4 h) → 1/1.
    expect(d.workOrders).toEqual({ created: 3, response: { onTime: 1, late: 2, notYetDue: 0, rate: 0.3333 }, completion: { onTime: 1, late: 0, notYetDue: 2, rate: 1 } });
    expect(d.complaints.byDepartment.map((c: { key: string; total: number; open: number }) => [c.key, c.total, c.open])).toEqual([
      ['engineering', 1, 1],
      ['finance', 1, 1],
    ]);
  });

  it('writes them in the CSV: summary rows and the sheets', async () => {
    const csv = (await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-10&to=2026-03-10&format=csv' })).body;
    expect(csv).toContain('summary,desk.fcrRate,首次解决率 first-call resolution,0.5');
    expect(csv).toContain('summary,desk.workOrders.response.rate,响应及时率 response on-time rate,0.3333');
    expect(csv).toContain('summary,desk.workOrders.completion.rate,完成及时率 completion on-time rate,1');
    expect(csv).toContain('hot-issues-by-category,repair,3,0.75,2,0.6667');
    expect(csv).toContain('hot-issues-by-choice,repair,main_menu:2,2');
    expect(csv).toContain('complaints-by-category,billing,1,1,0,0,0');
    expect(csv).toContain('complaints-by-department,engineering,1,1,0,0,0');
  });
});
