import { describe, expect, it } from 'vitest';
import { openAttemptVerdict, type OpenAttemptFacts } from '../../../src/dialer/open-attempt-verdict.js';

// Issue 17 item 8 (chaos): what a restart does with an attempt the killed process left open.
describe('an attempt a killed process left open', () => {
  const cases: Array<[string, OpenAttemptFacts, ReturnType<typeof openAttemptVerdict>['kind'], boolean?]> = [
    // Provably never reached the carrier: taken back, whatever else is known.
    ['dial never sent, channel made and still there: taken back and the channel hung up', { dialSent: false, stillUp: true, record: 'no-end-yet', waitedMs: 0 }, 'take-back', true],
    ['dial never sent, channel gone (Asterisk hung it up): taken back', { dialSent: false, stillUp: false, record: 'ended', waitedMs: 0 }, 'take-back', false],
    ['dial never sent, no record at all: taken back', { dialSent: false, stillUp: false, record: 'none', waitedMs: 0 }, 'take-back', false],
    ['dial sent, yet the record lacks the channel: a wrong record, never proof; counted, not dialed again', { dialSent: true, stillUp: false, record: 'no-channel', waitedMs: 0 }, 'failed', false],
    // May have reached the carrier: never dialed again, never taken back.
    ['dial sent, leg still up: followed', { dialSent: true, stillUp: true, record: 'no-end-yet', waitedMs: 0 }, 'follow'],
    ['dial sent, leg gone, its end written: decided from the record', { dialSent: true, stillUp: false, record: 'ended', waitedMs: 0 }, 'from-record'],
    ['dial sent, leg gone, end not written yet: read again', { dialSent: true, stillUp: false, record: 'no-end-yet', waitedMs: 9_750 }, 'read-again'],
    ['dial sent, leg gone, end still not written after 10 s: failed', { dialSent: true, stillUp: false, record: 'no-end-yet', waitedMs: 10_000 }, 'failed'],
    ['dial sent, leg gone, no record to read: failed', { dialSent: true, stillUp: false, record: 'none', waitedMs: 0 }, 'failed'],
  ];
  it.each(cases)('%s', (_why, facts, kind, hangUp) => {
    const v = openAttemptVerdict(facts);
    expect(v.kind).toBe(kind);
    if (v.kind === 'take-back') expect(v.hangUp).toBe(hangUp);
  });
});
