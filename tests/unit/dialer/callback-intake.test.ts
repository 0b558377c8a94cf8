import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { CallbackIntake } from '../../../src/dialer/callback-intake.js';
import { createLogger } from '../../../src/log/logger.js';
import { CallbacksRepo } from '../../../src/store/callbacks-repo.js';
import { CampaignsRepo } from '../../../src/store/campaigns-repo.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';

const t0 = Date.parse('2026-11-24T02:00:00Z'); // Tuesday 10:00 in Shanghai

// Issue 17 item 4: absorbing IVR callbacks reset any lead to callback-scheduled whatever its state or attempts, and
// took any number a caller keyed, international and premium included.
describe('the IVR callback intake', () => {
  let db: Db;
  let callbacks: CallbacksRepo;
  let leads: LeadsRepo;
  let campaignId: number;
  let intake: CallbackIntake;
  beforeEach(() => {
    db = openDb(join(mkdtempSync(join(tmpdir(), 'hotline-intake-')), 'db.sqlite'));
    callbacks = new CallbacksRepo(db);
    leads = new LeadsRepo(db);
    const campaigns = new CampaignsRepo(db);
    campaignId = campaigns.create('ivr-callbacks', { kind: 'follow-up', mode: 'progressive', skillGroup: 'general' }, t0).id;
    intake = new CallbackIntake({ callbacks, campaigns, leads, campaign: 'ivr-callbacks', group: 'general', clock: { now: () => t0 } as never, log: createLogger('silent') });
  });
  const stateOf = (id: number) => leads.get(id)!.state;
  const settled = () => db.prepare('SELECT number, state FROM callbacks ORDER BY id').all();

  it('takes a national number and schedules it', () => {
    callbacks.create({ number: '13800138000', reason: 'ivr', now: t0 });
    expect(intake.absorb()).toBe(1);
    expect(leads.byPhone(campaignId, '+8613800138000')).toMatchObject({ state: 'callback-scheduled', callbackAt: t0 });
  });

  it('cancels a callback to an international, 400 or premium number, and dials none of them', () => {
    for (const number of ['0012125551234', '+447700900123', '4008001234']) callbacks.create({ number, reason: 'ivr', now: t0 });
    expect(intake.absorb()).toBe(0);
    expect(settled()).toEqual([
      { number: '0012125551234', state: 'cancelled' },
      { number: '+447700900123', state: 'cancelled' },
      { number: '4008001234', state: 'cancelled' },
    ]);
    expect(leads.ofCampaign(campaignId)).toEqual([]);
  });

  it.each(['done-success', 'done-failed', 'wrong-party', 'invalid-number', 'dnc', 'expired'] as const)('never revives a %s lead', (state) => {
    const id = leads.insert({ campaignId, phone: '+8613800138000', state, now: t0 - 1000 });
    callbacks.create({ number: '13800138000', reason: 'ivr', now: t0 });
    expect(intake.absorb()).toBe(0);
    expect(stateOf(id)).toBe(state);
    expect(settled()).toEqual([{ number: '13800138000', state: 'cancelled' }]);
  });

  it('never reschedules a lead past its attempt limit', () => {
    const id = leads.insert({ campaignId, phone: '+8613800138000', state: 'retry-wait', dueAt: t0 + 3_600_000, now: t0 - 1000 });
    db.prepare('UPDATE leads SET attempts = 9 WHERE id = ?').run(id);
    callbacks.create({ number: '13800138000', reason: 'ivr', now: t0 });
    expect(intake.absorb()).toBe(0);
    expect(leads.get(id)).toMatchObject({ state: 'retry-wait', dueAt: t0 + 3_600_000 });
  });

  it('calls back at most 3 different numbers a day for one caller; the 4th is cancelled, the same number is not', () => {
    const call = (channel: string, caller: string, at: number) =>
      db.prepare("INSERT INTO calls (channel_id, direction, caller_number, started_at, updated_at) VALUES (?, 'inbound', ?, ?, ?)").run(channel, caller, at, at);
    const keyed = ['13800138001', '13800138002', '13800138003', '13800138004'];
    keyed.forEach((number, i) => {
      call(`in-${i}`, '13911112222', t0 - 1000 + i);
      callbacks.create({ number, reason: 'ivr', sourceChannelId: `in-${i}`, now: t0 - 1000 + i });
    });
    // Another caller is not affected, and the same caller asking again for a number already called back is allowed.
    call('in-other', '13733334444', t0);
    callbacks.create({ number: '13800138009', reason: 'ivr', sourceChannelId: 'in-other', now: t0 });
    expect(intake.absorb()).toBe(4);
    call('in-again', '13911112222', t0 + 1);
    callbacks.create({ number: '13800138002', reason: 'ivr', sourceChannelId: 'in-again', now: t0 + 1 });
    expect(intake.absorb()).toBe(1);
    expect(settled()).toEqual([
      { number: '13800138001', state: 'dialing' },
      { number: '13800138002', state: 'dialing' },
      { number: '13800138003', state: 'dialing' },
      { number: '13800138004', state: 'cancelled' },
      { number: '13800138009', state: 'dialing' },
      { number: '13800138002', state: 'dialing' },
    ]);
  });

  it('moves an open lead within its limits to the callback, and waits for one on a call', () => {
    const open = leads.insert({ campaignId, phone: '+8613800138000', state: 'retry-wait', dueAt: t0 + 3_600_000, now: t0 - 1000 });
    const busy = leads.insert({ campaignId, phone: '+8613900139000', state: 'dialing', now: t0 - 1000 });
    callbacks.create({ number: '13800138000', reason: 'ivr', now: t0 });
    callbacks.create({ number: '13900139000', reason: 'ivr', now: t0 });
    expect(intake.absorb()).toBe(1);
    expect(leads.get(open)).toMatchObject({ state: 'callback-scheduled', dueAt: t0 });
    expect(stateOf(busy)).toBe('dialing');
    expect(settled()).toEqual([
      { number: '13800138000', state: 'dialing' },
      { number: '13900139000', state: 'pending' },
    ]);
  });
});
