import { describe, expect, it } from 'vitest';
import { bigramText, questionKey, searchPlan } from '../../../src/knowledge/kb-text.js';

describe('bigramText', () => {
  it.each([
    ['停电报修', '停电 电报 报修'],
    ['电', '电'],
    ['Power cut 停电了', 'power cut 停电 电了'],
    ['欠费，停机。', '欠费 停机'],
    ['TV报修', 'tv 报修'],
  ])('%s → %s', (text, out) => expect(bigramText(text)).toBe(out));
});

describe('searchPlan', () => {
  it('sends terms of 3 characters or more to the trigram index, 2-character Chinese words to the bigram index, the rest to LIKE', () => {
    expect(searchPlan('报修')).toEqual({ trigram: null, bigram: '"报修"', like: [] });
    expect(searchPlan('停电报修 欠费')).toEqual({ trigram: '"停电报修"', bigram: '"欠费"', like: [] });
    expect(searchPlan('  电  TV bill ')).toEqual({ trigram: '"bill"', bigram: null, like: ['%电%', '%tv%'] });
    expect(searchPlan('a"b 50%')).toEqual({ trigram: '"a""b" AND "50%"', bigram: null, like: [] });
    expect(searchPlan('5_')).toEqual({ trigram: null, bigram: null, like: ['%5\\_%'] });
    expect(searchPlan('   ')).toEqual({ trigram: null, bigram: null, like: [] });
  });
});

describe('questionKey', () => {
  it('counts the same question typed differently once', () => {
    expect(questionKey('  How do I  Pay?\n')).toBe(questionKey('how do i pay?'));
  });
});
