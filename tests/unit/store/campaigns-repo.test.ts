import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { changeCampaign, createCampaign } from '../../../src/dialer/campaign-commands.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { storeOf, type Store } from '../../../src/store/store.js';

const t0 = Date.parse('2026-12-08T01:00:00Z');

describe('campaigns by state', () => {
  let dir: string;
  let db: Db;
  let s: Store;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-campaigns-'));
    db = openDb(join(dir, 'h.db'));
    s = storeOf(db);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

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
