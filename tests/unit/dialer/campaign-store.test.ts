import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { campaignStatus, changeCampaign, createCampaign, recordDisposition } from '../../../src/dialer/campaign-commands.js';
import { HotlineError } from '../../../src/errors.js';
import { AttemptsRepo } from '../../../src/store/attempts-repo.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { DncRepo, GLOBAL_DNC } from '../../../src/store/dnc-repo.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';
import { storeOf } from '../../../src/store/store.js';

const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
// Tuesday 2026-11-24 10:00 in Shanghai.
const t0 = Date.parse('2026-11-24T02:00:00Z');

function thrown(fn: () => unknown): HotlineError {
  try {
    fn();
  } catch (err) {
    if (err instanceof HotlineError) return err;
    throw err;
  }
  throw new Error('expected a HotlineError');
}

describe('campaigns, leads and attempts in SQLite', () => {
  let db: Db;
  beforeEach(() => {
    db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-campaign-')), 'db.sqlite'));
  });

  it('rejects bad settings with the key that is wrong, and a duplicate name', () => {
    expect(thrown(() => createCampaign(storeOf(db), 'a', { maxLines: 0 }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'maxLines' });
    expect(thrown(() => createCampaign(storeOf(db), 'a', { timeZone: 'Mars/Base' }, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID', key: 'timeZone' });
    expect(thrown(() => createCampaign(storeOf(db), 'a', { retry: { byOutcome: { fax: { delayS: 1, maxPerDay: 1, maxTotal: 1 } } } } as never, t0))).toMatchObject({ code: 'CAMPAIGN_INVALID' });
    expect(thrown(() => createCampaign(storeOf(db), 'a', { ringTimeoutS: 10 }, t0))).toMatchObject({ key: 'ringTimeoutS' });
    createCampaign(storeOf(db), 'a', {}, t0);
    expect(thrown(() => createCampaign(storeOf(db), 'a', {}, t0)).code).toBe('CAMPAIGN_EXISTS');
  });

  it('start goes straight to running inside the window, to scheduled outside it; a finished campaign cannot restart', () => {
    const c = createCampaign(storeOf(db), 'c', {}, t0);
    expect(c.state).toBe('draft');
    expect(changeCampaign(storeOf(db), c.id, 'start', t0).state).toBe('running');
    expect(changeCampaign(storeOf(db), 'c', 'pause', t0).state).toBe('paused');
    // 22:00 in Shanghai is quiet time by default.
    expect(changeCampaign(storeOf(db), c.id, 'resume', t0 + 12 * 3_600_000).state).toBe('scheduled');
    expect(changeCampaign(storeOf(db), c.id, 'finish', t0).state).toBe('finished');
    expect(thrown(() => changeCampaign(storeOf(db), c.id, 'start', t0)).code).toBe('CAMPAIGN_BAD_TRANSITION');
    expect(thrown(() => changeCampaign(storeOf(db), 'nope', 'start', t0)).code).toBe('CAMPAIGN_NOT_FOUND');
  });

  it('picks callbacks, then retries, then new leads, only when due', () => {
    const c = createCampaign(storeOf(db), 'c', {}, t0);
    const leads = new LeadsRepo(db);
    const fresh = leads.insert({ campaignId: c.id, phone: '+8613900000001', now: t0 });
    const retry = leads.insert({ campaignId: c.id, phone: '+8613900000002', state: 'retry-wait', dueAt: t0 - 1, now: t0 });
    const later = leads.insert({ campaignId: c.id, phone: '+8613900000003', state: 'retry-wait', dueAt: t0 + 1, now: t0 });
    const callback = leads.insert({ campaignId: c.id, phone: '+8613900000004', state: 'callback-scheduled', dueAt: t0, now: t0 });
    leads.insert({ campaignId: c.id, phone: '+8613900000005', state: 'done-success', now: t0 });
    expect(leads.due(c.id, t0, 10).map((l) => l.id)).toEqual([callback, retry, fresh]);
    expect(leads.due(c.id, t0 + 1, 10).map((l) => l.id)).toEqual([callback, retry, later, fresh]);
  });

  it('claims a lead once: the second claim of the same due lead gets nothing', () => {
    const c = createCampaign(storeOf(db), 'c', {}, t0);
    const leads = new LeadsRepo(db);
    const attempts = new AttemptsRepo(db);
    leads.insert({ campaignId: c.id, phone: '+8613900000001', now: t0 });
    const [due] = leads.due(c.id, t0, 1);
    const a = attempts.claim(due!, 'dial-1', '2026-11-24', t0)!;
    expect(a).toMatchObject({ attemptNo: 1, reason: 'new', channelId: 'dial-1', dialedAt: t0 });
    expect(attempts.claim(due!, 'dial-2', '2026-11-24', t0)).toBeUndefined();
    expect(leads.get(due!.id)).toMatchObject({ state: 'dialing', attempts: 1, attemptsToday: 1, attemptsDay: '2026-11-24' });
    expect(leads.due(c.id, t0, 10)).toEqual([]);
  });

  it('a disposition decides the lead again: callback at a time, owned; do-not-call lists the number', () => {
    const c = createCampaign(storeOf(db), 'c', { windows: allDay, quietHours: [] }, t0);
    const leads = new LeadsRepo(db);
    const attempts = new AttemptsRepo(db);
    const id = leads.insert({ campaignId: c.id, phone: '+8613900000001', now: t0 });
    const a = attempts.claim(leads.due(c.id, t0, 1)[0]!, 'dial-1', '2026-11-24', t0)!;
    expect(thrown(() => recordDisposition(storeOf(db), { attemptId: a.id, disposition: 'success' }, t0)).code).toBe('DISPOSITION_INVALID');
    attempts.update(a.id, { connectedAt: t0, endedAt: t0 + 60_000, outcome: 'human', agentId: '1001' });
    expect(thrown(() => recordDisposition(storeOf(db), { attemptId: a.id, disposition: 'maybe' as never }, t0)).code).toBe('DISPOSITION_INVALID');
    expect(thrown(() => recordDisposition(storeOf(db), { attemptId: a.id, disposition: 'callback-at' }, t0)).code).toBe('DISPOSITION_INVALID');
    const at = t0 + 3_600_000;
    expect(recordDisposition(storeOf(db), { attemptId: a.id, disposition: 'callback-at', callbackAt: at, ownedBy: '1001' }, t0)).toMatchObject({ state: 'callback-scheduled', dueAt: at });
    expect(leads.get(id)).toMatchObject({ state: 'callback-scheduled', dueAt: at, callbackAt: at, callbackAgent: '1001', priority: 0 });
    recordDisposition(storeOf(db), { attemptId: a.id, disposition: 'dnc', notes: 'asked not to be called' }, t0);
    expect(leads.get(id)!.state).toBe('dnc');
    expect(new DncRepo(db).blocks('+8613900000001', 999)).toBe(true);
    expect(new DncRepo(db).list(GLOBAL_DNC)).toHaveLength(1);
    expect(attempts.get(a.id)).toMatchObject({ disposition: 'dnc', notes: 'asked not to be called' });
    expect(campaignStatus(storeOf(db), c.id, t0)).toMatchObject({ leads: { dnc: 1 }, attempts: 1 });
  });
});
