import { describe, expect, it } from 'vitest';
import { conditionHolds, whenHolds } from '../../../src/ivr/conditions.js';
import type { Condition } from '../../../src/ivr/flow-schema.js';

const vars = { callerNumber: '13900000001', status: 'open', empty: '' };
const lists = new Map([['vip', new Set(['13900000001'])]]);

describe('conditionHolds', () => {
  it.each<[Condition, boolean]>([
    [{ var: 'status', equals: 'open' }, true],
    [{ var: 'status', equals: 'closed' }, false],
    [{ var: 'status', notEquals: 'closed' }, true],
    [{ var: 'missing', notEquals: 'x' }, true],
    [{ var: 'status', in: ['open', 'new'] }, true],
    [{ var: 'callerNumber', inList: 'vip' }, true],
    [{ var: 'status', inList: 'vip' }, false],
    [{ var: 'callerNumber', inList: 'nobody' }, false],
    [{ var: 'callerNumber', matches: '^139' }, true],
    [{ var: 'callerNumber', startsWith: '138' }, false],
    [{ var: 'status', exists: true }, true],
    [{ var: 'empty', exists: true }, false],
    [{ var: 'missing', exists: false }, true],
    [{ var: 'missing', equals: 'x' }, false],
  ])('%o → %s', (c, want) => {
    expect(conditionHolds(c, vars, lists)).toBe(want);
  });

  it('a list of conditions must all hold', () => {
    expect(whenHolds([{ var: 'status', equals: 'open' }, { var: 'callerNumber', inList: 'vip' }], vars, lists)).toBe(true);
    expect(whenHolds([{ var: 'status', equals: 'open' }, { var: 'callerNumber', startsWith: '1' }, { var: 'missing', exists: true }], vars, lists)).toBe(false);
  });

  it('matches list numbers written with spaces or dashes', () => {
    expect(conditionHolds({ var: 'n', inList: 'vip' }, { n: '139-0000-0001' }, lists)).toBe(true);
  });
});
