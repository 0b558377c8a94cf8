/**
 * Recordings through the API with the stub port: the setting decides, the table is filled and finished, listings
 * follow the call-record visibility rules, audio streams (with ranges) to the roles that may listen, on-demand starts,
 * and retention removes old files on an injected clock.
 */
import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { purgeRecordings } from '../../../src/recordings/retention.js';
import { harness, T0, type Harness } from './harness.js';
import { seed, type Seed } from './seed.js';

const DAY = 86_400_000;
/** A small 8 kHz mono 16-bit WAV: the header and `samples` zero samples. */
function wav(samples: number): Buffer {
  const b = Buffer.alloc(44 + samples * 2);
  b.write('RIFF', 0);
  b.writeUInt32LE(36 + samples * 2, 4);
  b.write('WAVEfmt ', 8);
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(8000, 24);
  b.writeUInt32LE(16000, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36);
  b.writeUInt32LE(samples * 2, 40);
  return b;
}

describe('recordings', () => {
  let h: Harness;
  let s: Seed;
  let recordBridge: ReturnType<typeof vi.fn>;
  const get = (who: Parameters<Harness['as']>[0], url: string, headers: Record<string, string> = {}) => h.as(who, { method: 'GET', url, headers });
  const live = (channelId: string, agentId: string, bridgeId = `br-${channelId}`) => h.service.recordings.bridged({ channelId, legId: `leg-${channelId}`, bridgeId, agentId });

  beforeAll(async () => {
    h = await harness((c) => {
      c.recordings.inbound = 'all';
      c.recordings.byEntryNumber = { '4008005678': 'on-demand', '4008009999': 'none' };
      c.recordings.dir = join(dirname(c.store.path), 'rec');
      mkdirSync(c.recordings.dir);
    });
    s = seed(h);
    recordBridge = vi.fn(async () => undefined);
    (h.service.port as { recordBridge: unknown }).recordBridge = recordBridge;
  });
  afterAll(async () => h.close());

  it('migration 8 made the table', () => {
    expect(h.service.db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'recordings'").get()).toEqual({ name: 'recordings' });
  });

  it('records a bridged inbound call when its line says all, and finishes the row when the call ends, its size once the file stops growing', async () => {
    const parted = live(s.calls.agent1001, '1001');
    expect(recordBridge).toHaveBeenCalledWith('br-in-1001', { name: expect.stringMatching(/^rec-20260310T020000_000-in-1001$/), format: 'wav' });
    const row = h.service.recordingsRepo.open(s.calls.agent1001)!;
    expect(row).toMatchObject({ channelId: 'in-1001', legChannelId: 'leg-in-1001', bridgeId: 'br-in-1001', agentId: '1001', direction: 'inbound', mode: 'all', startedAt: T0, endedAt: null });
    expect(row.path).toBe(join(h.service.recordingsDir, `${row.name}.wav`));
    writeFileSync(row.path, wav(4000));
    h.clock.set(T0 + 60_000);
    parted();
    // Asterisk may still be writing at hang-up: no size yet, and the one read is of the finished file.
    expect(h.service.recordingsRepo.get(row.id)).toMatchObject({ endedAt: T0 + 60_000, size: null });
    writeFileSync(row.path, wav(8000));
    await vi.waitFor(() => expect(h.service.recordingsRepo.get(row.id)!.size).toBe(44 + 16_000), { timeout: 8000, interval: 200 });
    expect(h.service.recordingsRepo.get(row.id)!.endedAt).toBe(T0 + 60_000);
    h.clock.set(T0);
  });

  it('does not record a line set to none or on-demand, nor a campaign left at its default', () => {
    recordBridge.mockClear();
    h.service.repo.insert({ channelId: 'in-none', direction: 'inbound', startedAt: T0, callerNumber: '13900000021', calledNumber: '4008009999', entryNumber: '4008009999', agentId: '1001' });
    h.service.repo.insert({ channelId: 'in-od', direction: 'inbound', startedAt: T0, callerNumber: '13900000022', calledNumber: '4008005678', entryNumber: '4008005678', agentId: '1001' });
    h.service.repo.flush();
    live('in-none', '1001');
    live('in-od', '1001');
    // An attempt of campaign "main" (recording: none by default), though the inbound default is all.
    live(`ch-${s.leads.done}-1`, '1001');
    expect(recordBridge).not.toHaveBeenCalled();
  });

  it('records a campaign call when the campaign says all, with its attempt and campaign', async () => {
    const res = await h.as('manager', { method: 'PATCH', url: `/api/v1/campaigns/${s.main}`, payload: { settings: { recording: 'all' } } });
    expect(res.statusCode).toBe(200);
    expect((await h.as('manager', { method: 'PATCH', url: `/api/v1/campaigns/${s.main}`, payload: { settings: { recording: 'sometimes' } } })).json().details.field).toMatch(/recording/);
    const parted = live(`ch-${s.leads.retry}-1`, '1002');
    const row = h.service.recordingsRepo.open(`ch-${s.leads.retry}-1`)!;
    expect(row).toMatchObject({ attemptId: s.attempts.other, campaignId: s.main, agentId: '1002', mode: 'all' });
    writeFileSync(row.path, wav(4000));
    parted();
  });

  it('lists recordings as call records are listed: an agent their own, numbers masked where the role needs it', async () => {
    const all = (await get('admin', '/api/v1/recordings')).json();
    expect(all.items.map((r: { agentId: string }) => r.agentId)).toEqual(['1002', '1001']);
    expect(all.items[1]).toMatchObject({ customerNumber: '13900000011', audio: `/api/v1/recordings/${all.items[1].id}/audio` });
    expect(all.items[1].path).toBeUndefined();
    expect(all.items[0].customerNumber).toBe('+8613800138004');
    const sup = JSON.stringify((await get('supervisor', '/api/v1/recordings')).json());
    expect(sup).not.toContain('13900000011');
    expect(sup).toContain('139****0011');
    expect((await get('read-only', '/api/v1/recordings')).json().items[1].customerNumber).toBe('139****0011');
    expect((await get('agent', '/api/v1/recordings?agentId=1002')).json().items.map((r: { agentId: string }) => r.agentId)).toEqual(['1001']);
    expect((await get('admin', `/api/v1/recordings?campaignId=${s.main}`)).json().items).toHaveLength(1);
    expect((await get('admin', `/api/v1/recordings?attemptId=${s.attempts.other}`)).json().items).toHaveLength(1);
    expect((await get('admin', '/api/v1/recordings?direction=outbound')).json().items.map((r: { agentId: string }) => r.agentId)).toEqual(['1002']);
    expect((await get('admin', '/api/v1/recordings?limit=1')).json().next).toBe(all.items[0].id);
    expect((await get('admin', '/api/v1/recordings?from=soon')).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'from' } });
    expect((await get('agent2', `/api/v1/recordings/${all.items[1].id}`)).statusCode).toBe(404);
  });

  it('fills the recording link of calls and attempts that have one', async () => {
    const rec = (await get('admin', '/api/v1/recordings?channelId=in-1001')).json().items[0];
    const calls = (await get('admin', '/api/v1/calls')).json().items as Array<{ channelId: string; recording: string | null }>;
    expect(calls.find((c) => c.channelId === 'in-1001')!.recording).toBe(`/api/v1/recordings/${rec.id}/audio`);
    expect(calls.find((c) => c.channelId === 'in-ivr')!.recording).toBeNull();
    expect((await get('supervisor', '/api/v1/calls/in-1001')).json().recording).toBe(rec.audio);
    const other = (await get('admin', `/api/v1/attempts/${s.attempts.other}`)).json();
    expect(other.recording).toMatch(/^\/api\/v1\/recordings\/\d+\/audio$/);
    expect((await get('admin', `/api/v1/attempts/${s.attempts.admin}`)).json().recording).toBeNull();
    expect((await get('admin', `/api/v1/leads/${s.leads.retry}`)).json().attemptList[0].recording).toBe(other.recording);
  });

  it('streams the WAV to the roles that may listen, with ranges', async () => {
    const rec = (await get('admin', '/api/v1/recordings?channelId=in-1001')).json().items[0];
    for (const role of ['admin', 'manager', 'supervisor', 'agent'] as const) {
      const res = await get(role, rec.audio);
      expect(res.statusCode, role).toBe(200);
      expect(res.headers['content-type']).toBe('audio/wav');
      expect(res.headers['accept-ranges']).toBe('bytes');
      expect(res.rawPayload.length).toBe(16_044);
      expect(res.rawPayload.subarray(0, 4).toString()).toBe('RIFF');
    }
    expect((await get('read-only', rec.audio)).json()).toMatchObject({ code: 'FORBIDDEN' });
    expect((await get('agent2', rec.audio)).json()).toMatchObject({ code: 'NOT_FOUND', details: { field: 'id' } });
    const part = await get('supervisor', rec.audio, { range: 'bytes=0-11' });
    expect([part.statusCode, part.headers['content-range'], part.rawPayload]).toEqual([206, 'bytes 0-11/16044', wav(8000).subarray(0, 12)]);
    const tail = await get('supervisor', rec.audio, { range: 'bytes=-4' });
    expect([tail.statusCode, tail.rawPayload.length]).toEqual([206, 4]);
    const beyond = await get('supervisor', rec.audio, { range: 'bytes=20000-' });
    expect([beyond.statusCode, beyond.json().code, beyond.headers['content-range']]).toEqual([416, 'RANGE_NOT_SATISFIABLE', 'bytes */16044']);
  });

  it('an unknown id is 404 NOT_FOUND; a row whose file is gone is 404 RECORDING_FILE_GONE', async () => {
    expect((await get('admin', '/api/v1/recordings/9999/audio')).json()).toMatchObject({ code: 'NOT_FOUND', details: { field: 'id' } });
    expect((await get('admin', '/api/v1/recordings/9999')).statusCode).toBe(404);
    expect((await get('admin', '/api/v1/recordings/abc/audio')).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'id' } });
    const rec = (await get('admin', `/api/v1/recordings?agentId=1002`)).json().items[0];
    rmSync(h.service.recordingsRepo.get(rec.id)!.path);
    const res = await get('admin', rec.audio);
    expect([res.statusCode, res.json().code]).toEqual([404, 'RECORDING_FILE_GONE']);
  });

  it('on demand: the agent on the call or a supervisor starts it once; refused when not with an agent or set to none', async () => {
    recordBridge.mockClear();
    expect((await h.as('agent2', { method: 'POST', url: '/api/v1/calls/in-od/recording' })).statusCode).toBe(404);
    expect((await h.as('read-only', { method: 'POST', url: '/api/v1/calls/in-od/recording' })).statusCode).toBe(403);
    const first = await h.as('agent', { method: 'POST', url: '/api/v1/calls/leg-in-od/recording' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ channelId: 'in-od', mode: 'on-demand', startedBy: 'agent-1001', agentId: '1001', customerNumber: '13900000022' });
    expect(recordBridge).toHaveBeenCalledTimes(1);
    const again = await h.as('supervisor', { method: 'POST', url: '/api/v1/calls/in-od/recording' });
    expect([again.statusCode, again.json().id, again.json().customerNumber]).toEqual([200, first.json().id, '139****0022']);
    expect(recordBridge).toHaveBeenCalledTimes(1);
    // Started once, audited once, with who started it.
    const audited = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=recording' })).json().items;
    expect(audited, JSON.stringify(audited)).toEqual([expect.objectContaining({ action: 'recording.start', actor: 'agent-1001', entityId: 'in-od' })]);
    const none = await h.as('admin', { method: 'POST', url: '/api/v1/calls/in-none/recording' });
    expect([none.statusCode, none.json().code, none.json().details.reason]).toEqual([409, 'RECORDING_UNAVAILABLE', 'setting-none']);
    const idle = await h.as('admin', { method: 'POST', url: '/api/v1/calls/in-ivr/recording' });
    expect([idle.statusCode, idle.json().code, idle.json().details]).toEqual([409, 'RECORDING_UNAVAILABLE', { field: 'channelId', reason: 'not-bridged' }]);
  });

  it('a recording Asterisk refuses leaves no audio behind in the listings', async () => {
    recordBridge.mockRejectedValueOnce(new Error('Bridge not found'));
    h.service.repo.insert({ channelId: 'in-fail', direction: 'inbound', startedAt: T0, callerNumber: '13900000023', calledNumber: '4008001234', entryNumber: '4008001234', agentId: '1001' });
    live('in-fail', '1001');
    await vi.waitFor(async () => expect(await refusedAndHidden(h)).toBe(true));
  });

  it('retention deletes files older than retentionDays and marks their rows; newer ones stay', async () => {
    const repo = h.service.recordingsRepo;
    const mk = (name: string, at: number) => {
      const path = join(h.service.recordingsDir, `${name}.wav`);
      writeFileSync(path, wav(10));
      return repo.insert({ name, channelId: `old-${name}`, legChannelId: null, bridgeId: null, attemptId: null, campaignId: null, agentId: '1001', direction: 'inbound', mode: 'all', startedBy: null, startedAt: at, path });
    };
    const old = mk('old', T0 - 31 * DAY);
    const edge = mk('edge', T0 - 30 * DAY + 1);
    h.clock.set(T0);
    const marked = purgeRecordings({ recordings: repo, retentionDays: h.config.recordings.retentionDays, clock: h.clock, log: createLogger('silent') });
    expect(marked).toBe(1);
    expect(existsSync(old.path)).toBe(false);
    expect(repo.get(old.id)!.deletedAt).toBe(T0);
    expect(existsSync(edge.path)).toBe(true);
    // A day later the second one has aged out too; a file already missing is marked all the same.
    h.clock.set(T0 + DAY);
    rmSync(edge.path);
    expect(purgeRecordings({ recordings: repo, retentionDays: 30, clock: h.clock, log: createLogger('silent') })).toBe(1);
    expect(repo.get(edge.id)!.deletedAt).toBe(T0 + DAY);
    h.clock.set(T0);
    const listed = (await get('admin', '/api/v1/recordings?agentId=1001')).json().items.map((r: { id: number }) => r.id);
    expect(listed).not.toContain(old.id);
    const withDeleted = (await get('admin', '/api/v1/recordings?agentId=1001&includeDeleted=true')).json().items;
    expect(withDeleted.find((r: { id: number }) => r.id === old.id)).toMatchObject({ deletedAt: T0, audio: null });
    expect((await get('admin', `/api/v1/recordings/${old.id}/audio`)).json()).toMatchObject({ code: 'RECORDING_FILE_GONE', details: { deletedAt: T0 } });
  });
});

async function refusedAndHidden(h: Harness): Promise<boolean> {
  const row = h.service.db.prepare("SELECT deleted_at AS d FROM recordings WHERE channel_id = 'in-fail'").get() as { d: number | null } | undefined;
  return row !== undefined && row.d !== null && (await h.as('admin', { method: 'GET', url: '/api/v1/recordings?channelId=in-fail' })).json().items.length === 0;
}
