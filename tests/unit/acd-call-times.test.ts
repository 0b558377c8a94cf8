import { describe, expect, it } from 'vitest';
import { callTimes, type CallTimeEvent } from '../../src/acd/call-times.js';

const ev = (type: CallTimeEvent['type'], at: number): CallTimeEvent => ({ type, at });

describe('callTimes', () => {
  it.each<[string, CallTimeEvent[], Record<string, unknown>]>([
    [
      'answered, one hold, wrap-up',
      [ev('queued', 0), ev('offered', 5000), ev('answered', 8000), ev('hold', 20_000), ev('unhold', 30_000), ev('ended', 68_000), ev('acw-ended', 83_000)],
      { queuedAt: 0, offeredAt: 5000, offers: 1, answeredAt: 8000, endedAt: 68_000, waitMs: 8000, talkMs: 50_000, holdMs: 10_000, acwMs: 15_000 },
    ],
    [
      'abandoned in queue: the wait runs to the hang-up',
      [ev('queued', 1000), ev('ended', 43_000)],
      { queuedAt: 1000, offers: 0, endedAt: 43_000, waitMs: 42_000, talkMs: 0, holdMs: 0, acwMs: 0 },
    ],
    [
      'abandoned while an agent rang',
      [ev('queued', 0), ev('offered', 10_000), ev('ended', 12_000)],
      { offeredAt: 10_000, offers: 1, waitMs: 12_000, talkMs: 0 },
    ],
    [
      'rung twice: the first offer and both counted',
      [ev('queued', 0), ev('offered', 1000), ev('offered', 21_000), ev('answered', 24_000), ev('ended', 84_000)],
      { offeredAt: 1000, offers: 2, waitMs: 24_000, talkMs: 60_000 },
    ],
    [
      'hold still open at hang-up runs to the end',
      [ev('queued', 0), ev('answered', 0), ev('hold', 40_000), ev('ended', 60_000)],
      { waitMs: 0, talkMs: 40_000, holdMs: 20_000 },
    ],
    [
      'two holds, a stray unhold ignored',
      [ev('queued', 0), ev('answered', 0), ev('unhold', 5000), ev('hold', 10_000), ev('unhold', 15_000), ev('hold', 20_000), ev('unhold', 30_000), ev('ended', 60_000)],
      { talkMs: 45_000, holdMs: 15_000 },
    ],
    [
      'still talking: nothing has ended yet',
      [ev('queued', 0), ev('answered', 9000), ev('hold', 10_000)],
      { waitMs: 9000, talkMs: 0, holdMs: 0, acwMs: 0 },
    ],
    [
      'wrap-up still running',
      [ev('queued', 0), ev('answered', 1000), ev('ended', 61_000)],
      { talkMs: 60_000, acwMs: 0 },
    ],
    [
      'no wrap-up time',
      [ev('queued', 0), ev('answered', 1000), ev('ended', 61_000), ev('acw-ended', 61_000)],
      { talkMs: 60_000, acwMs: 0 },
    ],
    [
      'never queued (an outbound connect): no wait',
      [ev('offered', 0), ev('answered', 3000), ev('ended', 33_000), ev('acw-ended', 43_000)],
      { waitMs: 0, talkMs: 30_000, acwMs: 10_000 },
    ],
  ])('%s', (_name, events, expected) => {
    expect(callTimes(events)).toMatchObject(expected);
  });

  it('does not depend on the order events arrive in', () => {
    const events = [ev('queued', 0), ev('offered', 5000), ev('answered', 8000), ev('hold', 20_000), ev('unhold', 30_000), ev('ended', 68_000), ev('acw-ended', 83_000)];
    expect(callTimes([...events].reverse())).toEqual(callTimes(events));
  });

  it('leaves out the times that did not happen', () => {
    expect(callTimes([ev('queued', 0), ev('ended', 5000)])).toEqual({ queuedAt: 0, offers: 0, endedAt: 5000, waitMs: 5000, talkMs: 0, holdMs: 0, acwMs: 0 });
  });
});
