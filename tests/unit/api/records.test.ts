/** Leads, attempts and call records as each role sees them: filters, an agent's own records only, masked numbers. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';
import { phones, seed, type Seed } from './seed.js';

// Every customer number the seed holds, without +86, so a masked form never matches but a whole one always does.
const allNumbers = [...Object.values(phones).map((p) => p.slice(3)), '13900000011', '13900000012', '13900000013', '13912345678'];

describe('leads, attempts and calls', () => {
  let h: Harness;
  let s: Seed;
  beforeAll(async () => {
    h = await harness();
    s = seed(h);
  });
  afterAll(async () => h.close());
  const get = (who: Parameters<Harness['as']>[0], url: string) => h.as(who, { method: 'GET', url });

  it('searches leads by state, number and name, page by page', async () => {
    const byState = (await get('manager', `/api/v1/leads?campaignId=${s.main}&state=callback-scheduled,retry-wait`)).json();
    expect(byState.items.map((l: { id: number }) => l.id)).toEqual([s.leads.callback, s.leads.retry]);
    expect(byState.next).toBeNull();
    expect((await get('manager', '/api/v1/leads?phone=138 0013 8001')).json().items.map((l: { name: string }) => l.name)).toEqual(['张三']);
    expect((await get('manager', '/api/v1/leads?q=李')).json().items.map((l: { phone: string }) => l.phone)).toEqual([phones.done]);
    expect((await get('manager', '/api/v1/leads?q=138004')).json().items.map((l: { name: string }) => l.name)).toEqual(['赵六']);
    // LIKE wildcards in the text are plain characters.
    expect((await get('manager', '/api/v1/leads?q=%25')).json().items).toEqual([]);
    const first = (await get('manager', `/api/v1/leads?campaignId=${s.main}&limit=3`)).json();
    expect(first.items).toHaveLength(3);
    const rest = (await get('manager', `/api/v1/leads?campaignId=${s.main}&limit=3&afterId=${first.next}`)).json();
    expect(rest).toMatchObject({ items: [{ id: s.leads.retry }], next: null });
    const bad = await get('manager', '/api/v1/leads?state=dialed');
    expect([bad.statusCode, bad.json().details.field, bad.json().details.in]).toEqual([400, 'state.0', 'querystring']);
    expect((await get('manager', '/api/v1/leads?phone=12')).json().details.field).toBe('phone');
    expect((await get('manager', '/api/v1/leads?phone=123456')).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'phone' } });
  });

  it('masks numbers for supervisors and read-only viewers, everywhere they appear', async () => {
    for (const role of ['supervisor', 'read-only'] as const) {
      const lead = (await get(role, `/api/v1/leads/${s.leads.done}`)).json();
      expect(lead.phone).toBe('+86138****8002');
      expect(lead.attemptList[0]).toMatchObject({ phone: '+86138****8002', keys: '139****5678#', recording: null });
      const body = JSON.stringify([(await get(role, '/api/v1/leads')).json(), (await get(role, '/api/v1/attempts')).json(), (await get(role, '/api/v1/calls')).json()]);
      for (const n of allNumbers) expect(body).not.toContain(n);
      expect(body).toContain('139****0011');
    }
    for (const role of ['admin', 'manager', 'agent'] as const) {
      expect((await get(role, `/api/v1/leads/${s.leads.done}`)).json().phone).toBe(phones.done);
    }
  });

  it('shows an agent only the leads, attempts and calls that are theirs', async () => {
    const leads = (await get('agent', '/api/v1/leads')).json().items.map((l: { id: number }) => l.id);
    expect(leads).toEqual([s.leads.done, s.leads.callback]);
    expect((await get('agent2', '/api/v1/leads')).json().items.map((l: { id: number }) => l.id)).toEqual([s.leads.retry]);
    const attempts = (await get('agent', '/api/v1/attempts?agentId=1002')).json().items;
    expect(attempts.length).toBe(5);
    expect(attempts.every((a: { agentId: string }) => a.agentId === '1001')).toBe(true);
    expect((await get('agent', '/api/v1/calls')).json().items.map((c: { channelId: string }) => c.channelId)).toEqual([s.calls.agent1001]);
    expect((await get('agent2', `/api/v1/calls/${s.calls.agent1001}`)).statusCode).toBe(404);
    expect((await get('supervisor', '/api/v1/calls')).json().items).toHaveLength(3);
  });

  it('filters attempts and calls and pages them newest first; a recording link is null until there is one', async () => {
    const a = (await get('admin', `/api/v1/attempts?agentId=1002`)).json();
    expect(a.items).toEqual([expect.objectContaining({ id: s.attempts.other, agentId: '1002', outcome: 'human', recording: null })]);
    const from = encodeURIComponent(new Date(T0 - 61_000).toISOString());
    const to = encodeURIComponent(new Date(T0 - 59_000).toISOString());
    expect((await get('admin', `/api/v1/attempts?from=${from}&to=${to}`)).json().items).toHaveLength(6);
    expect((await get('admin', `/api/v1/attempts?from=${to}`)).json().items).toHaveLength(0);
    const page1 = (await get('admin', '/api/v1/attempts?limit=4')).json();
    const page2 = (await get('admin', `/api/v1/attempts?limit=4&beforeId=${page1.next}`)).json();
    expect([...page1.items, ...page2.items].map((x: { id: number }) => x.id)).toEqual([6, 5, 4, 3, 2, 1]);
    expect((await get('admin', '/api/v1/attempts?from=yesterday')).json().details.field).toBe('from');
    expect((await get('admin', '/api/v1/attempts?outcome=maybe')).json().details.field).toBe('outcome');

    const calls = (await get('admin', '/api/v1/calls?endedIn=agent&direction=inbound')).json().items;
    expect(calls.map((c: { channelId: string }) => c.channelId)).toEqual([s.calls.agent1002, s.calls.agent1001]);
    expect(calls[0]).toMatchObject({ agentId: '1002', queueWaitMs: 8000, recording: null, ivrPath: [{ node: 'main_menu', key: '1', note: 'chosen' }] });
    expect((await get('admin', '/api/v1/calls?number=13900000013')).json().items.map((c: { channelId: string }) => c.channelId)).toEqual([s.calls.ivrOnly]);
  });

  it('exports leads as CSV with the same masking', async () => {
    const full = await get('manager', `/api/v1/leads/export?campaignId=${s.main}&state=new`);
    expect(full.statusCode).toBe(200);
    expect(full.headers['content-type']).toMatch(/^text\/csv/);
    expect(full.headers['content-disposition']).toContain(`leads-campaign-${s.main}.csv`);
    expect(full.body).toBe(`\uFEFFid,campaignId,phone,altPhone,name,state,attempts,lastOutcome,callbackAt,fields\r\n${s.leads.fresh},${s.main},${phones.fresh},,张三,new,0,,,{}\r\n`);
    const masked = (await get('supervisor', `/api/v1/leads/export?campaignId=${s.main}`)).body;
    expect(masked.split('\r\n').filter(Boolean)).toHaveLength(5);
    for (const n of allNumbers) expect(masked).not.toContain(n);
    expect(masked).toContain('+86138****8001');
  });

  it('takes a disposition on an own connected attempt and decides the lead again', async () => {
    const r = await h.as('agent', { method: 'POST', url: `/api/v1/attempts/${s.attempts.agent}/disposition`, payload: { disposition: 'callback-at', callbackAt: new Date(T0 + 86_400_000).toISOString(), notes: 'after 5pm' } });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ leadState: 'callback-scheduled', dueAt: T0 + 86_400_000 });
    const lead = (await get('agent', `/api/v1/leads/${s.leads.done}`)).json();
    expect(lead).toMatchObject({ state: 'callback-scheduled', callbackAt: T0 + 86_400_000, callbackAgent: '1001', lastOutcome: 'callback-at' });
    expect(lead.attemptList.find((x: { id: number }) => x.id === s.attempts.agent)).toMatchObject({ disposition: 'callback-at', notes: 'after 5pm' });
    const other = await h.as('agent', { method: 'POST', url: `/api/v1/attempts/${s.attempts.other}/disposition`, payload: { disposition: 'success' } });
    expect(other.statusCode).toBe(404);
    const noTime = await h.as('agent', { method: 'POST', url: `/api/v1/attempts/${s.attempts.agent}/disposition`, payload: { disposition: 'callback-at' } });
    expect([noTime.statusCode, noTime.json().details.field]).toEqual([400, 'callbackAt']);
    const unknown = await h.as('agent', { method: 'POST', url: `/api/v1/attempts/${s.attempts.agent}/disposition`, payload: { disposition: 'great' } });
    expect([unknown.statusCode, unknown.json().details.field]).toEqual([400, 'disposition']);
    const dnc = await h.as('supervisor', { method: 'POST', url: `/api/v1/attempts/${s.attempts.other}/disposition`, payload: { disposition: 'dnc' } });
    expect(dnc.json().leadState).toBe('dnc');
    expect((await get('manager', `/api/v1/dnc/check?phone=${encodeURIComponent(phones.retry)}`)).json()).toMatchObject({ blocked: true, lists: [0] });
  });
});
