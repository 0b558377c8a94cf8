import { describe, expect, it } from 'vitest';
import { sipFinalCode, type SipFacts } from '../../../src/calls/sip-final-code.js';

const base: SipFacts = { answered: false, farEndCode: null, endedByUs: false, destroyCode: null };

describe('sipFinalCode', () => {
  it.each<[string, Partial<SipFacts>, number | null]>([
    ['the far end rejects (480 after an announcement)', { farEndCode: 480, destroyCode: 480 }, 480],
    ['the far end is busy', { farEndCode: 486, destroyCode: 486 }, 486],
    ['hotline cancels (announcement recognised)', { endedByUs: true }, 487],
    ['the dial times out: Asterisk maps its own cause 19 to 480, the far end said 487', { endedByUs: true, destroyCode: 480 }, 487],
    ['a far-end code that came before our own hang-up still stands', { farEndCode: 404, endedByUs: true }, 404],
    ['only the destroy event has a code', { destroyCode: 503 }, 503],
    ['nothing known', {}, null],
    ['answered', { answered: true, endedByUs: true }, 200],
  ])('%s', (_name, facts, code) => {
    expect(sipFinalCode({ ...base, ...facts })).toBe(code);
  });
});
