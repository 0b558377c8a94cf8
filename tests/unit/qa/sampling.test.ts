import { describe, expect, it } from 'vitest';
import { sampleCalls, seededRandom, type SampleCandidate } from '../../../src/qa/sampling.js';

const call = (agentId: string, n: number, complaint = false): SampleCandidate => ({ channelId: `${agentId}-${n}`, agentId, startedAt: n * 1000, complaint });
const week = [...Array.from({ length: 10 }, (_, i) => call('1001', i)), call('1001', 10, true), call('1001', 11, true), ...Array.from({ length: 2 }, (_, i) => call('1002', i))];

describe('sampleCalls', () => {
  it('takes every complaint call and N random others per agent, all calls of an agent with fewer', () => {
    const s = sampleCalls(week, { perAgent: 3 }, 7);
    const of = (agent: string, reason: string) => s.filter((p) => p.agentId === agent && p.reason === reason).map((p) => p.channelId);
    expect(of('1001', 'complaint')).toEqual(['1001-10', '1001-11']);
    expect(of('1001', 'random')).toHaveLength(3);
    expect(new Set(of('1001', 'random')).size).toBe(3);
    expect(of('1001', 'random').every((id) => Number(id.split('-')[1]) < 10)).toBe(true);
    expect(of('1002', 'random')).toEqual(['1002-0', '1002-1']);
  });

  it('picks the same calls for the same seed whatever the input order, and others for another seed', () => {
    const a = sampleCalls(week, { perAgent: 3 }, 7);
    expect(sampleCalls([...week].reverse(), { perAgent: 3 }, 7)).toEqual(a);
    const draws = new Set([1, 2, 3, 4, 5, 6].map((seed) => sampleCalls(week, { perAgent: 3 }, seed).map((p) => p.channelId).join()));
    expect(draws.size).toBeGreaterThan(1);
  });

  it('draws each call about equally often over many seeds (no call favoured)', () => {
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 2000; seed++) for (const p of sampleCalls(week, { perAgent: 3 }, seed)) if (p.reason === 'random' && p.agentId === '1001') counts.set(p.channelId, (counts.get(p.channelId) ?? 0) + 1);
    // Each of 10 calls is expected 2000 × 3/10 = 600 times.
    for (const n of counts.values()) expect(Math.abs(n - 600)).toBeLessThan(90);
    expect(counts.size).toBe(10);
  });

  it('seededRandom stays in [0, 1) and repeats for a seed', () => {
    const r = seededRandom(1);
    const xs = Array.from({ length: 1000 }, r);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(Array.from({ length: 5 }, seededRandom(1))).toEqual(xs.slice(0, 5));
  });
});
