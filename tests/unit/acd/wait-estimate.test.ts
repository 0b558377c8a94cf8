import { describe, expect, it } from 'vitest';
import { newAgent, type Agent, type AgentState } from '../../../src/acd/agent-state.js';
import { estimateWait, rememberHandleTime, staffedAgents } from '../../../src/acd/wait-estimate.js';

describe('estimateWait', () => {
  it.each([
    // position, staffed, recent handle times (ms), expected
    [1, 1, [120_000], { kind: 'minutes', minutes: 2 }],
    [1, 1, [120_001], { kind: 'minutes', minutes: 3 }],
    [3, 2, [60_000, 120_000], { kind: 'minutes', minutes: 3 }], // 3 × 90 s / 2 = 135 s
    [1, 3, [60_000], { kind: 'minutes', minutes: 1 }], // 20 s: never "0 minutes"
    [10, 4, [180_000, 240_000, 300_000], { kind: 'minutes', minutes: 10 }], // 10 × 240 s / 4 = 600 s
    [1, 0, [120_000], { kind: 'unknown' }], // nobody staffed
    [1, 2, [], { kind: 'unknown' }], // no handle times yet
    [0, 2, [120_000], { kind: 'unknown' }], // no position
  ] as const)('position %i, %i staffed, handle times %o → %o', (position, staffed, samples, expected) => {
    expect(estimateWait(position, staffed, samples)).toEqual(expected);
  });
});

describe('staffedAgents', () => {
  function agent(id: string, state: AgentState, skills: Record<string, number> = { general: 1 }, acwUntil?: number): Agent {
    return { ...newAgent({ id, name: id, skills }, 0), state, ...(acwUntil !== undefined ? { acwUntil, callId: 'x' } : {}) };
  }

  it('counts agents who will take a call soon, with the skill', () => {
    const agents = [
      agent('1', 'ready'),
      agent('2', 'ringing'),
      agent('3', 'on-call'),
      agent('4', 'after-call-work', { general: 1 }, 50_000),
      agent('5', 'paused'),
      agent('6', 'logged-out'),
      agent('7', 'ready', { vip: 2 }),
    ];
    expect(staffedAgents('general', agents, 1000)).toBe(4);
    expect(staffedAgents('vip', agents, 1000)).toBe(1);
    expect(staffedAgents('repair', agents, 1000)).toBe(0);
  });
});

describe('rememberHandleTime', () => {
  it('keeps the most recent samples only', () => {
    let samples: number[] = [];
    for (let i = 1; i <= 25; i++) samples = rememberHandleTime(samples, i * 1000);
    expect(samples).toHaveLength(20);
    expect(samples[0]).toBe(6000);
    expect(samples.at(-1)).toBe(25_000);
    expect(rememberHandleTime([1, 2, 3], 4, 2)).toEqual([3, 4]);
    expect(rememberHandleTime([], -5)).toEqual([0]);
  });
});
