import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

describe('agents', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());
  const post = (who: Parameters<Harness['as']>[0], url: string, payload?: object) => h.as(who, { method: 'POST', url, ...(payload ? { payload } : {}) });

  it('lists the configured agents (an agent sees only themselves) with no current call', async () => {
    const all = (await h.as('supervisor', { method: 'GET', url: '/api/v1/agents' })).json().items;
    expect(all.map((a: { id: string; state: string }) => `${a.id}:${a.state}`)).toEqual(['1001:ready', '1002:ready', '1003:ready', '1004:ready']);
    expect(all[0]).toMatchObject({ name: 'Agent 1001', skills: { general: 5, vip: 8 }, currentCall: null, callId: null });
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/agents' })).json().items.map((a: { id: string }) => a.id)).toEqual(['1001']);
  });

  it('takes an agent through pause (with a reason), ready, logout and login, through the ACD', async () => {
    const paused = await post('agent', '/api/v1/agents/1001/pause', { reason: '培训' });
    expect(paused.json()).toMatchObject({ state: 'paused', pauseReason: '培训' });
    expect(h.service.acd.readyAgents('general')).not.toContain('1001');
    expect((await post('agent', '/api/v1/agents/1001/ready')).json().state).toBe('ready');
    expect(h.service.acd.readyAgents('general')).toContain('1001');
    expect((await post('supervisor', '/api/v1/agents/1002/logout')).json().state).toBe('logged-out');
    const twice = await post('supervisor', '/api/v1/agents/1002/logout');
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'AGENT_BAD_TRANSITION']);
    expect((await post('admin', '/api/v1/agents/1002/login')).json().state).toBe('ready');
    // A supervisor acting on an agent is audited; the agent's own clicks are not.
    const log = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=agent' })).json().items;
    expect(log.map((e: { action: string; actor: string; entityId: string }) => `${e.action} ${e.entityId} by ${e.actor}`)).toEqual(['agent.login 1002 by root', 'agent.logout 1002 by li-supervisor']);
  });

  it('refuses a pause without a reason, an unknown agent, and another agent for an agent token', async () => {
    const noReason = await post('agent', '/api/v1/agents/1001/pause', {});
    expect([noReason.statusCode, noReason.json().details.field]).toEqual([400, 'reason']);
    const blank = await post('agent', '/api/v1/agents/1001/pause', { reason: '   ' });
    expect([blank.statusCode, blank.json().details.field]).toEqual([400, 'reason']);
    expect((await post('admin', '/api/v1/agents/9999/ready')).statusCode).toBe(404);
    expect((await post('agent', '/api/v1/agents/1002/pause', { reason: 'x' })).statusCode).toBe(404);
    expect(h.service.acd.agentList().find((a) => a.id === '1002')!.state).toBe('ready');
  });

  it("shows an agent's current call, masked for a supervisor", async () => {
    h.service.repo.insert({ channelId: 'c-live', direction: 'inbound', startedAt: T0, callerNumber: '13900000021', calledNumber: '4008001234', answeredAt: T0 });
    h.service.repo.flush();
    // The ACD's own events, as routing would apply them; no telephony.
    expect(h.service.acd.agentEvent('1003', { type: 'offer', callId: 'c-live' })).not.toBeInstanceOf(Error);
    expect(h.service.acd.agentEvent('1003', { type: 'answer' })).not.toBeInstanceOf(Error);
    const sup = (await h.as('supervisor', { method: 'GET', url: '/api/v1/agents/1003' })).json();
    expect(sup).toMatchObject({ state: 'on-call', callId: 'c-live', currentCall: { channelId: 'c-live', callerNumber: '139****0021', direction: 'inbound' } });
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/agents/1003' })).json().currentCall.callerNumber).toBe('13900000021');
  });
});
