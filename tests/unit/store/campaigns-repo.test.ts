import { describe, expect, it } from 'vitest';
import { changeCampaign, createCampaign } from '../../../src/dialer/campaign-commands.js';
import type { Db } from '../../../src/store/db.js';
import type { Store } from '../../../src/store/store.js';
import { useTempStore } from '../support/temp-store.js';

const t0 = Date.parse('2026-12-08T01:00:00Z');

describe('campaigns by state', () => {
  let db: Db;
  let s: Store;
  useTempStore('hotline-campaigns-', (t) => ({ db, s } = t));

  it('lists the campaigns in the states asked for, asked again and again with other states (the dialer asks every tick)', () => {
    const a = createCampaign(s, 'a', {}, t0);
    const b = createCampaign(s, 'b', {}, t0);
    createCampaign(s, 'c', {}, t0);
    changeCampaign(s, a.id, 'start', t0);
    changeCampaign(s, b.id, 'start', t0);
    changeCampaign(s, b.id, 'pause', t0);
    const names = (states: Parameters<Store['campaigns']['inStates']>[0]) => s.campaigns.inStates(states).map((c) => c.name);
    expect(names(['running'])).toEqual(['a']);
    expect(names(['paused'])).toEqual(['b']);
    expect(names(['running', 'paused'])).toEqual(['a', 'b']);
    expect(names(['draft'])).toEqual(['c']);
    changeCampaign(s, b.id, 'resume', t0);
    expect(names(['running'])).toEqual(['a', 'b']);
    expect(names(['running'])[0]).toBe('a');
    expect(s.campaigns.inStates(['running'])[1]!.settings).toEqual(b.settings);
  });
});
