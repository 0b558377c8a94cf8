import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { createCampaign } from '../../../src/dialer/campaign-commands.js';
import { openDb } from '../../../src/store/db.js';
import { storeOf } from '../../../src/store/store.js';

const t0 = Date.parse('2026-11-24T02:00:00Z');
const store = () => storeOf(openDb(join(mkdtempSync(join(tmpdir(), 'hotline-bounds-')), 'db.sqlite')));
const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; key: string };
  }
  return undefined;
};

// Issue 17 item 7: trunk accepted any string (PJSIP/<n>@<trunk> could be steered past DNC), and campaign settings
// had unbounded arrays, recompiled on every dialer tick.
describe('campaign settings bounds', () => {
  it.each(['carrier/sip:0012125551234@evil.example', 'carrier&PJSIP/other', 'a b', 'x@y', ''])('refuses the trunk %j', (trunk) => {
    expect(refusal(() => createCampaign(store(), 'c', { trunk }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'trunk' });
  });

  it('takes an endpoint name', () => {
    expect(createCampaign(store(), 'c', { trunk: 'carrier-2.backup' }, t0).settings.trunk).toBe('carrier-2.backup');
  });

  it('refuses a steerable trunk in the config too', () => {
    expect(refusal(() => validateConfig({ ari: { password: 'x' }, telephony: { trunk: 'carrier/sip:1@evil.example' } }))).toMatchObject({ code: 'CONFIG_INVALID', key: 'telephony.trunk' });
  });

  it('bounds the calendar arrays', () => {
    const holidays = Array.from({ length: 1001 }, (_, i) => `2027-01-${String((i % 28) + 1).padStart(2, '0')}`);
    expect(refusal(() => createCampaign(store(), 'c', { holidays }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'holidays' });
    const quietHours = Array.from({ length: 25 }, () => ({ from: '12:00', to: '13:00' }));
    expect(refusal(() => createCampaign(store(), 'c', { quietHours }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'quietHours' });
    const windows = { mon: Array.from({ length: 25 }, () => ({ from: '09:00', to: '10:00' })) };
    expect(refusal(() => createCampaign(store(), 'c', { windows }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'windows.mon' });
  });
});
