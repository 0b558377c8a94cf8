import { describe, expect, it } from 'vitest';
import { classifyInbound, classifyOutbound } from '../../../src/calls/outcome.js';

const base = { shortCallS: 3 };

describe('classifyOutbound', () => {
  it.each([
    [1, 'unallocated'],
    [22, 'number-changed'],
    [28, 'invalid-format'],
    [17, 'busy'],
    [19, 'no-answer'],
    [18, 'no-answer'],
    [34, 'network-failure'],
    [38, 'network-failure'],
    [21, 'rejected'],
    [127, 'failed'],
  ])('unanswered leg with cause %i is %s', (cause, outcome) => {
    expect(classifyOutbound({ ...base, cause, answered: false })).toBe(outcome);
  });

  it.each([
    [{ amdStatus: 'HUMAN', talkS: 20, hungUpBy: 'remote' as const }, 'human'],
    [{ amdStatus: 'NOTSURE', talkS: 20, hungUpBy: 'remote' as const }, 'human'],
    [{ amdStatus: 'MACHINE', talkS: 4, hungUpBy: 'hotline' as const }, 'machine'],
    [{ amdStatus: 'MACHINE', faxTones: 2, talkS: 4, hungUpBy: 'hotline' as const }, 'fax'],
    [{ amdStatus: 'HANGUP', talkS: 1, hungUpBy: 'remote' as const }, 'short-call'],
    [{ talkS: 1, hungUpBy: 'hotline' as const }, 'human'],
    [{ talkS: 10, hungUpBy: 'remote' as const }, 'human'],
  ])('answered leg %o is %s', (facts, outcome) => {
    expect(classifyOutbound({ ...base, cause: 16, answered: true, ...facts })).toBe(outcome);
  });
});

describe('classifyInbound', () => {
  it('answered and abandoned', () => {
    expect(classifyInbound({ answered: true })).toBe('answered');
    expect(classifyInbound({ answered: false })).toBe('caller-abandoned');
  });
});
