import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { formFitsCall, scoreAnswers, type QaItem } from '../../../src/qa/score-form.js';

const items: QaItem[] = [
  { key: 'greeting', zh: '规范开场', en: 'Greeting', weight: 10 },
  { key: 'accuracy', zh: '信息准确', en: 'Accurate information', weight: 50 },
  { key: 'attitude', zh: '服务态度', en: 'Attitude', weight: 40 },
  { key: 'secrecy', zh: '泄露客户信息', en: 'Disclosed customer data', weight: 0, fatal: true },
];

describe('scoreAnswers', () => {
  it.each([
    [{ greeting: 10, accuracy: 50, attitude: 40, secrecy: 1 }, 100, []],
    [{ greeting: 5, accuracy: 40, attitude: 30, secrecy: 1 }, 75, []],
    // 7 + 33 + 21 = 61 of 100.
    [{ greeting: 7, accuracy: 33, attitude: 21, secrecy: 1 }, 61, []],
    [{ greeting: 10, accuracy: 50, attitude: 40, secrecy: 0 }, 0, ['secrecy']],
  ])('%o → %d', (answers, total, fatalFailed) => expect(scoreAnswers(items, answers)).toEqual({ total, fatalFailed }));

  it('rounds to one decimal of 100', () => {
    expect(scoreAnswers([{ key: 'a', zh: '', en: '', weight: 3 }], { a: 1 }).total).toBe(33.3);
  });

  it.each([
    [{ greeting: 10, accuracy: 50, attitude: 40 }, 'answers.secrecy'],
    [{ greeting: 11, accuracy: 50, attitude: 40, secrecy: 1 }, 'answers.greeting'],
    [{ greeting: 10, accuracy: -1, attitude: 40, secrecy: 1 }, 'answers.accuracy'],
    [{ greeting: 10, accuracy: 50, attitude: 40, secrecy: 0.5 }, 'answers.secrecy'],
    [{ greeting: 10, accuracy: 50, attitude: 40, secrecy: 1, extra: 1 }, 'answers.extra'],
  ])('refuses %o naming %s', (answers, key) => {
    try {
      scoreAnswers(items, answers);
      expect.unreachable();
    } catch (e) {
      expect([(e as HotlineError).code, (e as HotlineError).key]).toEqual(['QA_BAD_ANSWERS', key]);
    }
  });
});

describe('formFitsCall', () => {
  const call = { campaignId: null, entryNumber: '4008001234', calledNumber: '4008001234' };
  it.each([
    [{ kind: 'any' as const }, true],
    [{ kind: 'line' as const, number: '4008001234' }, true],
    [{ kind: 'line' as const, number: '95598' }, false],
    [{ kind: 'campaign' as const, campaignId: 3 }, false],
  ])('%o → %s', (scope, fits) => expect(formFitsCall(scope, call)).toBe(fits));
});
