/** Issue 14: every call record names its node, in the calls API and the attempts API. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';

describe('the node of each call record', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.service.repo.insert({ channelId: 'hotline-n1-1', direction: 'inbound', startedAt: T0, callerNumber: '13900000001', node: 'n1' });
    h.service.repo.insert({ channelId: 'hotline-n2-1', direction: 'inbound', startedAt: T0 + 1, callerNumber: '13900000002', node: 'n2' });
  });
  afterAll(async () => h.close());

  it('is shown on every call and filters the list', async () => {
    const all = (await h.as('manager', { method: 'GET', url: '/api/v1/calls' })).json().items as Array<{ channelId: string; node: string | null }>;
    expect(all.map((c) => [c.channelId, c.node])).toEqual([
      ['hotline-n2-1', 'n2'],
      ['hotline-n1-1', 'n1'],
    ]);
    const n1 = (await h.as('manager', { method: 'GET', url: '/api/v1/calls?node=n1' })).json().items as Array<{ channelId: string }>;
    expect(n1.map((c) => c.channelId)).toEqual(['hotline-n1-1']);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/calls/hotline-n2-1' })).json().node).toBe('n2');
  });
});
