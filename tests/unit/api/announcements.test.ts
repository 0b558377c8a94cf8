import { closeSync, openSync, ftruncateSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/announcements/fingerprint.js';
import { parseWav } from '../../../src/announcement-library/wav.js';
import type { Role } from '../../../src/auth/roles.js';
import type { Store } from '../../../src/store/store.js';
import { voice, wav } from '../announcement-library/audio-fixtures.js';
import { harness, T0, type Harness } from './harness.js';

const boundary = '----hotline-ann-5c1e';

/** A multipart body with several file parts (bytes, or a file on disk streamed) and text fields first. */
function multipartFiles(files: Array<{ name: string; content?: Buffer; path?: string; field?: string }>, fields: Record<string, string> = {}) {
  async function* parts() {
    for (const [k, v] of Object.entries(fields)) yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`);
    for (const f of files) {
      yield Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${f.field ?? 'files'}"; filename="${f.name}"\r\nContent-Type: audio/wav\r\n\r\n`);
      if (f.path) {
        const { createReadStream } = await import('node:fs');
        for await (const c of createReadStream(f.path, { highWaterMark: 1 << 20 })) yield c as Buffer;
      } else yield f.content ?? Buffer.alloc(0);
      yield Buffer.from('\r\n');
    }
    yield Buffer.from(`--${boundary}--\r\n`);
  }
  return { headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload: Readable.from(parts()) };
}

describe('/api/v1/announcements', () => {
  let h: Harness;
  let s: Store;
  let campaign: number;
  const ids = { a: 0, b: 0, c: 0 };
  const lead: { id: number; attemptId: number } = { id: 0, attemptId: 0 };

  const heard = (seed: number, knownId: number | null, number: string, at: number, attemptId: number | null = null) => {
    const audio = voice(seed);
    return s.announcements.recordHeard({ fingerprint: fingerprintOf(audio), audio, knownId, score: null, channelId: `c-${number}-${at}`, number, campaignId: campaign, attemptId, at }).id;
  };
  const count = () => h.service.db.prepare('SELECT COUNT(*) FROM announcements').pluck().get() as number;
  const get = (who: Role, url: string) => h.as(who, { method: 'GET', url });

  beforeAll(async () => {
    h = await harness();
    s = h.api.store;
    campaign = s.campaigns.create('回访', {}, T0).id;
    lead.id = s.leads.insert({ campaignId: campaign, phone: '+8613800000001', now: T0 });
    const due = s.leads.due(campaign, T0, 10).find((l) => l.id === lead.id)!;
    lead.attemptId = s.attempts.claim(due, 'dial-1', '2026-03-10', T0)!.id;
    s.attempts.update(lead.attemptId, { endedAt: T0 + 6000 });
    s.leads.update(lead.id, { state: 'retry-wait', dueAt: T0 + 3_600_000 }, T0 + 6000);
    ids.a = heard(1, null, '+8613800000001', T0 + 5000, lead.attemptId);
    heard(1, ids.a, '+8613800000002', T0 + 7000);
    heard(1, ids.a, '+8613800000003', T0 + 8000);
    ids.b = heard(2, null, '+8613900000009', T0 + 9000);
    ids.c = heard(3, null, '+8613700000007', T0 + 9500);
  });
  afterAll(async () => h.close());

  it('lists the labelling queue, the most heard first, with how often and on which numbers; masked for a supervisor', async () => {
    const m = await get('manager', '/api/v1/announcements?status=unknown');
    expect(m.statusCode).toBe(200);
    const body = m.json();
    expect(body.total).toBe(3);
    expect(body.items[0]).toMatchObject({ id: ids.a, label: null, heardCount: 3, numberCount: 3, numbers: ['+8613800000003', '+8613800000002', '+8613800000001'], durationMs: 2000, source: 'heard', audio: `/api/v1/announcements/${ids.a}/audio` });
    const sup = (await get('supervisor', '/api/v1/announcements?status=unknown')).json();
    expect(sup.items[0].numbers[0]).not.toBe('+8613800000003');
    expect(sup.items[0].numbers[0]).toMatch(/\*/);
    expect((await get('agent', '/api/v1/announcements')).statusCode).toBe(403);
    expect((await get('read-only', '/api/v1/announcements')).statusCode).toBe(200);
    expect((await get('manager', '/api/v1/announcements?status=nope')).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'status' } });
  });

  it('gets one and plays its audio as WAV', async () => {
    expect((await get('supervisor', `/api/v1/announcements/${ids.b}`)).json()).toMatchObject({ id: ids.b, heardCount: 1 });
    const audio = await get('read-only', `/api/v1/announcements/${ids.b}/audio`);
    expect(audio.statusCode).toBe(200);
    expect(audio.headers['content-type']).toBe('audio/wav');
    expect(parseWav(audio.rawPayload, 'x.wav')).toEqual(voice(2));
    expect((await get('manager', '/api/v1/announcements/99999')).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await get('manager', '/api/v1/announcements/99999/audio')).statusCode).toBe(404);
  });

  it('labels one: the lead waiting on a retry because of it is closed, and the change is audited', async () => {
    const patch = (who: Role, id: number, body: unknown) => h.as(who, { method: 'PATCH', url: `/api/v1/announcements/${id}`, payload: body as object });
    expect((await patch('read-only', ids.a, { label: 'vacant' })).statusCode).toBe(403);
    expect((await patch('supervisor', ids.a, { label: 'dead' })).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'label' } });
    const r = await patch('supervisor', ids.a, { label: 'vacant' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ announcement: { id: ids.a, label: 'vacant', labelledBy: 'li-supervisor', labelledAt: T0 }, leadsClosed: 1 });
    expect(s.leads.get(lead.id)).toMatchObject({ state: 'invalid-number', lastOutcome: 'vacant' });
    const audit = (await get('admin', '/api/v1/audit?entity=announcement')).json().items[0];
    expect(audit).toMatchObject({ actor: 'li-supervisor', action: 'announcement.label', entityId: String(ids.a), after: { label: 'vacant', leadsClosed: 1 } });
    expect((await get('manager', '/api/v1/announcements?status=labelled')).json().items.map((i: { id: number }) => i.id)).toEqual([ids.a]);
  });

  it('merges one into another and deletes one', async () => {
    const merged = await h.as('supervisor', { method: 'POST', url: `/api/v1/announcements/${ids.b}/merge`, payload: { into: ids.a } });
    expect(merged.statusCode).toBe(200);
    expect(merged.json()).toMatchObject({ announcement: { id: ids.a, heardCount: 4, numberCount: 4 } });
    expect((await get('manager', `/api/v1/announcements/${ids.b}`)).json()).toMatchObject({ mergedInto: ids.a });
    expect((await h.as('supervisor', { method: 'POST', url: `/api/v1/announcements/${ids.b}/merge`, payload: { into: ids.a } })).json()).toMatchObject({ code: 'CONFLICT' });
    expect((await h.as('supervisor', { method: 'POST', url: `/api/v1/announcements/${ids.c}/merge`, payload: { into: 99999 } })).json()).toMatchObject({ code: 'NOT_FOUND' });
    expect((await h.as('read-only', { method: 'DELETE', url: `/api/v1/announcements/${ids.c}` })).statusCode).toBe(403);
    expect((await h.as('supervisor', { method: 'DELETE', url: `/api/v1/announcements/${ids.c}` })).json()).toEqual({ deleted: true });
    expect((await get('manager', `/api/v1/announcements/${ids.c}`)).statusCode).toBe(404);
    expect((await get('manager', '/api/v1/announcements?status=unknown')).json().total).toBe(0);
  });

  it('imports labelled WAV files, the label from each name or from the form', async () => {
    const r = await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'powered-off_cm.wav', content: wav(voice(11)) }, { name: '停机.wav', content: wav(voice(12), { format: 'alaw' }) }, { name: 'x.wav', content: wav(voice(13), { format: 'ulaw' }) }]) });
    expect(r.statusCode).toBe(201);
    expect(r.json().items.map((i: { fileName: string; label: string | null }) => [i.fileName, i.label])).toEqual([
      ['powered-off_cm.wav', 'powered-off'],
      ['停机.wav', 'suspended'],
      ['x.wav', null],
    ]);
    const forced = await h.as('admin', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'a.wav', content: wav(voice(14)) }], { label: 'busy' }) });
    expect(forced.json().items[0]).toMatchObject({ fileName: 'a.wav', label: 'busy' });
    const imported = (await get('manager', `/api/v1/announcements/${forced.json().items[0].id}`)).json();
    expect(imported).toMatchObject({ source: 'imported', fileName: 'a.wav', heardCount: 0, labelledBy: 'root' });
    expect((await h.as('supervisor', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'a.wav', content: wav(voice(14)) }]) })).statusCode).toBe(403);
  });

  it.each([
    ['not a WAV', 'notes.wav', Buffer.from('hello, this is text'), 422, 'ANNOUNCEMENT_NOT_WAV'],
    ['a 16 kHz file', 'wide.wav', wav(voice(1, 1000), { rate: 16000 }), 422, 'ANNOUNCEMENT_AUDIO_UNSUPPORTED'],
    ['an empty file', 'empty.wav', Buffer.alloc(0), 422, 'ANNOUNCEMENT_AUDIO_EMPTY'],
    ['a file over 60 s', 'long.wav', wav(voice(1, 61_000)), 422, 'ANNOUNCEMENT_TOO_LONG'],
  ])('refuses %s beside a good file, naming it, and imports nothing', async (_what, name, content, status, code) => {
    const before = count();
    const r = await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'vacant.wav', content: wav(voice(20)) }, { name, content }]) });
    expect(r.statusCode).toBe(status);
    expect(r.json()).toMatchObject({ code, details: { file: name } });
    expect(r.json().message).toContain(name);
    expect(count()).toBe(before);
  });

  it('refuses a 50 MB file once the size cap is read, not after reading it whole', async () => {
    const big = join(h.dir, 'huge.wav');
    const fd = openSync(big, 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const before = count();
    const r = await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'vacant.wav', content: wav(voice(21)) }, { name: 'huge.wav', path: big }]) });
    expect(r.statusCode).toBe(413);
    expect(r.json()).toMatchObject({ code: 'ANNOUNCEMENT_FILE_TOO_LARGE', details: { file: 'huge.wav', maxBytes: 5 * 1024 * 1024 } });
    expect(count()).toBe(before);
  });

  it('refuses an import whose files together pass api.upload.maxBytes', async () => {
    const before = count();
    const cap = h.config.api.upload.maxBytes;
    h.config.api.upload.maxBytes = 100_000;
    try {
      const r = await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'a.wav', content: wav(voice(30, 4000)) }, { name: 'b.wav', content: wav(voice(31, 4000)) }]) });
      expect(r.statusCode).toBe(413);
      expect(r.json()).toMatchObject({ code: 'UPLOAD_TOO_LARGE', details: { maxBytes: 100_000 } });
    } finally {
      h.config.api.upload.maxBytes = cap;
    }
    expect(count()).toBe(before);
  });

  it('refuses a form without files, or files in another field', async () => {
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([], { label: 'busy' }) })).json()).toMatchObject({ code: 'UPLOAD_INVALID' });
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'a.wav', content: wav(voice(1)), field: 'audio' }]) })).json()).toMatchObject({ code: 'UPLOAD_INVALID' });
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', payload: { files: [] } })).json()).toMatchObject({ code: 'UPLOAD_INVALID' });
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/announcements/import', ...multipartFiles([{ name: 'a.wav', content: wav(voice(1)) }], { label: 'nonsense' }) })).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'label' } });
  });
});
