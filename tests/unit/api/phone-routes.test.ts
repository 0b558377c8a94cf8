import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

describe('the browser phone through the API', () => {
  let h: Harness;
  beforeAll(async () => {
    // Agent 1001 is in the ACD, agent 1002's token names no ACD agent.
    h = await harness((c) => (c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }]));
  });
  afterAll(async () => h.close());

  it("issues the agent's own short-lived credential, never the desk phone's password, and rings the browser", async () => {
    const r = await h.as('agent', { method: 'POST', url: '/api/v1/phone/credentials' });
    expect(r.statusCode).toBe(201);
    expect(r.headers['cache-control']).toBe('no-store');
    const c = r.json();
    expect(c).toMatchObject({ username: 'web1001', uri: 'sip:web1001@127.0.0.1', wsUrl: 'wss://127.0.0.1:8089/ws' });
    expect(c.password).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(c.password).not.toBe(h.config.lab.agents[0]!.password);
    expect(c.expiresAt - h.clock.now()).toBe(3_600_000);
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/phone' })).json()).toEqual({ kind: 'browser', monitored: false });
    const again = (await h.as('agent', { method: 'POST', url: '/api/v1/phone/credentials' })).json();
    expect(again.password).not.toBe(c.password);
  });

  it('back to the desk phone', async () => {
    const r = await h.as('agent', { method: 'DELETE', url: '/api/v1/phone/credentials' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toEqual({ kind: 'desk' });
  });

  it("gives a supervisor a browser phone of their own to monitor calls on (their token's, never an agent's)", async () => {
    const r = await h.as('supervisor', { method: 'POST', url: '/api/v1/phone/credentials' });
    expect(r.statusCode).toBe(201);
    const c = r.json();
    expect(c.username).toMatch(/^websup\d+$/);
    expect(c.uri).toBe(`sip:${c.username}@127.0.0.1`);
    expect((await h.as('supervisor', { method: 'GET', url: '/api/v1/phone' })).json()).toEqual({ kind: 'browser', monitored: false });
    expect((await h.as('supervisor', { method: 'DELETE', url: '/api/v1/phone/credentials' })).json()).toEqual({ kind: 'desk' });
    // The ACD's agent keeps their own phone.
    expect(h.service.phones.kindOf('1001')).toBe('desk');
  });

  it.each(['manager', 'read-only'] as const)('%s may not have one (403)', async (role) => {
    const r = await h.as(role, { method: 'POST', url: '/api/v1/phone/credentials' });
    expect(r.statusCode).toBe(403);
  });

  it('an agent token whose agent the ACD does not have is refused with PHONE_UNAVAILABLE', async () => {
    const r = await h.as('agent2', { method: 'POST', url: '/api/v1/phone/credentials' });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('PHONE_UNAVAILABLE');
  });
});
