import { describe, expect, it } from 'vitest';
import { scheduleState, type BusinessHours } from '../../../src/ivr/schedule.js';

const hours: BusinessHours = {
  hours: { mon: ['08:00-12:00', '13:00-18:00'], sat: ['09:00-24:00'] },
  holidays: ['2026-10-01..2026-10-07', '2027-01-01'],
  special: { '2026-10-03': ['10:00-16:00'], '2026-11-29': ['09:00-17:00'] },
};
const at = (iso: string): number => Date.parse(iso);

describe('scheduleState', () => {
  it.each([
    ['2026-11-23T07:59:59+08:00', 'closed', 'Monday before opening'],
    ['2026-11-23T08:00:00+08:00', 'open', 'Monday at opening'],
    ['2026-11-23T12:30:00+08:00', 'closed', 'Monday lunch break'],
    ['2026-11-23T17:59:00+08:00', 'open', 'Monday before closing'],
    ['2026-11-23T18:00:00+08:00', 'closed', 'Monday at closing (end is exclusive)'],
    ['2026-11-24T10:00:00+08:00', 'closed', 'Tuesday: not listed'],
    ['2026-11-28T23:59:00+08:00', 'open', 'Saturday until 24:00'],
    ['2026-10-05T10:00:00+08:00', 'holiday', 'inside a holiday range'],
    ['2027-01-01T10:00:00+08:00', 'holiday', 'a single holiday'],
    ['2026-10-03T11:00:00+08:00', 'open', 'a special day wins over the holiday'],
    ['2026-10-03T17:00:00+08:00', 'closed', 'a special day outside its hours'],
    ['2026-11-29T10:00:00+08:00', 'open', 'a make-up working Sunday'],
    // 02:00 UTC Monday is 10:00 in Shanghai: the instant is read in the schedule's zone, not the machine's.
    ['2026-11-23T02:00:00Z', 'open', 'a UTC instant'],
    ['2026-11-22T23:30:00Z', 'closed', 'Sunday 23:30 UTC is Monday 07:30 in Shanghai'],
  ])('%s is %s (%s)', (iso, state) => {
    expect(scheduleState(hours, at(iso), 'Asia/Shanghai')).toBe(state);
  });

  it('uses the zone it is given', () => {
    expect(scheduleState(hours, at('2026-11-23T11:00:00Z'), 'Europe/London')).toBe('open');
    expect(scheduleState(hours, at('2026-11-23T11:00:00Z'), 'Asia/Shanghai')).toBe('closed');
  });
});
