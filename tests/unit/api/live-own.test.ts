/** Issue 13: an agent's own live feed (GET /live/own): their row, with the "monitored" mode pushed as it changes. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SupervisorMode } from '../../../src/calls/supervision-policy.js';
import { harness, T0, type Harness } from './harness.js';
import { events } from './sse-events.js';

function suite(showMonitored: boolean) {
  let h: Harness;
  const modes = new Map<string, SupervisorMode | null>();
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.live.intervalMs = 60_000;
      c.phone.showMonitored = showMonitored;
    });
    h.api.supervision = { ...h.api.supervision, monitoredMode: (id) => modes.get(id) ?? null };
  });
  afterAll(async () => h.close());
  return { h: () => h, modes };
}

describe('GET /live/own', () => {
  describe('phone.showMonitored on (the default)', () => {
    const t = suite(true);
    it('sends the agent their own row only, then its changes: monitored while a supervisor listens, null after; other agents never', async () => {
      const h = t.h();
      expect(h.config.phone.showMonitored).toBe(true);
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/live/own', headers: { authorization: `Bearer ${h.tokens.agent}` }, payloadAsStream: true });
      expect(res.statusCode).toBe(200);
      const feed = events(res.stream());
      const snap = await feed.next();
      expect(snap).toMatchObject({ event: 'snapshot', data: { agent: { id: '1001', state: 'ready', monitored: null } } });
      expect(Object.keys(snap.data).sort()).toEqual(['agent', 'at']);

      // Another agent's change is not sent; the agent's own is.
      t.modes.set('1002', 'barge');
      h.clock.set(T0 + 1000);
      h.api.live.tick();
      t.modes.set('1001', 'listen');
      h.clock.set(T0 + 2000);
      h.api.live.tick();
      expect(await feed.next()).toEqual({ event: 'change', data: { at: T0 + 2000, agent: expect.objectContaining({ id: '1001', monitored: 'listen' }) } });
      t.modes.set('1001', null);
      h.clock.set(T0 + 3000);
      h.api.live.tick();
      expect(await feed.next()).toEqual({ event: 'change', data: { at: T0 + 3000, agent: expect.objectContaining({ id: '1001', monitored: null }) } });
      res.stream().destroy();
    });

    it('refuses a token that stands for no agent, and roles without the permission', async () => {
      const h = t.h();
      const admin = await h.as('admin', { method: 'GET', url: '/api/v1/live/own' });
      expect(admin.statusCode).toBe(403);
      expect(admin.json().code).toBe('FORBIDDEN');
      for (const role of ['supervisor', 'manager', 'read-only', 'qa'] as const) expect((await h.as(role, { method: 'GET', url: '/api/v1/live/own' })).statusCode, role).toBe(403);
    });
  });

  describe('phone.showMonitored off', () => {
    const t = suite(false);
    it('never tells the agent, while the supervisors’ feed still shows the mode', async () => {
      const h = t.h();
      t.modes.set('1001', 'whisper');
      const own = await h.app.inject({ method: 'GET', url: '/api/v1/live/own', headers: { authorization: `Bearer ${h.tokens.agent}` }, payloadAsStream: true });
      expect((await events(own.stream()).next()).data.agent).toMatchObject({ id: '1001', monitored: null });
      own.stream().destroy();
      const floor = await h.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${h.tokens.supervisor}` }, payloadAsStream: true });
      const snap = await events(floor.stream()).next();
      expect(snap.data.agents.find((a: { id: string }) => a.id === '1001')).toMatchObject({ monitored: 'whisper' });
      floor.stream().destroy();
    });
  });
});
