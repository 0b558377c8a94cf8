import { describe, expect, it } from 'vitest';
import { callsForPacing, pacingStateForLog, type PacedCall } from '../../../../src/dialer/pacing/pacing-state.js';

const call = (placedAt: number, liveAt: number | null, connectedAt: number | null = null, abandoned = false): PacedCall => ({ placedAt, facts: { liveAt, connectedAt, abandoned } });

describe('the calls pacing counts', () => {
  it.each([
    ['a dial not answered yet rings, aged from its placing', call(1000, null), { ringing: [{ ageMs: 4000 }], waiting: [] }],
    ['a live answer with no agent waits, from its answer', call(1000, 3500), { ringing: [], waiting: [{ waitedMs: 1500 }] }],
    ['a live answer with an agent is the agent\'s (on a call)', call(1000, 3500, 3800), { ringing: [], waiting: [] }],
    ['an abandoned answer hearing its message is neither', call(1000, 2000, null, true), { ringing: [], waiting: [] }],
  ])('%s', (_what, c, expected) => {
    expect(callsForPacing([c], 5000)).toEqual(expected);
  });
});

describe('the state in a log line', () => {
  it('keeps counts and whole-ms times, a wrap-up with no timer as null', () => {
    const line = pacingStateForLog({
      ready: 1,
      onCall: [{ talkMs: 1234.6 }],
      wrapping: [{ elapsedMs: 10, remainingMs: 2990.2 }, { elapsedMs: 5 }],
      paused: 0,
      ringing: [{ ageMs: 0.4 }],
      waiting: [],
      freeLines: 7,
      cpsTokens: 3,
      hour: 9,
    });
    expect(line).toEqual({ ready: 1, talkMs: [1235], wrapLeftMs: [2990, null], paused: 0, ringingMs: [0], waitingMs: [], freeLines: 7 });
  });
});
