import { describe, expect, it } from 'vitest';
import { emptyWindow, recordLiveAnswer, windowCounts } from '../../../../src/dialer/pacing/abandon-window.js';
import { T0 } from './pacing-fixtures.js';

const H = 3_600_000;

describe('abandon window', () => {
  it('counts live answers and abandons and gives the rate', () => {
    let w = emptyWindow('24h');
    expect(windowCounts(w, T0)).toEqual({ lives: 0, abandons: 0, rate: 0 });
    for (let i = 0; i < 40; i++) w = recordLiveAnswer(w, i % 10 === 0, T0 + i * 60_000);
    expect(windowCounts(w, T0 + H)).toEqual({ lives: 40, abandons: 4, rate: 0.1 });
  });

  it('24 h: an hour leaves the window a day (at most a bucket) later', () => {
    let w = recordLiveAnswer(emptyWindow('24h'), true, T0);
    w = recordLiveAnswer(w, false, T0 + 12 * H);
    expect(windowCounts(w, T0 + 23 * H).abandons).toBe(1);
    expect(windowCounts(w, T0 + 25 * H)).toEqual({ lives: 1, abandons: 0, rate: 0 });
    // Old buckets are dropped when the next answer comes, so the value stays small.
    const later = recordLiveAnswer(w, false, T0 + 30 * H);
    expect(later.buckets.map((b) => b.lives)).toEqual([1, 1]);
  });

  it('30 days keeps three weeks ago and forgets five weeks ago', () => {
    let w = recordLiveAnswer(emptyWindow('30d'), true, T0 - 35 * 24 * H);
    w = recordLiveAnswer(w, true, T0 - 21 * 24 * H);
    w = recordLiveAnswer(w, false, T0);
    expect(windowCounts(w, T0)).toMatchObject({ lives: 2, abandons: 1 });
  });

  it('since start forgets nothing, in one bucket', () => {
    let w = emptyWindow('since-start');
    for (let d = 0; d < 100; d++) w = recordLiveAnswer(w, d % 4 === 0, T0 + d * 24 * H);
    expect(w.buckets.length).toBe(1);
    expect(windowCounts(w, T0 + 1000 * 24 * H)).toEqual({ lives: 100, abandons: 25, rate: 0.25 });
  });

  it('a clock that went back adds to the newest bucket', () => {
    let w = recordLiveAnswer(emptyWindow('24h'), false, T0 + 5 * H);
    w = recordLiveAnswer(w, true, T0 + 2 * H);
    expect(w.buckets.length).toBe(1);
    expect(windowCounts(w, T0 + 5 * H)).toMatchObject({ lives: 2, abandons: 1 });
  });

  it('goes through JSON unchanged', () => {
    let w = emptyWindow('30d');
    for (let i = 0; i < 50; i++) w = recordLiveAnswer(w, i % 7 === 0, T0 + i * 7 * H);
    expect(JSON.parse(JSON.stringify(w))).toEqual(w);
  });
});
