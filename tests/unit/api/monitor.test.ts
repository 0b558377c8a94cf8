import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MonitorStatus } from '../../../src/calls/call-supervision.js';
import type { SupervisorMode } from '../../../src/calls/supervision-policy.js';
import { HotlineError } from '../../../src/errors.js';
import { harness, type Harness } from './harness.js';

let h: Harness;
const asked: string[] = [];

beforeAll(async () => {
  h = await harness((c) => {
    c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    c.phone.showMonitored = true;
  });
  let mode: SupervisorMode | null = null;
  const status = (): MonitorStatus => ({ channelId: 'cust', agentId: '1001', mode, endpoint: 'sup1', setupMs: 12 });
  // The shell is unit-tested on its own (tests/unit/calls/call-supervision.test.ts); here: the HTTP face.
  h.api.supervision = {
    start: async (channelId, m, endpoint) => {
      asked.push(`start ${channelId} ${m} ${endpoint}`);
      if (channelId !== 'cust') throw new HotlineError('CALL_NOT_BRIDGED', 'no', { key: 'channelId' });
      mode = m;
      return status();
    },
    switch: async (_channelId, m) => {
      mode = m;
      return status();
    },
    stop: async () => {
      mode = null;
      return status();
    },
    monitoredMode: () => mode,
  };
});
afterAll(() => h.close());

const url = '/api/v1/calls/cust/monitor';

describe('POST/PATCH/DELETE /calls/:channelId/monitor', () => {
  it('an agent token is refused with 403 FORBIDDEN and nothing is asked of Asterisk', async () => {
    for (const [method, payload] of [['POST', { mode: 'listen', endpoint: 'sup1' }], ['PATCH', { mode: 'barge' }], ['DELETE', undefined]] as const) {
      const res = await h.as('agent', { method, url, ...(payload ? { payload } : {}) });
      expect(res.statusCode).toBe(403);
      expect(res.json().code).toBe('FORBIDDEN');
    }
    expect((await h.as('manager', { method: 'POST', url, payload: { mode: 'listen', endpoint: 'sup1' } })).json().code).toBe('FORBIDDEN');
    expect(asked).toEqual([]);
  });

  it('a supervisor listens, whispers, barges and stops; each step is in the audit log', async () => {
    const start = await h.as('supervisor', { method: 'POST', url, payload: { mode: 'listen', endpoint: 'sup1' } });
    expect(start.statusCode).toBe(200);
    expect(start.json()).toEqual({ channelId: 'cust', agentId: '1001', mode: 'listen', endpoint: 'sup1', setupMs: 12 });
    expect((await h.as('supervisor', { method: 'PATCH', url, payload: { mode: 'whisper' } })).json().mode).toBe('whisper');
    expect((await h.as('supervisor', { method: 'PATCH', url, payload: { mode: 'barge' } })).json().mode).toBe('barge');
    expect((await h.as('supervisor', { method: 'DELETE', url })).json().mode).toBeNull();
    const audit = await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=call' });
    const rows = (audit.json().items as { action: string; actor: string; summary: string }[]).reverse();
    expect(rows.map((r) => [r.action, r.actor, r.summary])).toEqual([
      ['call.monitor.start', 'li-supervisor', 'listen agent 1001 on sup1'],
      ['call.monitor.mode', 'li-supervisor', 'whisper agent 1001'],
      ['call.monitor.mode', 'li-supervisor', 'barge agent 1001'],
      ['call.monitor.stop', 'li-supervisor', 'stopped on agent 1001'],
    ]);
  });

  it('with phone.showMonitored on, the agent sees they are monitored while they are, and not after', async () => {
    const phone = async () => (await h.as('agent', { method: 'GET', url: '/api/v1/phone' })).json().monitored;
    expect(await phone()).toBe(false);
    await h.as('supervisor', { method: 'POST', url, payload: { mode: 'whisper', endpoint: 'sup1' } });
    expect(await phone()).toBe(true);
    await h.as('supervisor', { method: 'DELETE', url });
    expect(await phone()).toBe(false);
  });

  it('refuses a dial string for an endpoint, and answers a call not talking to an agent with its code', async () => {
    const bad = await h.as('supervisor', { method: 'POST', url, payload: { mode: 'listen', endpoint: 'sup1&PJSIP/x@carrier' } });
    expect(bad.statusCode).toBe(400);
    const none = await h.as('supervisor', { method: 'POST', url: '/api/v1/calls/other/monitor', payload: { mode: 'listen', endpoint: 'sup1' } });
    expect(none.statusCode).toBe(409);
    expect(none.json().code).toBe('CALL_NOT_BRIDGED');
  });
});
