import { describe, expect, it } from 'vitest';
import { classifyNonRegular, type FinishedInboundFacts } from '../../../src/calls/non-regular.js';

const rules = { oneRingS: 3 };
const base: FinishedInboundFacts = { answeredAt: 1000, endedAt: 31_000, hungUpBy: 'remote', keys: 0, inputTimeouts: 0, endedInFirstMenu: false };

describe('classifyNonRegular', () => {
  it.each<[string, Partial<FinishedInboundFacts>, string | null]>([
    ['hung up before answer', { answeredAt: null, endedAt: 800 }, 'one-ring'],
    ['hung up within the one-ring window', { endedAt: 2900 }, 'one-ring'],
    ['no key through a timeout prompt', { inputTimeouts: 1 }, 'silent'],
    ['left the first menu without a key', { endedInFirstMenu: true, endedAt: 9000 }, 'misdial'],
    ['pressed keys, then hung up', { keys: 2, endedInFirstMenu: true }, null],
    ['hotline ended it (after-hours message)', { hungUpBy: 'hotline', endedAt: 1500 }, null],
    ['no key but reached an agent', { endedInFirstMenu: false }, null],
  ])('%s', (_what, facts, expected) => {
    expect(classifyNonRegular({ ...base, ...facts }, rules)).toBe(expected);
  });
});
