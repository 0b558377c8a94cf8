import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../src/dialer/campaign-commands.js';
import { importLeads } from '../../../src/dialer/import/import-leads.js';
import { normalizePhone } from '../../../src/dialer/import/normalize-phone.js';
import { HotlineError } from '../../../src/errors.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { DncRepo, GLOBAL_DNC } from '../../../src/store/dnc-repo.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';

const now = Date.parse('2026-11-24T02:00:00Z');

// A list as a campaign manager gets it: Chinese headers, numbers in every format, duplicates, junk, a DNC number,
// a number the campaign already has, and a custom column. Row numbers are the spreadsheet's (the header is row 1).
const header = ['姓名', '手机', '备用电话', '备注'];
const rows: string[][] = [
  ['张三', '13800138000', '', 'VIP'], // 2 imported
  ['李四', '+86 139 0000 0003', '010-6552 9988', ''], // 3 imported, alt phone a landline
  ['王五', '0086-139-0000-0004', '', ''], // 4 imported
  ['赵六', '１３９０００００００５', '', '全角'], // 5 imported (full-width digits)
  ['钱七', '(021)12345678', '', ''], // 6 imported (landline with area code)
  ['孙八', '400-800-1234', '', ''], // 7 imported (400 number)
  ['周九', '138 0013 8000', '', ''], // 8 duplicate of row 2
  ['吴十', '12345', '', ''], // 9 invalid
  ['郑一', 'abc', '', ''], // 10 invalid
  ['王二', '', '', ''], // 11 invalid (empty)
  ['冯三', '13900000009', '', ''], // 12 DNC
  ['陈四', '13900000010', '', ''], // 13 already in the campaign: duplicate
];

const expected = {
  rows: 12,
  imported: 6,
  duplicates: 2,
  dnc: 1,
  invalidCount: 3,
};

describe('importing a call list', () => {
  let db: Db;
  let dir: string;
  let campaignId: number;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-import-'));
    db = openDb(join(dir, 'db.sqlite'));
    campaignId = createCampaign(db, '回访', {}, now).id;
    new DncRepo(db).add('+8613900000009', GLOBAL_DNC, 'refused', now);
    new LeadsRepo(db).insert({ campaignId, phone: '+8613900000010', now });
  });

  const csv = (name: string, text: string, encoding: 'gbk' | 'utf8' | 'utf8-bom') => {
    const file = join(dir, name);
    writeFileSync(file, encoding === 'gbk' ? iconv.encode(text, 'gbk') : encoding === 'utf8-bom' ? `\uFEFF${text}` : text);
    return file;
  };
  const csvText = (h: string[] = header) => [h, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n';

  function checkReport(r: Awaited<ReturnType<typeof importLeads>>): void {
    expect(r).toMatchObject(expected);
    expect(r.invalid.map((i) => [i.row, i.value])).toEqual([
      [9, '12345'],
      [10, 'abc'],
      [11, ''],
    ]);
    for (const i of r.invalid) expect(i.reason).toMatch(/\w/);
    const leads = new LeadsRepo(db).ofCampaign(campaignId);
    expect(leads.map((l) => l.phone)).toEqual(['+8613900000010', '+8613800138000', '+8613900000003', '+8613900000004', '+8613900000005', '+862112345678', '+864008001234']);
    const li = leads.find((l) => l.phone === '+8613900000003')!;
    expect(li).toMatchObject({ name: '李四', altPhone: '+861065529988', state: 'new', sourceRow: 3 });
    expect(leads.find((l) => l.phone === '+8613800138000')!.fields).toEqual({ 备注: 'VIP' });
  }

  it('a messy GBK CSV gives exact counts and a reason for every bad row', async () => {
    checkReport(await importLeads(db, { campaign: campaignId, file: csv('list.csv', csvText(), 'gbk'), now }));
    expect(db.prepare('SELECT rows, imported, duplicates, invalid, dnc FROM imports').all()).toEqual([{ rows: 12, imported: 6, duplicates: 2, invalid: 3, dnc: 1 }]);
  });

  it('the same list as XLSX, with numbers stored as numbers, gives the same result', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(header);
    for (const r of rows) ws.addRow(r.map((v, i) => (i === 1 && /^\d{11}$/.test(v) ? Number(v) : v)));
    const file = join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    checkReport(await importLeads(db, { campaign: '回访', file, now }));
  });

  it('UTF-8 with a BOM and English headers give the same leads', async () => {
    checkReport(await importLeads(db, { campaign: campaignId, file: csv('list.csv', csvText(['name', 'phone', 'alt phone', '备注']), 'utf8-bom'), now }));
  });

  it('a file that fails halfway leaves the database as it was', async () => {
    const before = db.prepare('SELECT (SELECT COUNT(*) FROM leads) AS leads, (SELECT COUNT(*) FROM imports) AS imports').get();
    // A real XLSX cut short: its header reads, the rest of the archive is gone.
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(header);
    for (let i = 0; i < 5000; i++) ws.addRow([`客户${i}`, String(13800000000 + i), '', '']);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const file = join(dir, 'cut.xlsx');
    writeFileSync(file, buf.subarray(0, Math.floor(buf.length * 0.6)));
    const err = await importLeads(db, { campaign: campaignId, file, now }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('IMPORT_UNREADABLE');
    expect(db.prepare('SELECT (SELECT COUNT(*) FROM leads) AS leads, (SELECT COUNT(*) FROM imports) AS imports').get()).toEqual(before);
  });

  it('names an unknown campaign, a file without a phone column, and a file it cannot read', async () => {
    const code = (p: Promise<unknown>) => p.then(() => 'no error', (e: unknown) => (e instanceof HotlineError ? e.code : String(e)));
    expect(await code(importLeads(db, { campaign: 'nope', file: csv('a.csv', csvText(), 'utf8'), now }))).toBe('CAMPAIGN_NOT_FOUND');
    expect(await code(importLeads(db, { campaign: campaignId, file: csv('b.csv', '姓名,地址\n张三,北京\n', 'utf8'), now }))).toBe('IMPORT_NO_PHONE_COLUMN');
    const junk = join(dir, 'c.pdf');
    writeFileSync(junk, Buffer.from([0x25, 0x50, 0x44, 0x46, 0, 1, 2, 3]));
    expect(await code(importLeads(db, { campaign: campaignId, file: junk, now }))).toBe('IMPORT_UNREADABLE');
    expect(await code(importLeads(db, { campaign: campaignId, file: join(dir, 'missing.csv'), now }))).toBe('IMPORT_UNREADABLE');
  });
});

describe('normalizePhone (region CN)', () => {
  it.each([
    ['13800138000', '+8613800138000'],
    ['+86 138 0013 8000', '+8613800138000'],
    ['0086-13800138000', '+8613800138000'],
    ['86 13800138000', '+8613800138000'],
    ['１３８００１３８０００', '+8613800138000'],
    ['010-6552 9988', '+861065529988'],
    ['(021)12345678', '+862112345678'],
    ['0755 8888 8888', '+8675588888888'],
    ['400-800-1234', '+864008001234'],
    ['13900000003', '+8613900000003'],
  ])('%s → %s', (raw, e164) => {
    expect(normalizePhone(raw)).toEqual({ ok: true, e164 });
  });

  it.each(['', 'abc', '12345', '1380013800', '1380013800012345'])('%j is refused with a reason', (raw) => {
    const r = normalizePhone(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reason.length).toBeGreaterThan(0);
  });
});
