import { describe, expect, it } from 'vitest';
import { handledTimes } from '../../../src/acd/call-record-times.js';
import { HotlineError } from '../../../src/errors.js';
import { holdMsAt, holdStep, noHolds, type HoldLedger } from '../../../src/calls/hold-ledger.js';

const step = (l: HoldLedger, e: 'hold' | 'resume', at: number): HoldLedger => {
  const next = holdStep(l, e, at);
  if (next instanceof HotlineError) throw next;
  return next;
};

describe('the hold ledger', () => {
  it('adds up every hold, and a hold still running until now', () => {
    let l = step(noHolds, 'hold', 1000);
    l = step(l, 'resume', 4000);
    l = step(l, 'hold', 10_000);
    expect(holdMsAt(l, 12_500)).toBe(5500);
    l = step(l, 'resume', 13_000);
    expect(l).toEqual({ heldSince: null, heldMs: 6000, holds: 2 });
    expect(holdMsAt(l, 99_000)).toBe(6000);
  });

  it.each([
    ['hold of a held call', step(noHolds, 'hold', 0), 'hold', true],
    ['resume of a call not on hold', noHolds, 'resume', false],
  ] as const)('refuses %s with CALL_HOLD_STATE', (_what, l, e, held) => {
    const r = holdStep(l, e, 5);
    expect(r).toBeInstanceOf(HotlineError);
    expect((r as HotlineError).code).toBe('CALL_HOLD_STATE');
    expect((r as HotlineError).details).toEqual({ held });
  });
});

describe('handled times with hold', () => {
  it.each([
    ['no hold', 0, { talkMs: 60_000, holdMs: 0, acwMs: 10_000, handleMs: 70_000 }],
    ['15 s on hold: talk excludes it, handle time counts it', 15_000, { talkMs: 45_000, holdMs: 15_000, acwMs: 10_000, handleMs: 70_000 }],
    ['a hold longer than the call is the call', 90_000, { talkMs: 0, holdMs: 60_000, acwMs: 10_000, handleMs: 70_000 }],
  ] as const)('%s', (_what, hold, times) => {
    expect(handledTimes(18_000, 78_000, 10, hold)).toEqual(times);
  });
});
