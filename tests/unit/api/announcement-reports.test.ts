import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fingerprintOf } from '../../../src/announcements/fingerprint.js';
import { labelAnnouncement } from '../../../src/announcement-library/library-commands.js';
import type { Role } from '../../../src/auth/roles.js';
import type { Store } from '../../../src/store/store.js';
import { voice, wav } from '../announcement-library/audio-fixtures.js';
import { harness, T0, type Harness } from './harness.js';

const roles: Role[] = ['admin', 'manager', 'supervisor', 'agent', 'read-only'];

describe('announcement reports and who may use the library', () => {
  let h: Harness;
  let s: Store;
  let c1: number;
  let c2: number;
  const ids: number[] = [];

  /** A dial of `phone` at `at` that heard announcement `seed` (new when knownId is null). */
  const dial = (campaignId: number, phone: string, at: number, heard?: { seed: number; knownId: number | null }) => {
    const leadId = s.leads.insert({ campaignId, phone, now: at });
    const due = s.leads.due(campaignId, at, 1000).find((l) => l.id === leadId)!;
    const attempt = s.attempts.claim(due, `ch-${phone}-${at}`, '2026-03-10', at)!;
    if (!heard) return null;
    const audio = voice(heard.seed);
    return s.announcements.recordHeard({ fingerprint: fingerprintOf(audio), audio, knownId: heard.knownId, score: null, channelId: attempt.channelId!, number: phone, campaignId, attemptId: attempt.id, at }).id;
  };

  beforeAll(async () => {
    h = await harness();
    s = h.api.store;
    c1 = s.campaigns.create('回访', {}, T0).id;
    c2 = s.campaigns.create('催缴', {}, T0).id;
    const day2 = T0 + 86_400_000;
    const vacant = dial(c1, '+8613800000001', T0, { seed: 1, knownId: null })!;
    dial(c1, '+8613800000002', T0 + 60_000, { seed: 1, knownId: vacant });
    dial(c1, '+8613800000003', T0 + 120_000);
    dial(c1, '+8613800000004', T0 + 180_000);
    const unknown = dial(c1, '+8613800000005', day2, { seed: 2, knownId: null })!;
    const suspended = dial(c2, '+8613800000006', T0, { seed: 3, knownId: null })!;
    dial(c2, '+8613800000001', T0 + 1000, { seed: 1, knownId: vacant });
    labelAnnouncement(s, { name: 'li' }, vacant, 'vacant', T0);
    labelAnnouncement(s, { name: 'li' }, suspended, 'suspended', T0);
    ids.push(vacant, unknown, suspended);
  });
  afterAll(async () => h.close());

  it('counts dials by announcement class per campaign per day', async () => {
    const r = await h.as('read-only', { method: 'GET', url: '/api/v1/reports/announcements?from=2026-03-10&to=2026-03-11' });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({
      timeZone: 'Asia/Shanghai',
      days: [
        { campaignId: c1, day: '2026-03-10', dials: 4, announcements: { vacant: 2 }, announcementRate: 0.5 },
        { campaignId: c1, day: '2026-03-11', dials: 1, announcements: { unknown: 1 }, announcementRate: 1 },
        { campaignId: c2, day: '2026-03-10', dials: 2, announcements: { vacant: 1, suspended: 1 }, announcementRate: 1 },
      ],
    });
    const one = (await h.as('manager', { method: 'GET', url: `/api/v1/reports/announcements?from=2026-03-10&to=2026-03-10&campaignId=${c2}` })).json();
    expect(one.days).toHaveLength(1);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/reports/announcements?from=2026-03-11&to=2026-03-10' })).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'to' } });
  });

  it('exports the numbers found vacant or suspended as CSV, masked for a supervisor', async () => {
    const r = await h.as('manager', { method: 'GET', url: '/api/v1/reports/list-hygiene' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/csv/);
    expect(r.headers['content-disposition']).toContain('list-hygiene.csv');
    const rows = parse(r.body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(rows.map((x) => [x.number, x.class, x.campaign, x.times_heard])).toEqual([
      ['+8613800000001', 'vacant', '回访', '1'],
      ['+8613800000001', 'vacant', '催缴', '1'],
      ['+8613800000002', 'vacant', '回访', '1'],
      ['+8613800000006', 'suspended', '催缴', '1'],
    ]);
    expect(rows[0]!.first_heard).toBe('2026-03-10 10:00:00');
    const only = parse((await h.as('manager', { method: 'GET', url: `/api/v1/reports/list-hygiene?campaignId=${c2}&from=2026-03-10&to=2026-03-10` })).body, { bom: true, columns: true }) as unknown[];
    expect(only).toHaveLength(2);
    const upTo = (to: string) => h.as('manager', { method: 'GET', url: `/api/v1/reports/list-hygiene?to=${to}` });
    expect(parse((await upTo('2026-03-10')).body, { bom: true, columns: true })).toHaveLength(4);
    expect(parse((await upTo('2026-03-09')).body, { bom: true, columns: true })).toHaveLength(0);
    expect((await upTo('2026-02-30')).json()).toMatchObject({ code: 'BAD_REQUEST', details: { field: 'to' } });
    const masked = parse((await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/list-hygiene' })).body, { bom: true, columns: true }) as Array<Record<string, string>>;
    expect(masked[0]!.number).not.toBe('+8613800000001');
    expect(masked[0]!.number).toMatch(/\*/);
  });

  const statuses = async (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: (r: Role) => string, body?: (r: Role) => object) => {
    const out: Record<string, number> = {};
    for (const r of roles) out[r] = (await h.as(r, { method, url: url(r), ...(body ? { payload: body(r) } : {}) })).statusCode;
    return out;
  };

  it('gives each role what the role table says', async () => {
    const readers = { admin: 200, manager: 200, supervisor: 200, agent: 403, 'read-only': 200 };
    expect(await statuses('GET', () => '/api/v1/announcements')).toEqual(readers);
    expect(await statuses('GET', () => `/api/v1/announcements/${ids[0]}`)).toEqual(readers);
    expect(await statuses('GET', () => `/api/v1/announcements/${ids[0]}/audio`)).toEqual(readers);
    expect(await statuses('GET', () => '/api/v1/reports/announcements?from=2026-03-10&to=2026-03-10')).toEqual(readers);
    expect(await statuses('GET', () => '/api/v1/reports/list-hygiene')).toEqual({ admin: 200, manager: 200, supervisor: 200, agent: 403, 'read-only': 403 });
    expect(await statuses('PATCH', () => `/api/v1/announcements/${ids[1]}`, () => ({ label: 'other' }))).toEqual({ admin: 200, manager: 200, supervisor: 200, agent: 403, 'read-only': 403 });
    // Each allowed role deletes its own imported announcement.
    const own: Record<string, number> = {};
    for (const r of roles) own[r] = s.announcements.importMany([{ fileName: `${r}.wav`, label: null, audio: voice(40), fingerprint: fingerprintOf(voice(40)) }], 'x', T0)[0]!;
    expect(await statuses('DELETE', (r) => `/api/v1/announcements/${own[r]}`)).toEqual({ admin: 200, manager: 200, supervisor: 200, agent: 403, 'read-only': 403 });
    const boundary = 'xx-roles';
    const form = `--${boundary}\r\nContent-Disposition: form-data; name="files"; filename="busy.wav"\r\nContent-Type: audio/wav\r\n\r\n`;
    const payload = Buffer.concat([Buffer.from(form), wav(voice(41)), Buffer.from(`\r\n--${boundary}--\r\n`)]);
    const imports: Record<string, number> = {};
    for (const r of roles) imports[r] = (await h.as(r, { method: 'POST', url: '/api/v1/announcements/import', headers: { 'content-type': `multipart/form-data; boundary=${boundary}` }, payload })).statusCode;
    expect(imports).toEqual({ admin: 201, manager: 201, supervisor: 403, agent: 403, 'read-only': 403 });
    expect((await h.as({ authorization: 'Bearer nope' }, { method: 'GET', url: '/api/v1/announcements' })).statusCode).toBe(401);
  });
});
