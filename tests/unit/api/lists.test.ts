import { closeSync, mkdirSync, openSync, readdirSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';
import { multipartBody, multipartWithoutFile } from './multipart.js';

describe('list upload', () => {
  let h: Harness;
  let campaign: number;
  let uploads: string;
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.upload.tmpDir = join(c.store.path, '..', 'uploads');
      c.api.upload.maxBytes = 32 * 1024 * 1024;
    });
    uploads = h.config.api.upload.tmpDir!;
    mkdirSync(uploads);
    campaign = h.service.campaigns.create('回访', {}, Date.now()).id;
    h.service.dnc.add('+8613900000009', 0, 'refused', Date.now());
  });
  afterAll(async () => h.close());

  const counts = () => ({
    leads: h.service.db.prepare('SELECT COUNT(*) FROM leads').pluck().get(),
    imports: h.service.db.prepare('SELECT COUNT(*) FROM imports').pluck().get(),
    audit: h.service.db.prepare("SELECT COUNT(*) FROM audit_log WHERE entity = 'list'").pluck().get(),
  });
  const upload = (file: Parameters<typeof multipartBody>[0], id = campaign) => h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${id}/lists`, ...multipartBody(file) });

  it('imports a GBK CSV and returns the import report, and audits who loaded it', async () => {
    const csv = iconv.encode('姓名,手机,备注\n甲,13800138000,VIP\n乙,+86 139-0000-0003,\n丙,12345,\n丁,0086 13800138000,\n戊,13900000009,\n', 'gbk');
    const r = await upload({ name: '客户名单.csv', content: csv });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ campaignId: campaign, file: '客户名单.csv', rows: 5, imported: 2, duplicates: 1, dnc: 1, invalidCount: 1, invalid: [{ row: 4, value: '12345' }] });
    const leads = (await h.as('manager', { method: 'GET', url: `/api/v1/leads?campaignId=${campaign}` })).json().items;
    expect(leads.map((l: { phone: string; name: string; fields: object }) => [l.phone, l.name, l.fields])).toEqual([
      ['+8613800138000', '甲', { 备注: 'VIP' }],
      ['+8613900000003', '乙', {}],
    ]);
    const log = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=list' })).json().items[0];
    expect(log).toMatchObject({ actor: 'wang-manager', action: 'list.import', after: { campaignId: campaign, file: '客户名单.csv', imported: 2, rows: 5 } });
    expect(readdirSync(uploads)).toEqual([]);
  });

  it('imports an XLSX list', async () => {
    const book = new ExcelJS.Workbook();
    const ws = book.addWorksheet('名单');
    ws.addRow(['name', 'phone']);
    ws.addRow(['A', '13700000001']);
    ws.addRow(['B', '13700000002']);
    const r = await upload({ name: 'list.xlsx', content: Buffer.from(await book.xlsx.writeBuffer()) });
    expect(r.statusCode).toBe(200);
    expect(r.json()).toMatchObject({ rows: 2, imported: 2, file: 'list.xlsx' });
  });

  it('refuses what is not a list with a clear 4xx and writes nothing', async () => {
    const before = counts();
    const shiftJis = iconv.encode('名前,番号\n山田,13800138222\n', 'shift_jis');
    const random = Buffer.alloc(4096);
    for (let i = 0; i < random.length; i++) random[i] = (i * 7919 + 13) % 256;
    const cases: Array<[string, Parameters<typeof multipartBody>[0], number, string]> = [
      ['0 bytes', { name: 'empty.csv', content: '' }, 400, 'UPLOAD_INVALID'],
      ['binary', { name: 'list.csv', content: random }, 422, 'IMPORT_UNREADABLE'],
      ['a picture', { name: 'photo.png', content: Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0]), random]) }, 422, 'IMPORT_UNREADABLE'],
      ['Shift-JIS (read as GBK, no phone column)', { name: 'list.csv', content: shiftJis }, 422, 'IMPORT_NO_PHONE_COLUMN'],
      ['a cut XLSX', { name: 'list.xlsx', content: Buffer.from([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4]) }, 422, 'IMPORT_UNREADABLE'],
      ['old .xls', { name: 'list.xls', content: 'name,phone\n' }, 422, 'IMPORT_UNREADABLE'],
      ['the wrong form field', { name: 'list.csv', content: 'phone\n13800138333\n', field: 'upload' }, 400, 'UPLOAD_INVALID'],
    ];
    for (const [what, file, status, code] of cases) {
      const r = await upload(file);
      expect([r.statusCode, r.json().code], what).toEqual([status, code]);
      expect(r.json().message.length, what).toBeGreaterThan(10);
    }
    const none = await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${campaign}/lists`, ...multipartWithoutFile({ note: 'x' }) });
    expect([none.statusCode, none.json().code, none.json().details.field]).toEqual([400, 'UPLOAD_INVALID', 'file']);
    const json = await h.as('manager', { method: 'POST', url: `/api/v1/campaigns/${campaign}/lists`, payload: { phone: '13800138000' } });
    expect([json.statusCode, json.json().code]).toEqual([400, 'UPLOAD_INVALID']);
    expect((await upload({ name: 'l.csv', content: 'phone\n13800138444\n' }, 999)).statusCode).toBe(404);
    expect(counts()).toEqual(before);
    expect(readdirSync(uploads)).toEqual([]);
  });

  it('refuses a 50 MB upload over the limit (413) without importing any of it', async () => {
    const big = join(h.dir, 'big.csv');
    const fd = openSync(big, 'w');
    writeSync(fd, 'name,phone\n');
    const row = Buffer.from('客户,13800138000\n'.repeat(4096));
    for (let written = 0; written < 50 * 1024 * 1024; written += row.length) writeSync(fd, row);
    closeSync(fd);
    const before = counts();
    const r = await upload({ name: 'big.csv', path: big });
    expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([413, 'UPLOAD_TOO_LARGE', 'file']);
    expect(r.json().details.maxBytes).toBe(h.config.api.upload.maxBytes);
    expect(counts()).toEqual(before);
    expect(readdirSync(uploads)).toEqual([]);
    rmSync(big);
  }, 60_000);

  it('does not load a list into a finished campaign', async () => {
    const done = h.service.campaigns.create('done', {}, Date.now());
    h.service.campaigns.setState(done.id, 'finished', Date.now());
    const r = await upload({ name: 'l.csv', content: 'phone\n13800138555\n' }, done.id);
    expect([r.statusCode, r.json().code]).toEqual([409, 'CONFLICT']);
  });
});
