import { describe, expect, it } from 'vitest';
import { formatCallReport, hangupOf } from '../../../src/cli/call.js';
import { isHotlineError } from '../../../src/errors.js';
import type { CallReport } from '../../../src/lab/sipp-caller.js';

const report = (over: Partial<CallReport>): CallReport => ({
  number: '4008001234',
  from: '13800138000',
  outcome: 'answered',
  rang: false,
  keys: [],
  plannedKeys: [],
  sippExit: 0,
  ...over,
});

describe('hangupOf', () => {
  it('maps the options to one hang-up rule, waiting for the far end by default', () => {
    expect(hangupOf({ maxDuration: 120 })).toEqual({ kind: 'far-end', maxMs: 120_000 });
    expect(hangupOf({ hangupAfter: 2.5, maxDuration: 120 })).toEqual({ kind: 'after-answer', afterMs: 2500 });
    expect(hangupOf({ hangupBeforeAnswer: 800, maxDuration: 120 })).toEqual({ kind: 'before-answer', afterMs: 800 });
  });

  it('refuses both hang-up options at once with BAD_REQUEST', () => {
    let error: unknown;
    try {
      hangupOf({ hangupAfter: 1, hangupBeforeAnswer: 1, maxDuration: 1 });
    } catch (e) {
      error = e;
    }
    expect(isHotlineError(error, 'BAD_REQUEST')).toBe(true);
  });
});

describe('formatCallReport', () => {
  it('tells an answered call with keys, who hung up and how long it lasted', () => {
    const lines = formatCallReport(
      report({
        invitedAt: 1000,
        answeredAt: 1250,
        rang: true,
        keys: [
          { key: '4', atMs: 1004 },
          { key: '#', atMs: 2310 },
        ],
        plannedKeys: [
          { key: '4', atMs: 1000 },
          { key: '#', atMs: 2300 },
          { key: '1', atMs: 9000 },
        ],
        hungUpBy: 'far-end',
        durationMs: 4020,
      }),
    );
    expect(lines).toEqual([
      'call 4008001234 from 13800138000',
      'answered after 0.25 s (rang first)',
      'keys:      4@1.00 s #@2.31 s',
      '           (1 planned key(s) not sent: the call ended first)',
      'hung up:   by the far end after 4.02 s',
    ]);
  });

  it('tells rejections, cancels and silence', () => {
    expect(formatCallReport(report({ outcome: 'rejected', status: 486, reason: 'Busy Here' }))[1]).toBe('rejected:  486 Busy Here');
    expect(formatCallReport(report({ outcome: 'cancelled', status: 487, reason: 'Request Terminated', invitedAt: 0, endedAt: 2000 }))[1]).toBe(
      'not answered: the caller hung up while it rang after 2.00 s (487 Request Terminated)',
    );
    expect(formatCallReport(report({ outcome: 'no-answer' }))[1]).toBe('no answer: no final response (nothing came back to the INVITE)');
  });
});
