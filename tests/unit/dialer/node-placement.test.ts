import { describe, expect, it } from 'vitest';
import { placeBatch, placeCall, type NodeLoad } from '../../../src/dialer/node-placement.js';

const now = 1_000_000;
function node(name: string, over: Partial<NodeLoad> = {}): NodeLoad {
  return { name, healthy: true, calls: 0, weight: 1, maxCallsPerSecond: 50, recentDials: [], ...over };
}

describe('placeCall', () => {
  const table: Array<{ what: string; nodes: NodeLoad[]; want: ReturnType<typeof placeCall> }> = [
    { what: 'one node', nodes: [node('a')], want: { node: 'a' } },
    { what: 'fewest calls wins', nodes: [node('a', { calls: 5 }), node('b', { calls: 3 })], want: { node: 'b' } },
    { what: 'calls are counted against weight', nodes: [node('a', { calls: 5, weight: 3 }), node('b', { calls: 3, weight: 1 })], want: { node: 'a' } },
    { what: 'a tie goes to the heavier node', nodes: [node('a', { calls: 2 }), node('b', { calls: 4, weight: 2 })], want: { node: 'b' } },
    { what: 'a full tie goes to the first name', nodes: [node('b'), node('a')], want: { node: 'a' } },
    { what: 'an unhealthy node is never chosen, however idle', nodes: [node('a', { healthy: false }), node('b', { calls: 99 })], want: { node: 'b' } },
    { what: 'no healthy node: no call', nodes: [node('a', { healthy: false }), node('b', { healthy: false })], want: { node: null, reason: 'no-healthy-node' } },
    { what: 'no nodes at all: no call', nodes: [], want: { node: null, reason: 'no-healthy-node' } },
    {
      what: 'a node at its calls-per-second limit is skipped',
      nodes: [node('a', { maxCallsPerSecond: 2, recentDials: [now - 100, now - 200] }), node('b', { calls: 10 })],
      want: { node: 'b' },
    },
    {
      what: 'dials older than a second do not count',
      nodes: [node('a', { maxCallsPerSecond: 2, recentDials: [now - 1000, now - 1500] }), node('b', { calls: 10 })],
      want: { node: 'a' },
    },
    {
      what: 'every node at its limit: rate-limited until the oldest counted dial leaves the second',
      nodes: [node('a', { maxCallsPerSecond: 2, recentDials: [now - 300, now - 100] }), node('b', { maxCallsPerSecond: 1, recentDials: [now - 600] })],
      want: { node: null, reason: 'rate-limited', retryAtMs: now + 400 },
    },
  ];
  for (const row of table) {
    it(row.what, () => {
      expect(placeCall(row.nodes, now)).toEqual(row.want);
    });
  }
});

describe('placeBatch', () => {
  it('spreads a batch over equal nodes in turn', () => {
    expect(placeBatch([node('a'), node('b')], 6, now).nodes).toEqual(['a', 'b', 'a', 'b', 'a', 'b']);
  });

  it('gives a node of weight 2 twice the calls of a node of weight 1', () => {
    const placed = placeBatch([node('a', { weight: 2 }), node('b')], 30, now).nodes;
    expect(placed.filter((n) => n === 'a')).toHaveLength(20);
    expect(placed.filter((n) => n === 'b')).toHaveLength(10);
  });

  it('fills the survivor when one node is down, and stops at its calls-per-second limit', () => {
    const r = placeBatch([node('a', { healthy: false }), node('b', { maxCallsPerSecond: 3 })], 5, now);
    expect(r.nodes).toEqual(['b', 'b', 'b']);
    expect(r.stopped).toEqual({ node: null, reason: 'rate-limited', retryAtMs: now + 1000 });
  });

  it('evens out nodes that start unequal before alternating', () => {
    expect(placeBatch([node('a', { calls: 3 }), node('b')], 5, now).nodes).toEqual(['b', 'b', 'b', 'a', 'b']);
  });
});
