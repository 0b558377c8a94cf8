import { describe, expect, it } from 'vitest';
import { lineStamps, type LineStamps } from '../../../src/dialer/dial-due.js';

const T = 1_000_000;
const stamps = (over: Partial<LineStamps> = {}): LineStamps => ({ free: [], idleSince: T, seenAt: T, lines: 3, ...over });

describe('when a dial became due', () => {
  it.each([
    { why: 'a line freed after the lead was due: the line', s: stamps({ free: [T + 300] }), leadDueAt: 0, due: T + 300 },
    { why: 'a lead due after its line was free: the lead', s: stamps({ free: [T + 300] }), leadDueAt: T + 900, due: T + 900 },
    { why: 'no heard end (the campaign start): since the dialer was idle', s: stamps({ idleSince: T + 50 }), leadDueAt: 0, due: T + 50 },
    { why: 'a line freed before the last idle tick: the idle tick', s: stamps({ free: [T - 500], idleSince: T }), leadDueAt: 0, due: T },
    { why: 'the oldest free line first', s: stamps({ free: [T + 100, T + 200] }), leadDueAt: 0, due: T + 100 },
  ])('$why', ({ s, leadDueAt, due }) => {
    expect(lineStamps.take(s, leadDueAt).dueAt).toBe(due);
  });

  it('takes one line per dial, oldest first, then counts from the idle time', () => {
    let s = stamps({ free: [T + 100, T + 200] });
    const dues: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t = lineStamps.take(s, 0);
      dues.push(t.dueAt);
      s = t.rest;
    }
    expect(dues).toEqual([T + 100, T + 200, T]);
  });

  it('keeps no more free lines than the campaign has', () => {
    let s = stamps({ lines: 2 });
    for (const at of [T + 1, T + 2, T + 3]) s = lineStamps.freed(s, at);
    expect(s.free).toEqual([T + 2, T + 3]);
  });

  it('an idle tick forgets the free lines: later dials count from it', () => {
    const s = lineStamps.idle(stamps({ free: [T + 1, T + 2] }), T + 500);
    expect(s).toMatchObject({ free: [], idleSince: T + 500 });
    expect(lineStamps.take(s, 0).dueAt).toBe(T + 500);
  });

  it.each([
    { why: 'seen at the previous tick: kept', prev: stamps({ free: [T + 5], seenAt: T }), previousTick: T, changedAt: 0, want: { free: [T + 5], idleSince: T } },
    { why: 'not seen at the previous tick (paused, resumed): fresh from its resume', prev: stamps({ free: [T + 5], seenAt: T - 1000 }), previousTick: T + 50, changedAt: T + 80, want: { free: [], idleSince: T + 80 } },
    { why: 'resumed before the previous tick: fresh from that tick', prev: undefined, previousTick: T + 50, changedAt: T - 9000, want: { free: [], idleSince: T + 50 } },
    { why: "the engine's first tick: fresh from now", prev: undefined, previousTick: null, changedAt: T - 9000, want: { free: [], idleSince: T + 100 } },
  ])('at a tick, $why', ({ prev, previousTick, changedAt, want }) => {
    const s = lineStamps.at(prev, T + 100, previousTick, changedAt, 3);
    expect(s).toEqual({ ...want, seenAt: T + 100, lines: 3 });
  });
});
