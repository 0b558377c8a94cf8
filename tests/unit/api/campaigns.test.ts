import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

describe('campaigns', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());

  const audit = async (entityId: number) =>
    (await h.as('admin', { method: 'GET', url: `/api/v1/audit?entity=campaign&entityId=${entityId}` })).json().items as Array<Record<string, unknown>>;

  it('creates, edits, starts, pauses, clones and stops a campaign, each change in the audit log with who and before/after', async () => {
    const created = await h.as('manager', { method: 'POST', url: '/api/v1/campaigns', payload: { name: '回访-3月', settings: { mode: 'agentless', maxLines: 4 } } });
    expect(created.statusCode).toBe(201);
    const c = created.json();
    expect(c).toMatchObject({ name: '回访-3月', state: 'draft', settings: { mode: 'agentless', maxLines: 4, ringTimeoutS: 25 } });

    const edited = await h.as('manager', { method: 'PATCH', url: `/api/v1/campaigns/${c.id}`, payload: { name: '回访-三月', settings: { maxLines: 8, deadline: '2026-03-31T18:00:00+08:00' } } });
    expect(edited.statusCode).toBe(200);
    expect(edited.json()).toMatchObject({ name: '回访-三月', settings: { mode: 'agentless', maxLines: 8, deadline: '2026-03-31T18:00:00+08:00' } });
    // null takes a setting back to its default.
    expect((await h.as('manager', { method: 'PATCH', url: `/api/v1/campaigns/${c.id}`, payload: { settings: { deadline: null, maxLines: null } } })).json().settings).not.toHaveProperty('deadline');

    // 10:00 on a Tuesday is inside the default window: start goes straight to running.
    expect((await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${c.id}/start` })).json().state).toBe('running');
    expect((await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${c.id}/pause` })).json().state).toBe('paused');
    expect((await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${c.id}/start` })).json().state).toBe('running');
    const clone = await h.as('admin', { method: 'POST', url: `/api/v1/campaigns/${c.id}/clone`, payload: { name: '回访-四月' } });
    expect(clone.statusCode).toBe(201);
    expect(clone.json()).toMatchObject({ name: '回访-四月', state: 'draft', settings: { mode: 'agentless', maxLines: 10 } });
    expect((await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${c.id}/stop` })).json().state).toBe('finished');

    const log = await audit(c.id);
    expect(log.map((e) => e.action)).toEqual(['campaign.stop', 'campaign.start', 'campaign.pause', 'campaign.start', 'campaign.edit', 'campaign.edit', 'campaign.create']);
    expect(log.every((e) => e.actor === 'wang-manager' && e.role === 'manager' && e.at === T0)).toBe(true);
    expect(log[0]).toMatchObject({ summary: 'running → finished', before: { state: 'running' }, after: { state: 'finished' } });
    expect(log[5]).toMatchObject({ before: { name: '回访-3月', settings: { maxLines: 4 } }, after: { name: '回访-三月', settings: { maxLines: 8 } } });
    expect((await audit(clone.json().id))[0]).toMatchObject({ action: 'campaign.clone', actor: 'root', before: { sourceId: c.id } });

    const got = (await h.as('read-only', { method: 'GET', url: `/api/v1/campaigns/${c.id}` })).json();
    expect(got).toMatchObject({ state: 'finished', status: { leads: {}, attempts: 0, missedCallbacks: 0 } });
  });

  it('refuses bad input with a 4xx that names the field, and changes nothing', async () => {
    const before = (await h.as('admin', { method: 'GET', url: '/api/v1/campaigns' })).json().items.length;
    const cases: Array<[unknown, number, string]> = [
      [{}, 400, 'name'],
      [{ name: '' }, 400, 'name'],
      [{ name: 'x', settings: { maxLines: 0 } }, 400, 'settings.maxLines'],
      [{ name: 'x', settings: { ringTimeoutS: 10 } }, 400, 'settings.ringTimeoutS'],
      [{ name: 'x', settings: { timeZone: 'Mars/Base' } }, 400, 'settings.timeZone'],
      [{ name: 'x', settings: { windows: { mon: [{ from: '25:00', to: '26:00' }] } } }, 400, 'settings.windows.mon.0.from'],
      [{ name: 'x', settings: { bogus: 1 } }, 400, 'settings.bogus'],
      [{ name: 'x', extra: true }, 400, 'extra'],
      [{ name: 'x', settings: 'fast' }, 400, 'settings'],
    ];
    for (const [payload, status, field] of cases) {
      const r = await h.as('admin', { method: 'POST', url: '/api/v1/campaigns', payload: payload as object });
      expect(r.statusCode, JSON.stringify(payload)).toBe(status);
      expect(r.json().details.field, JSON.stringify(payload)).toBe(field);
      expect(r.json().message).toContain(field);
    }
    const dup = await h.as('admin', { method: 'POST', url: '/api/v1/campaigns', payload: { name: '回访-四月' } });
    expect([dup.statusCode, dup.json().code, dup.json().details.field]).toEqual([409, 'CAMPAIGN_EXISTS', 'name']);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/campaigns' })).json().items.length).toBe(before);
  });

  it('names the setting an edit breaks, refuses a finished campaign, and answers 404 for an unknown one', async () => {
    const c = (await h.as('admin', { method: 'POST', url: '/api/v1/campaigns', payload: { name: 'edit-me' } })).json();
    const bad = await h.as('admin', { method: 'PATCH', url: `/api/v1/campaigns/${c.id}`, payload: { settings: { maxCallsPerSecond: 1000 } } });
    expect([bad.statusCode, bad.json().code, bad.json().details.field]).toEqual([422, 'CAMPAIGN_INVALID', 'settings.maxCallsPerSecond']);
    expect((await h.as('admin', { method: 'GET', url: `/api/v1/campaigns/${c.id}` })).json().settings.maxCallsPerSecond).toBe(5);
    await h.as('admin', { method: 'POST', url: `/api/v1/campaigns/${c.id}/stop` });
    const late = await h.as('admin', { method: 'PATCH', url: `/api/v1/campaigns/${c.id}`, payload: { name: 'renamed' } });
    expect([late.statusCode, late.json().code]).toEqual([409, 'CONFLICT']);
    const again = await h.as('admin', { method: 'POST', url: `/api/v1/campaigns/${c.id}/start` });
    expect([again.statusCode, again.json().code]).toEqual([409, 'CAMPAIGN_BAD_TRANSITION']);
    for (const url of ['/api/v1/campaigns/999', '/api/v1/campaigns/999/start']) {
      const r = await h.as('admin', { method: url.endsWith('start') ? 'POST' : 'GET', url });
      expect([r.statusCode, r.json().code]).toEqual([404, 'CAMPAIGN_NOT_FOUND']);
    }
    const badId = await h.as('admin', { method: 'GET', url: '/api/v1/campaigns/abc' });
    expect([badId.statusCode, badId.json().details.field, badId.json().details.in]).toEqual([400, 'id', 'params']);
  });

  it('keeps the callbacks campaign named as the dialer expects', async () => {
    const c = (await h.as('admin', { method: 'POST', url: '/api/v1/campaigns', payload: { name: h.config.dialer.callbacks.campaign } })).json();
    const r = await h.as('admin', { method: 'PATCH', url: `/api/v1/campaigns/${c.id}`, payload: { name: 'other' } });
    expect([r.statusCode, r.json().details.field]).toEqual([409, 'name']);
  });
});
