import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TransfersRepo } from '../../../src/store/transfers-repo.js';
import { harness, type Harness } from './harness.js';

describe('transfers through the API', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((c) => (c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }]));
  });
  afterAll(async () => h.close());

  it('a call not talking to an agent cannot be transferred (CALL_NOT_BRIDGED); a bad target is a 400', async () => {
    const r = await h.as('agent', { method: 'POST', url: '/api/v1/calls/nobody/transfer', payload: { target: { kind: 'agent', agentId: '1002' } } });
    expect(r.statusCode).toBe(409);
    expect(r.json().code).toBe('CALL_NOT_BRIDGED');
    const bad = await h.as('agent', { method: 'POST', url: '/api/v1/calls/nobody/transfer', payload: { target: { kind: 'planet', name: 'x' } } });
    expect(bad.statusCode).toBe(400);
    const step = await h.as('supervisor', { method: 'POST', url: '/api/v1/calls/nobody/transfer/complete' });
    expect(step.json().code).toBe('TRANSFER_BAD_TRANSITION');
  });

  it.each(['manager', 'read-only', 'qa'] as const)('%s may not transfer (403)', async (role) => {
    const r = await h.as(role, { method: 'POST', url: '/api/v1/calls/c1/transfer', payload: { target: { kind: 'group', groupId: 'general' } } });
    expect(r.statusCode).toBe(403);
  });

  it('lists the chain: a supervisor sees an outside number masked, an agent only calls they were part of', async () => {
    const repo = new TransfersRepo(h.service.db);
    repo.add({ channelId: 'c9', kind: 'blind', targetKind: 'number', target: '+8613900000001', fromAgent: '1001', requestedBy: '1001', legId: 'x1', requestedAt: 5 });
    const sup = await h.as('supervisor', { method: 'GET', url: '/api/v1/calls/c9/transfers' });
    expect(sup.json().items).toMatchObject([{ kind: 'blind', target: '+86139****0001', fromAgent: '1001', outcome: null }]);
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/calls/c9/transfers' })).json().items[0].target).toBe('+8613900000001');
    expect((await h.as('agent2', { method: 'GET', url: '/api/v1/calls/c9/transfers' })).statusCode).toBe(404);
  });
});
