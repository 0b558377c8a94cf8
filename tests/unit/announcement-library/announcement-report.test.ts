import { describe, expect, it } from 'vitest';
import { announcementDays } from '../../../src/announcement-library/announcement-report.js';

const sh = (iso: string) => Date.parse(`${iso}+08:00`);

describe('outcomes by announcement class per campaign per day', () => {
  it('counts dials and the announcements they heard per local day, either side of midnight in Shanghai', () => {
    const rows = announcementDays(
      [
        { campaignId: 2, at: sh('2026-03-10T09:00:00'), label: null, dials: 5 },
        { campaignId: 1, at: sh('2026-03-10T23:45:00'), label: 'vacant', dials: 2 },
        { campaignId: 1, at: sh('2026-03-10T10:00:00'), label: null, dials: 6 },
        { campaignId: 1, at: sh('2026-03-10T10:15:00'), label: 'unknown', dials: 1 },
        { campaignId: 1, at: sh('2026-03-10T10:15:00'), label: 'vacant', dials: 1 },
        { campaignId: 1, at: sh('2026-03-11T00:00:00'), label: 'powered-off', dials: 3 },
      ],
      'Asia/Shanghai',
    );
    expect(rows).toEqual([
      { campaignId: 1, day: '2026-03-10', dials: 10, announcements: { vacant: 3, unknown: 1 }, announcementRate: 0.4 },
      { campaignId: 1, day: '2026-03-11', dials: 3, announcements: { 'powered-off': 3 }, announcementRate: 1 },
      { campaignId: 2, day: '2026-03-10', dials: 5, announcements: {}, announcementRate: 0 },
    ]);
  });

  it('is empty without dials', () => {
    expect(announcementDays([], 'Asia/Shanghai')).toEqual([]);
  });
});
