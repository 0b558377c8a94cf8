import { describe, expect, it } from 'vitest';
import { parseByteRange } from '../../../src/api/byte-range.js';
import { validateConfig } from '../../../src/config/load.js';
import { campaignSettingsSchema } from '../../../src/dialer/campaign-settings.js';
import { isHotlineError } from '../../../src/errors.js';
import { recordingModeFor, recordingName, recordingsDirOf } from '../../../src/recordings/recording-mode.js';
import { retentionCutoff } from '../../../src/recordings/retention.js';

const settings = { inbound: 'none' as const, byEntryNumber: { '4008001234': 'all' as const, '4008005678': 'on-demand' as const } };

describe('recording settings', () => {
  it('a campaign setting wins; an inbound call goes by its entry number, else the default', () => {
    expect(recordingModeFor(settings, { campaignMode: 'none', entryNumber: '4008001234' })).toBe('none');
    expect(recordingModeFor(settings, { campaignMode: 'all', entryNumber: null })).toBe('all');
    expect(recordingModeFor(settings, { entryNumber: '4008001234' })).toBe('all');
    expect(recordingModeFor(settings, { entryNumber: '+4008005678' })).toBe('on-demand');
    expect(recordingModeFor(settings, { entryNumber: '4009999999' })).toBe('none');
    expect(recordingModeFor({ ...settings, inbound: 'all' }, { entryNumber: null })).toBe('all');
  });

  it('campaigns default to none and take all or on-demand', () => {
    expect(campaignSettingsSchema.parse({}).recording).toBe('none');
    expect(campaignSettingsSchema.parse({ recording: 'all' }).recording).toBe('all');
    expect(campaignSettingsSchema.safeParse({ recording: 'some' }).success).toBe(false);
  });

  it('config: defaults, the lab spool as the directory, and a retention under 30 days names the key', () => {
    const c = validateConfig({ ari: { password: 'x' } });
    expect(c.recordings).toMatchObject({ inbound: 'none', byEntryNumber: {}, retentionDays: 30, asteriskDir: '/var/spool/asterisk/recording' });
    expect(recordingsDirOf(c.recordings, '/srv/hotline/.lab/root')).toBe('/srv/hotline/.lab/root/var/spool/asterisk/recording');
    expect(recordingsDirOf({ ...c.recordings, dir: '/data/rec' }, '/x')).toBe('/data/rec');
    for (const [raw, key] of [
      [{ retentionDays: 29 }, 'recordings.retentionDays'],
      [{ inbound: 'sometimes' }, 'recordings.inbound'],
      [{ byEntryNumber: { '4008001234': 'maybe' } }, 'recordings.byEntryNumber.4008001234'],
      [{ asteriskDir: 'spool' }, 'recordings.asteriskDir'],
    ] as const) {
      try {
        validateConfig({ ari: { password: 'x' }, recordings: raw });
        expect.unreachable();
      } catch (err) {
        expect(isHotlineError(err, 'CONFIG_INVALID')).toBe(true);
        expect((err as { key: string }).key).toBe(key);
      }
    }
  });

  it('names are safe for a URL and Asterisk, and sort by time', () => {
    const at = Date.parse('2026-03-10T02:00:00Z');
    expect(recordingName('1741572000.42', at)).toBe('rec-20260310T020000_000-1741572000_42');
    expect(recordingName('leg-a/b', at)).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('retention cuts off whole days back from now', () => {
    expect(retentionCutoff(Date.parse('2026-04-10T00:00:00Z'), 30)).toBe(Date.parse('2026-03-11T00:00:00Z'));
  });
});

describe('byte ranges', () => {
  it.each([
    [undefined, null],
    ['bytes=0-9', { start: 0, end: 9 }],
    ['bytes=10-', { start: 10, end: 99 }],
    ['bytes=-10', { start: 90, end: 99 }],
    ['bytes=90-500', { start: 90, end: 99 }],
    ['bytes=0-1,5-6', { start: 0, end: 1 }],
    ['bytes=100-', 'unsatisfiable'],
    ['bytes=9-3', 'unsatisfiable'],
    ['bytes=-0', 'unsatisfiable'],
    ['items=0-1', null],
    ['bytes=-', null],
  ])('%s of 100 bytes', (header, want) => {
    expect(parseByteRange(header, 100)).toEqual(want);
  });
});
