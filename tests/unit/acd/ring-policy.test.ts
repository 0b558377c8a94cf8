import { describe, expect, it } from 'vitest';
import { acdGroupSchema } from '../../../src/acd/acd-config.js';
import { enqueue } from '../../../src/acd/queue-entry.js';
import { afterRing, offerTo, ringOrder, ringResultFromCause, type RingOutcome, type RingResult } from '../../../src/acd/ring-policy.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

const group = acdGroupSchema.parse({ id: 'general', skill: 'general', ringTimeoutS: 15 });
const waiting = enqueue('c1', group, 0);
const ringing = offerTo(waiting, '1001');

function ok(r: RingOutcome | HotlineError): RingOutcome {
  if (r instanceof HotlineError) throw r;
  return r;
}

describe('ringOrder', () => {
  it('rings the PJSIP endpoint with the group timeout', () => {
    expect(ringOrder(waiting, group, '1001')).toEqual({ callId: 'c1', agentId: '1001', endpoint: 'PJSIP/1001', timeoutS: 15 });
    expect(ringing.ringing).toBe('1001');
  });
});

describe('ringResultFromCause', () => {
  it.each([
    [19, 'no-answer'], // ring until the originate timeout
    [18, 'no-answer'],
    [16, 'no-answer'],
    [17, 'no-answer'], // the phone is busy with another call
    [21, 'rejected'],
    [20, 'unreachable'], // not registered
    [1, 'unreachable'],
    [34, 'unreachable'],
    [127, 'unreachable'],
  ])('cause %i is %s', (cause, result) => {
    expect(ringResultFromCause(cause)).toBe(result);
  });
});

describe('afterRing', () => {
  it.each<[RingResult, string, RingOutcome['next'], string | undefined]>([
    ['answered', 'answer', 'bridge', undefined],
    ['no-answer', 'no-answer', 'route-again', undefined],
    ['rejected', 'reject', 'route-again', undefined],
    ['unreachable', 'no-answer', 'route-again', 'unreachable'],
    ['caller-gone', 'hangup', 'drop', undefined],
  ])('%s → agent %s, caller %s', (result, agentEvent, next, reason) => {
    const out = ok(afterRing(ringing, '1001', result));
    expect(out.agentEvent).toMatchObject({ type: agentEvent, callId: 'c1' });
    expect('reason' in out.agentEvent ? out.agentEvent.reason : undefined).toBe(reason);
    expect(out.next).toBe(next);
    if (next === 'route-again') {
      expect(out.entry).toMatchObject({ callId: 'c1', tried: ['1001'], queuedAt: 0 });
      expect(out.entry?.ringing).toBeUndefined();
    } else {
      expect(out.entry).toBeUndefined();
    }
  });

  it('remembers every agent tried, once', () => {
    const second = offerTo(ok(afterRing(ringing, '1001', 'no-answer')).entry!, '1002');
    const third = offerTo(ok(afterRing(second, '1002', 'rejected')).entry!, '1001');
    expect(ok(afterRing(third, '1001', 'no-answer')).entry?.tried).toEqual(['1001', '1002']);
  });

  it('refuses a result from an agent the call is not ringing', () => {
    const r = afterRing(ringing, '1002', 'no-answer');
    expect(isHotlineError(r, 'AGENT_WRONG_CALL')).toBe(true);
    expect(isHotlineError(afterRing(waiting, '1001', 'answered'), 'AGENT_WRONG_CALL')).toBe(true);
  });
});
