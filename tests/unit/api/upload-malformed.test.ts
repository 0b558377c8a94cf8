import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';
import { multipartBody } from './multipart.js';

const part = '--XX\r\nContent-Disposition: form-data; name="file"; filename="a.csv"\r\nContent-Type: text/csv\r\n\r\nphone\r\n13800138000\r\n';

// Issue 17 item 10: malformed multipart bodies got a 500, and a UTF-16 CSV without a BOM was refused as binary.
describe('list uploads', () => {
  let h: Harness;
  let campaign: number;
  beforeAll(async () => {
    h = await harness();
    campaign = h.service.campaigns.create('uploads', {}, T0).id;
  });
  afterAll(async () => h.close());
  const leads = () => h.service.db.prepare('SELECT COUNT(*) FROM leads').pluck().get();
  const upload = (contentType: string, payload: string | Buffer) =>
    h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${campaign}/lists`, headers: { 'content-type': contentType }, payload });

  it.each([
    ['a body cut before the closing boundary', 'multipart/form-data; boundary=XX', part],
    ['multipart/form-data with no boundary', 'multipart/form-data', `${part}--XX--\r\n`],
    ['a boundary the body does not use', 'multipart/form-data; boundary=YY', `${part}--XX--\r\n`],
  ])('%s: 400 UPLOAD_INVALID, nothing imported', async (_what, type, body) => {
    const before = leads();
    const r = await upload(type, body);
    expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([400, 'UPLOAD_INVALID', 'file']);
    expect(leads()).toBe(before);
  });

  it.each([
    ['utf-16le', (s: string) => Buffer.from(s, 'utf16le')],
    ['utf-16be', (s: string) => Buffer.from(s, 'utf16le').swap16()],
  ] as const)('a %s CSV without a BOM is imported', async (encoding, encode) => {
    const csv = encode(`姓名,电话\r\n张三,1380013800${encoding === 'utf-16le' ? 1 : 2}\r\n李四,1390013900${encoding === 'utf-16le' ? 1 : 2}\r\n`);
    const { headers, payload } = multipartBody({ name: `${encoding}.csv`, content: csv });
    const r = await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${campaign}/lists`, headers, payload });
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ rows: 2, imported: 2, invalidCount: 0 });
  });
});

// Found by the fuzz of every route (fuzz-every-route.test.ts): the announcement import answered a cut body with a 500.
describe('announcement imports', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
  });
  afterAll(async () => h.close());
  const wavPart = '--XX\r\nContent-Disposition: form-data; name="files"; filename="vacant_1.wav"\r\nContent-Type: audio/wav\r\n\r\nRIFF\x24\x00\x00\x00WAVEfmt ';

  it.each([
    ['a body cut before the closing boundary', 'multipart/form-data; boundary=XX', wavPart],
    ['a boundary the body does not use', 'multipart/form-data; boundary=YY', `${wavPart}\r\n--XX--\r\n`],
  ])('%s: 400 UPLOAD_INVALID, nothing imported', async (_what, type, body) => {
    const count = () => h.service.db.prepare('SELECT COUNT(*) FROM announcements').pluck().get();
    const before = count();
    const r = await h.as('admin', { method: 'POST', url: '/api/v1/announcements/import', headers: { 'content-type': type }, payload: body });
    expect([r.statusCode, r.json().code]).toEqual([400, 'UPLOAD_INVALID']);
    expect(count()).toBe(before);
  });
});
