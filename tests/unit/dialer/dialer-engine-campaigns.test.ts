import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { CallRecorder } from '../../../src/calls/call-recorder.js';
import { systemClock } from '../../../src/clock.js';
import type { CampaignCallDeps } from '../../../src/dialer/campaign-call.js';
import { changeCampaign, createCampaign } from '../../../src/dialer/campaign-commands.js';
import { DialerEngine } from '../../../src/dialer/dialer-engine.js';
import { AttemptsRepo } from '../../../src/store/attempts-repo.js';
import { CallbacksRepo } from '../../../src/store/callbacks-repo.js';
import { CampaignsRepo } from '../../../src/store/campaigns-repo.js';
import { openDb } from '../../../src/store/db.js';
import { DncRepo } from '../../../src/store/dnc-repo.js';
import { PacingRepo } from '../../../src/store/pacing-repo.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';
import { storeOf } from '../../../src/store/store.js';

// Tuesday 2026-11-24 in Shanghai: 10:00 is inside the default window, 22:00 is quiet time.
const ten = Date.parse('2026-11-24T02:00:00Z');
const ten_pm = Date.parse('2026-11-24T14:00:00Z');

/** The engine's campaign upkeep on a real SQLite file; no call is placed, so the telephony side is left out. */
function setup() {
  const db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-engine-')), 'db.sqlite'));
  let now = ten;
  const callbacks = new CallbacksRepo(db);
  const engine = new DialerEngine({
    campaigns: new CampaignsRepo(db),
    leads: new LeadsRepo(db),
    attempts: new AttemptsRepo(db),
    dnc: new DncRepo(db),
    recorder: {} as CallRecorder,
    call: {} as CampaignCallDeps,
    agents: { readyAgents: () => [], groupLoad: () => ({ ready: 0, onCall: [], wrapping: [], paused: 0 }), wrapUpS: () => 0 },
    pacing: new PacingRepo(db),
    clock: { ...systemClock, now: () => now },
    ivrCallbacks: { repo: callbacks, campaign: 'ivr-callbacks', group: 'general' },
    connected: () => false,
    channelExists: async () => false,
    hangup: async () => undefined,
    log: pino({ level: 'silent' }),
  });
  return { db, engine, callbacks, leads: new LeadsRepo(db), campaigns: new CampaignsRepo(db), at: (t: number) => (now = t) };
}

describe('the dialer keeps campaign states', () => {
  it('opens and closes with the window, never finishes an empty campaign, finishes one whose leads are all final', () => {
    const { db, engine, leads, campaigns, at } = setup();
    const c = createCampaign(storeOf(db), 'c', {}, ten);
    changeCampaign(storeOf(db), c.id, 'start', ten_pm);
    expect(campaigns.get(c.id).state).toBe('scheduled');
    at(ten);
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('running');
    at(ten_pm);
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('scheduled');
    at(ten);
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('running');
    const id = leads.insert({ campaignId: c.id, phone: '+8613900000001', now: ten });
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('running');
    leads.update(id, { state: 'done-success', dueAt: null }, ten);
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('finished');
  });

  it('at the deadline every waiting lead expires and the campaign finishes', () => {
    const { db, engine, leads, campaigns, at } = setup();
    const c = createCampaign(storeOf(db), 'c', { deadline: '2026-11-24T12:00:00+08:00' }, ten);
    changeCampaign(storeOf(db), c.id, 'start', ten);
    const a = leads.insert({ campaignId: c.id, phone: '+8613900000001', now: ten });
    const b = leads.insert({ campaignId: c.id, phone: '+8613900000002', state: 'retry-wait', dueAt: ten + 60_000, now: ten });
    at(Date.parse('2026-11-24T04:00:00Z'));
    engine.checkCampaigns();
    expect([leads.get(a)!.state, leads.get(b)!.state, campaigns.get(c.id).state]).toEqual(['expired', 'expired', 'finished']);
  });

  it('turns the callbacks the IVR owes into callback leads of a standing campaign, and cancels one it cannot dial', () => {
    const { engine, callbacks, leads, campaigns } = setup();
    callbacks.create({ number: '13800138000', reason: 'one-ring', now: ten });
    callbacks.create({ number: 'anonymous', reason: 'silent', now: ten });
    expect(engine.absorbIvrCallbacks()).toBe(1);
    const c = campaigns.get('ivr-callbacks');
    expect(c.state).toBe('running');
    expect(leads.byPhone(c.id, '+8613800138000')).toMatchObject({ state: 'callback-scheduled', priority: 0, dueAt: ten });
    expect(callbacks.pending()).toEqual([]);
    // Its only lead done, the standing campaign still does not finish.
    leads.update(leads.byPhone(c.id, '+8613800138000')!.id, { state: 'done-success', dueAt: null }, ten);
    engine.checkCampaigns();
    expect(campaigns.get(c.id).state).toBe('running');
  });
});
