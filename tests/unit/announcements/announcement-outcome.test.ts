import { describe, expect, it } from 'vitest';
import { letsItRun, outcomeForLabel } from '../../../src/announcements/announcement-outcome.js';
import { announcementLabels, isAnnouncementLabel, type AnnouncementLabel } from '../../../src/announcements/labels.js';
import { outcomeRules } from '../../../src/dialer/retry-decision.js';

describe('outcomeForLabel', () => {
  it.each<[AnnouncementLabel | null, string, string]>([
    [null, 'announcement', 'retry'],
    ['vacant', 'vacant', 'invalid-number'],
    ['suspended', 'suspended', 'invalid-number'],
    ['powered-off', 'powered-off', 'retry'],
    ['unreachable', 'unreachable', 'retry'],
    ['busy', 'busy', 'retry'],
    ['restricted', 'restricted', 'done-failed'],
    ['forwarding', 'announcement', 'retry'],
    ['connecting', 'announcement', 'retry'],
    ['other', 'announcement', 'retry'],
  ])('%s → %s, and the lead gets %s', (label, outcome, lead) => {
    const o = outcomeForLabel(label);
    expect(o).toBe(outcome);
    const rule = outcomeRules[o as keyof typeof outcomeRules];
    expect(rule.kind === 'final' ? rule.state : rule.kind).toBe(lead);
  });

  it('lets only a connecting service run', () => {
    expect(announcementLabels.filter(letsItRun)).toEqual(['connecting']);
    expect(letsItRun(null)).toBe(false);
  });

  it('knows its labels', () => {
    expect(isAnnouncementLabel('vacant')).toBe(true);
    expect(isAnnouncementLabel('no-answer')).toBe(false);
  });
});
