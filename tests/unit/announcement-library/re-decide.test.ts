import { describe, expect, it } from 'vitest';
import { announcementLabels } from '../../../src/announcements/labels.js';
import { reDecide } from '../../../src/announcement-library/re-decide.js';

const waiting = [
  { leadId: 1, campaignId: 1, attemptId: 10, state: 'retry-wait' },
  { leadId: 2, campaignId: 2, attemptId: 20, state: 'retry-wait' },
  { leadId: 3, campaignId: 1, attemptId: 30, state: 'dialing' },
];

describe('leads decided again when their announcement gets a label', () => {
  it.each([
    ['vacant', 'invalid-number', 'vacant'],
    ['suspended', 'invalid-number', 'suspended'],
  ] as const)('%s closes every lead still waiting on a retry as %s', (label, state, outcome) => {
    expect(reDecide(label, waiting)).toEqual([
      { leadId: 1, state, lastOutcome: outcome },
      { leadId: 2, state, lastOutcome: outcome },
    ]);
  });

  it.each(announcementLabels.filter((l) => l !== 'vacant' && l !== 'suspended').map((l) => [l]))('%s leaves them to their retry', (label) => {
    expect(reDecide(label, waiting)).toEqual([]);
  });

  it('an unlabelled announcement decides nothing', () => {
    expect(reDecide(null, waiting)).toEqual([]);
    expect(reDecide('vacant', [])).toEqual([]);
  });
});
