import { describe, expect, it } from 'vitest';
import { attemptOutcome } from '../../../src/dialer/attempt-outcome.js';
import { dialString } from '../../../src/dialer/dial-string.js';

const base = { abandoned: false, connected: false, agentless: false, answeredFlow: false };

describe('attemptOutcome', () => {
  it.each([
    ['unallocated', base, 'unallocated'],
    ['busy', base, 'busy'],
    ['no-answer', base, 'no-answer'],
    ['fax', base, 'fax'],
    ['machine', base, 'machine'],
    ['network-failure', base, 'network-failure'],
    ['failed', base, 'failed'],
    // A live answer an agent took is a human, whatever the talk time.
    ['short-call', { ...base, connected: true }, 'human'],
    ['human', { ...base, connected: true }, 'human'],
    // A live answer that left before any agent took it is retried like a short call.
    ['human', base, 'short-call'],
    // No agent within the abandon time: abandoned, even if the far end stayed.
    ['human', { ...base, abandoned: true }, 'abandoned'],
    // Agentless: answering the flow's question is the success; hanging up before it is a short call.
    ['human', { ...base, agentless: true, connected: true, answeredFlow: true }, 'success'],
    ['human', { ...base, agentless: true, connected: true }, 'short-call'],
    // Issue 17: an answered call whose handler died with the service (or Asterisk) is cut, not a short call…
    ['human', { ...base, agentless: true, cut: true }, 'cut'],
    ['short-call', { ...base, agentless: true, cut: true }, 'cut'],
    ['human', { ...base, cut: true }, 'cut'],
    // …unless the flow had its answer or an agent had the call before the cut; and a machine stays a machine.
    ['human', { ...base, agentless: true, connected: true, answeredFlow: true, cut: true }, 'success'],
    ['human', { ...base, connected: true, cut: true }, 'human'],
    ['machine', { ...base, agentless: true, cut: true }, 'machine'],
  ] as const)('%s %o → %s', (leg, facts, expected) => {
    expect(attemptOutcome({ leg, ...facts })).toBe(expected);
  });
});

describe('dialString', () => {
  it.each([
    ['+8613900000003', '13900000003'],
    ['+861065529988', '01065529988'],
    ['+8675588888888', '075588888888'],
    ['+864008001234', '4008001234'],
    ['+14155550100', '0014155550100'],
  ])('%s is dialed as %s', (e164, digits) => {
    expect(dialString(e164)).toBe(digits);
  });
});
