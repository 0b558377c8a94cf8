import { describe, expect, it } from 'vitest';
import { newAgent, type Agent } from '../../../src/acd/agent-state.js';
import { groupLoad } from '../../../src/acd/group-load.js';

const now = 1_000_000;
const agent = (id: string, state: Agent['state'], sinceAgoMs: number, skills: Record<string, number> = { sales: 5 }): Agent => ({
  ...newAgent({ id, name: id, skills }, now - sinceAgoMs),
  state,
});

describe('groupLoad', () => {
  it('counts the skill group as pacing sees it: ready, talking (ringing as 0 s), wrapping with time left, paused', () => {
    const agents = [
      agent('a', 'ready', 5_000),
      agent('b', 'on-call', 90_000),
      agent('c', 'ringing', 3_000),
      agent('d', 'after-call-work', 4_000),
      agent('e', 'paused', 60_000),
      agent('f', 'logged-out', 0),
      agent('g', 'ready', 0, { support: 5 }),
    ];
    expect(groupLoad(agents, 'sales', 15, now)).toEqual({
      ready: 1,
      onCall: [{ talkMs: 90_000 }, { talkMs: 0 }],
      wrapping: [{ elapsedMs: 4_000, remainingMs: 11_000 }],
      paused: 1,
    });
  });

  it("counts a ready agent who is a transfer's target (reserved) as being rung, not as free for the dialer", () => {
    const agents = [agent('a', 'ready', 5_000), agent('b', 'ready', 5_000), agent('c', 'on-call', 1_000)];
    expect(groupLoad(agents, 'sales', 15, now, new Set(['b']))).toEqual({ ready: 1, onCall: [{ talkMs: 0 }, { talkMs: 1_000 }], wrapping: [], paused: 0 });
    expect(groupLoad(agents, 'sales', 15, now, new Set(['c'])).ready).toBe(2);
  });
});
