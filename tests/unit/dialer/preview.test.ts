import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { changeCampaign, createCampaign } from '../../../src/dialer/campaign-commands.js';
import { PREVIEW_HOLD_MS, previewDial, previewNext, previewSkip } from '../../../src/dialer/preview.js';
import { HotlineError } from '../../../src/errors.js';
import { openDb } from '../../../src/store/db.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';
import { storeOf } from '../../../src/store/store.js';

const t0 = Date.parse('2026-11-24T02:00:00Z');
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

function setup(mode: 'preview' | 'progressive' = 'preview') {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-preview-')), 'db.sqlite'));
  const c = createCampaign(storeOf(db), 'p', { mode, windows: allDay, quietHours: [] }, t0);
  const leads = new LeadsRepo(db);
  const ids = ['+8613900000001', '+8613900000002', '+8613900000003'].map((phone, i) => leads.insert({ campaignId: c.id, phone, name: `客户${i + 1}`, now: t0 - 3000 + i }));
  changeCampaign(storeOf(db), c.id, 'start', t0);
  return { db, c, leads, ids };
}

const codeOf = (f: () => unknown) => {
  try {
    f();
    return 'ok';
  } catch (e) {
    return e instanceof HotlineError ? `${e.code}:${e.key}` : String(e);
  }
};

describe('preview dialing', () => {
  it('holds the next lead for the agent who asks, gives another agent the one after, and the same one again on asking twice', () => {
    const { db, c, leads, ids } = setup();
    const a = previewNext(storeOf(db), c.id, '1001', t0)!;
    expect(a).toMatchObject({ id: ids[0], name: '客户1', state: 'queued', callbackAgent: '1001' });
    expect(previewNext(storeOf(db), c.id, '1001', t0 + 1000)!.id).toBe(ids[0]);
    expect(previewNext(storeOf(db), c.name, '1002', t0)!.id).toBe(ids[1]);
    // The dialer sees nothing to dial until an agent says so.
    expect(leads.dueChosen(c.id, t0, 10)).toEqual([]);
  });

  it('dial hands the lead to the dialer for that agent only; skip puts it back behind the leads already due', () => {
    const { db, c, leads, ids } = setup();
    previewNext(storeOf(db), c.id, '1001', t0);
    previewDial(storeOf(db), ids[0]!, '1001', t0 + 5000);
    expect(leads.dueChosen(c.id, t0 + 5000, 10)).toMatchObject([{ id: ids[0], callbackAgent: '1001', state: 'new' }]);
    previewNext(storeOf(db), c.id, '1002', t0);
    previewSkip(storeOf(db), ids[1]!, '1002', t0 + 6000);
    expect(leads.get(ids[1]!)).toMatchObject({ state: 'new', callbackAgent: null, dueAt: t0 + 6000 });
    expect(leads.due(c.id, t0 + 6000, 10).map((l) => l.id)).toEqual([ids[2], ids[0], ids[1]]);
  });

  it('refuses what does not fit, naming it: a lead another agent holds, an unknown lead, a campaign that is not in preview mode', () => {
    const { db, c, ids } = setup();
    previewNext(storeOf(db), c.id, '1001', t0);
    expect(codeOf(() => previewDial(storeOf(db), ids[0]!, '1002', t0))).toBe('PREVIEW_INVALID:agentId');
    expect(codeOf(() => previewSkip(storeOf(db), 999, '1001', t0))).toBe('PREVIEW_INVALID:leadId');
    const other = setup('progressive');
    expect(codeOf(() => previewNext(storeOf(other.db), other.c.id, '1001', t0))).toBe('PREVIEW_INVALID:campaign');
  });

  it('a preview left on screen goes back to the list after the hold time', () => {
    const { db, c, leads, ids } = setup();
    previewNext(storeOf(db), c.id, '1001', t0);
    expect(leads.releaseStalePreviews(c.id, t0 + PREVIEW_HOLD_MS - 1 - PREVIEW_HOLD_MS, t0 + PREVIEW_HOLD_MS)).toBe(0);
    expect(leads.releaseStalePreviews(c.id, t0 + 1, t0 + PREVIEW_HOLD_MS + 1)).toBe(1);
    expect(leads.get(ids[0]!)).toMatchObject({ state: 'new', callbackAgent: null });
  });
});
