import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LeadState } from '../../../src/dialer/lead-state.js';
import { harness, T0, type Harness } from './harness.js';
import { phones, seed, type Seed } from './seed.js';

const at = new Date(T0 + 3_600_000).toISOString();

// Issue 17 item 5: POST /callbacks {campaignId, phone, at} took over whatever lead had the number (its fields shown to
// an agent outside their scope), moved another agent's callback, and revived final leads with no cap.
describe('POST /callbacks on a lead that exists', () => {
  let h: Harness;
  let s: Seed;
  beforeAll(async () => {
    h = await harness();
    s = seed(h);
  });
  afterAll(async () => h.close());
  const post = (who: 'agent' | 'agent2' | 'manager' | 'supervisor', phone: string) => h.as(who, { method: 'POST', url: '/api/v1/callbacks', payload: { campaignId: s.main, phone, at } });
  const leadOf = (id: number) => h.service.leads.get(id)!;
  const withState = (state: LeadState, phone: string) => {
    const id = h.service.leads.insert({ campaignId: s.main, phone, name: '客户', now: T0 });
    h.service.db.prepare('UPDATE leads SET state = ? WHERE id = ?').run(state, id);
    return id;
  };

  it("an agent cannot take a lead outside their scope: FORBIDDEN, and none of the lead's fields", async () => {
    const before = leadOf(s.leads.fresh);
    const r = await post('agent', phones.fresh);
    expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([403, 'FORBIDDEN', 'phone']);
    expect(JSON.stringify(r.json())).not.toContain('张三');
    expect(leadOf(s.leads.fresh)).toEqual(before);
  });

  it("an agent cannot move another agent's callback, even on a lead they once talked to", async () => {
    // Agent 1002 owns this callback; agent 1001 has attempts on the lead.
    h.service.db.prepare("UPDATE leads SET state = 'callback-scheduled', callback_agent = '1002', callback_at = ?, due_at = ? WHERE id = ?").run(T0 + 60_000, T0 + 60_000, s.leads.done);
    const r = await post('agent', phones.done);
    expect([r.statusCode, r.json().code]).toEqual([403, 'FORBIDDEN']);
    expect(leadOf(s.leads.done)).toMatchObject({ callbackAgent: '1002', callbackAt: T0 + 60_000 });
    // The owner may, and so may a supervisor.
    expect((await post('agent2', phones.done)).statusCode).toBe(201);
    expect((await post('supervisor', phones.done)).statusCode).toBe(201);
  });

  it.each([
    ['done-failed', '+8613700137001'],
    ['wrong-party', '+8613700137002'],
    ['invalid-number', '+8613700137003'],
    ['expired', '+8613700137004'],
    ['done-success', '+8613700137005'],
  ] as const)('a %s lead is not revived: CALLBACK_LEAD_FINAL', async (state, phone) => {
    const id = withState(state, phone);
    const r = await post('manager', phone);
    expect([r.statusCode, r.json().code]).toEqual([409, 'CALLBACK_LEAD_FINAL']);
    expect(leadOf(id).state).toBe(state);
  });

  it('a lead whose attempts are used up is not dialed again: CALLBACK_LIMIT_REACHED', async () => {
    const id = withState('retry-wait', '+8613700137006');
    h.service.db.prepare('UPDATE leads SET attempts = 9 WHERE id = ?').run(id);
    const r = await post('manager', '+8613700137006');
    expect([r.statusCode, r.json().code]).toEqual([409, 'CALLBACK_LIMIT_REACHED']);
    expect(leadOf(id).state).toBe('retry-wait');
  });

  it('a new number must be a national mobile or fixed line: CALLBACK_NUMBER_REFUSED', async () => {
    for (const phone of ['+12125551234', '4008001234']) {
      const r = await post('manager', phone);
      expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([422, 'CALLBACK_NUMBER_REFUSED', 'phone']);
    }
    expect((await post('agent', '13700137999')).json()).toMatchObject({ state: 'callback-scheduled', callbackAgent: '1001' });
  });
});
