import { describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { TransfersRepo } from '../../../src/store/transfers-repo.js';

describe('TransfersRepo', () => {
  it('keeps a call\'s chain in order with outcome, times and hold', () => {
    const repo = new TransfersRepo(openDb(':memory:'));
    const first = repo.add({ channelId: 'c1', kind: 'attended', targetKind: 'agent', target: 'a2', fromAgent: 'a1', requestedBy: 'a1', legId: 'leg-x', requestedAt: 1000 });
    repo.answered(first, 3000);
    repo.ended(first, 'cancelled', 9000, 8000);
    const second = repo.add({ channelId: 'c1', kind: 'blind', targetKind: 'number', target: '+8613900000001', fromAgent: 'a1', requestedBy: 'sup', legId: 'leg-y', requestedAt: 10000 });
    repo.ended(second, 'completed', 14000, 4000);
    repo.add({ channelId: 'other', kind: 'blind', targetKind: 'group', target: 'sales', fromAgent: 'a3', requestedBy: 'a3', legId: null, requestedAt: 1 });
    expect(repo.ofCall('c1')).toEqual([
      { id: first, channelId: 'c1', kind: 'attended', targetKind: 'agent', target: 'a2', fromAgent: 'a1', requestedBy: 'a1', legId: 'leg-x', requestedAt: 1000, answeredAt: 3000, endedAt: 9000, outcome: 'cancelled', holdMs: 8000 },
      { id: second, channelId: 'c1', kind: 'blind', targetKind: 'number', target: '+8613900000001', fromAgent: 'a1', requestedBy: 'sup', legId: 'leg-y', requestedAt: 10000, answeredAt: null, endedAt: 14000, outcome: 'completed', holdMs: 4000 },
    ]);
  });
});
