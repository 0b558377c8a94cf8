import { describe, expect, it } from 'vitest';
import { handledTimes, queueWait } from '../../../src/acd/call-record-times.js';

describe('the times the ACD writes on a call record', () => {
  it('counts the queue wait from the first queueing to leaving the queue, in the group left', () => {
    expect(queueWait('vip', 1000, 43_000)).toEqual({ queueGroup: 'vip', queueWaitMs: 42_000 });
    expect(queueWait('general', 5000, 5000)).toEqual({ queueGroup: 'general', queueWaitMs: 0 });
  });

  it('counts talk from the agent answer to the end, no hold, and the group wrap-up as after-call work', () => {
    expect(handledTimes(18_000, 78_000, 10)).toEqual({ talkMs: 60_000, holdMs: 0, acwMs: 10_000, handleMs: 70_000 });
  });

  it('makes handle time talk + hold + ACW, with no wrap-up when the group has none', () => {
    expect(handledTimes(0, 30_000, 0)).toEqual({ talkMs: 30_000, holdMs: 0, acwMs: 0, handleMs: 30_000 });
  });
});
