import { describe, expect, it } from 'vitest';
import { cutByLoss } from '../../../src/dialer/cut-by-loss.js';

type End = Parameters<typeof cutByLoss>[1];
const answered: End = { answeredAt: 1_000, hungUpBy: 'remote', reconciled: undefined, outcome: 'human' };

describe('cutByLoss: an answered leg ended by the loss of what ran it', () => {
  const cases: Array<[string, Parameters<typeof cutByLoss>[0], Partial<End>, boolean]> = [
    ['placed and run here: ends as it ends, even hung up by hotline', 'placed', { hungUpBy: 'hotline' }, false],
    ['placed here, cut by Asterisk: media-server-lost is its own outcome path', 'placed', { reconciled: 'media-server-lost' }, false],
    ['left by a dead process, hung up by this one', 'none', { hungUpBy: 'hotline' }, true],
    ['followed after a restart, hung up by this one', 'followed', { hungUpBy: 'hotline' }, true],
    ['left by a dead process, ended by Asterisk\'s loss', 'none', { reconciled: 'media-server-lost' }, true],
    ['ended while no process ran it, a person on the line (Asterisk\'s record)', 'none', { reconciled: 'asterisk-record', outcome: 'human' }, true],
    ['ended while no process ran it, not a person', 'none', { reconciled: 'asterisk-record', outcome: 'machine' as End['outcome'] }, false],
    ['left by a dead process, the customer hung up', 'followed', { hungUpBy: 'remote' }, false],
    ['never answered: nothing to cut', 'none', { answeredAt: null, hungUpBy: 'hotline' }, false],
  ];
  for (const [name, handler, end, cut] of cases) {
    it(name, () => expect(cutByLoss(handler, { ...answered, ...end })).toBe(cut));
  }
});
