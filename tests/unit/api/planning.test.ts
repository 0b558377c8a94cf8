/**
 * Planning through the API (issue 16 item 4): the forecast from stored calls with a known daily pattern, required
 * agents by Erlang C, a roster that leaves the 10:00 peak short shown short, the sixth swap in a month refused, and a
 * handover note per shift.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { requiredAgents } from '../../../src/planning/roster.js';
import { harness, T0, type Harness } from './harness.js';

let h: Harness;
const day = 86_400_000;
const midnight = Date.parse('2026-03-10T00:00:00+08:00');

beforeAll(async () => {
  h = await harness();
  // Eight weeks before 2026-03-10: every day 20 calls at 10:00–10:30 and 2 at 15:00–15:30.
  let n = 0;
  for (let d = 1; d <= 56; d++) {
    const start = midnight - d * day;
    for (let i = 0; i < 22; i++) {
      const at = start + (i < 20 ? 10 * 3_600_000 + i * 60_000 : 15 * 3_600_000 + i * 60_000);
      h.service.repo.insert({ channelId: `hist-${n++}`, direction: 'inbound', startedAt: at, callerNumber: '13900000000', calledNumber: '4008001234', entryNumber: '4008001234', endedAt: at + 60_000, ivrPath: [] });
    }
  }
  h.service.repo.flush();
});
afterAll(async () => h.close());

const shift = (agentId: string, date: string, start: string, end: string) => h.as('supervisor', { method: 'POST', url: '/api/v1/planning/shifts', payload: { agentId, date, start, end } });

describe('forecast and cover', () => {
  it('forecasts the stored pattern, requires agents by Erlang C and shows the peak short', async () => {
    expect((await shift('1001', '2026-03-10', '08:00', '16:00')).statusCode).toBe(201);
    const r = await h.as('read-only', { method: 'GET', url: '/api/v1/planning/cover?date=2026-03-10&ahtS=180&serviceLevel=0.8&targetAnswerS=20' });
    expect(r.statusCode).toBe(200);
    const slots = r.json().slots as Array<{ time: string; forecast: number; required: number; rostered: number; short: number }>;
    const at = (t: string) => slots.find((s) => s.time === t)!;
    const need = requiredAgents([20, 2], { ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 });
    expect(at('10:00')).toMatchObject({ forecast: 20, required: need[0], rostered: 1, short: need[0]! - 1 });
    expect(need[0]).toBeGreaterThan(1);
    expect(at('15:00')).toMatchObject({ forecast: 2, required: 1, rostered: 1, short: 0 });
    expect(at('03:00')).toMatchObject({ forecast: 0, required: 0, short: 0 });
    expect(r.json().shortSlots).toBe(1);
    // A second agent on the peak: no longer short when the requirement is 2.
    if (need[0] === 2) {
      await shift('1002', '2026-03-10', '09:00', '12:00');
      expect((await h.as('admin', { method: 'GET', url: '/api/v1/planning/cover?date=2026-03-10' })).json().shortSlots).toBe(0);
    }
  });

  it('counts a night shift of the day before into the early hours', async () => {
    expect((await shift('1003', '2026-03-10', '22:00', '06:00')).json()).toMatchObject({ startSlot: 44, endSlot: 60 });
    const slots = (await h.as('admin', { method: 'GET', url: '/api/v1/planning/cover?date=2026-03-11' })).json().slots;
    expect([slots[0].rostered, slots[11].rostered, slots[12].rostered]).toEqual([1, 1, 0]);
  });
});

describe('swaps and handover', () => {
  it('allows five swaps in a month for a person and refuses the sixth with SWAP_LIMIT_REACHED', async () => {
    const ids: number[] = [];
    for (let i = 1; i <= 6; i++) ids.push((await shift('1004', `2026-03-${String(10 + i).padStart(2, '0')}`, '08:00', '16:00')).json().id);
    for (let i = 0; i < 5; i++) {
      const r = await h.as('supervisor', { method: 'POST', url: `/api/v1/planning/shifts/${ids[i]}/swap`, payload: { toAgent: `20${i}` } });
      expect([r.statusCode, r.json().agentId]).toEqual([200, `20${i}`]);
    }
    const sixth = await h.as('supervisor', { method: 'POST', url: `/api/v1/planning/shifts/${ids[5]}/swap`, payload: { toAgent: '209' } });
    expect([sixth.statusCode, sixth.json().code, sixth.json().details]).toEqual([409, 'SWAP_LIMIT_REACHED', { field: 'agentId', agentId: '1004', month: '2026-03', used: 5, limit: 5 }]);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/planning/shifts?date=2026-03-16' })).json().items[0].agentId).toBe('1004');
    // April is a new month.
    const april = (await shift('1004', '2026-04-01', '08:00', '16:00')).json().id;
    expect((await h.as('supervisor', { method: 'POST', url: `/api/v1/planning/shifts/${april}/swap`, payload: { toAgent: '209' } })).statusCode).toBe(200);
  });

  it('lets the agent on the shift write its handover note, not another agent', async () => {
    const id = (await shift('1001', '2026-03-20', '08:00', '16:00')).json().id;
    const r = await h.as('agent', { method: 'PUT', url: `/api/v1/planning/shifts/${id}/handover`, payload: { note: '3号机耳麦故障，已报修' } });
    expect(r.json()).toMatchObject({ handover: '3号机耳麦故障，已报修', handoverBy: 'agent-1001', handoverAt: T0 });
    expect((await h.as('agent2', { method: 'PUT', url: `/api/v1/planning/shifts/${id}/handover`, payload: { note: 'x' } })).statusCode).toBe(404);
    expect((await h.as('agent', { method: 'POST', url: '/api/v1/planning/shifts', payload: { agentId: '1001', date: '2026-03-21', start: '08:00', end: '16:00' } })).statusCode).toBe(403);
    const audit = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=swap' })).json().items;
    expect(audit[0]).toMatchObject({ action: 'roster.swap', actor: 'li-supervisor' });
  });
});
