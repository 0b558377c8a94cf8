import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCampaign } from '../../../../src/dialer/campaign-commands.js';
import { importLeads, type ImportReport } from '../../../../src/dialer/import/import-leads.js';
import { HotlineError } from '../../../../src/errors.js';
import { openDb, type Db } from '../../../../src/store/db.js';
import { DncRepo, GLOBAL_DNC } from '../../../../src/store/dnc-repo.js';
import { storeOf } from '../../../../src/store/store.js';

const now = Date.parse('2026-11-24T02:00:00Z');


const fullWidth = (s: string) => s.replace(/[0-9]/g, (d) => String.fromCharCode(d.charCodeAt(0) + 0xfee0));

// A messy list: spreadsheet row numbers on the right (the header is row 1; row 8 is blank).
const header = ['姓名', '手机', '备用电话', '备注'];
const body: Array<string[] | null> = [
  ['张三', '13800138000', '', 'VIP'], // 2 imported
  ['李四', '+86 139 0000 0003', '010-6552 9988', '回访,下午'], // 3 imported, landline alt phone, quoted comma
  ['王五', '0086-13900000004', '', ''], // 4 imported
  ['赵六', fullWidth('13900000005'), '', '全角'], // 5 imported (full-width digits)
  ['钱七', '(021)12345678', '', ''], // 6 imported (landline)
  ['孙八', '400-800-1234', '', '热线'], // 7 imported (400)
  null, // 8 blank: not a row of the report
  ['周九', '138 0013 8000', '', ''], // 9 duplicate of row 2, other format
  ['吴十', '12345', '', ''], // 10 invalid: too short
  ['郑一', 'abc', '', ''], // 11 invalid: not a phone number
  ['王二', '', '', '空号'], // 12 invalid: empty
  ['冯三', '86 13900000009', '', ''], // 13 on the global DNC list
  ['陈四', '13900000010', '', ''], // 14 already in the campaign: duplicate
  ['褚五', '0755 8888 8888', 'abc', ''], // 15 imported, bad alt phone dropped
  ['卫六', '0086 139 0000 0004', '', ''], // 16 duplicate of row 4
  ['蒋七', '13900000009', '', ''], // 17 DNC number again: a later row of a number is a duplicate
  ['沈八', '1380013800', '', ''], // 18 invalid: one digit short
];

const expectedCounts = { rows: 16, imported: 7, duplicates: 4, dnc: 1, invalidCount: 4 };
const expectedInvalid = [
  { row: 10, value: '12345', reason: 'too short' },
  { row: 11, value: 'abc', reason: 'not a phone number' },
  { row: 12, value: '', reason: 'empty' },
  { row: 18, value: '1380013800', reason: 'not a valid number' },
];
const expectedLeads = [
  { phone: '+8613900000010', name: '已有', alt_phone: null, fields: '{}', source_row: null },
  { phone: '+8613800138000', name: '张三', alt_phone: null, fields: '{"备注":"VIP"}', source_row: 2 },
  { phone: '+8613900000003', name: '李四', alt_phone: '+861065529988', fields: '{"备注":"回访,下午"}', source_row: 3 },
  { phone: '+8613900000004', name: '王五', alt_phone: null, fields: '{}', source_row: 4 },
  { phone: '+8613900000005', name: '赵六', alt_phone: null, fields: '{"备注":"全角"}', source_row: 5 },
  { phone: '+862112345678', name: '钱七', alt_phone: null, fields: '{}', source_row: 6 },
  { phone: '+864008001234', name: '孙八', alt_phone: null, fields: '{"备注":"热线"}', source_row: 7 },
  { phone: '+8675588888888', name: '褚五', alt_phone: null, fields: '{}', source_row: 15 },
];

const csvCell = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
const csvText = (h: string[]) => [h, ...body].map((r) => (r === null ? '' : r.map(csvCell).join(','))).join('\r\n') + '\r\n';

describe('importLeads', () => {
  let dir: string;
  let db: Db;
  let campaignId: number;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'hotline-import-test-'));
    db = openDb(join(dir, 'hotline.db'));
    campaignId = createCampaign(storeOf(db), '回访', {}, now).id;
    new DncRepo(db).add('+8613900000009', GLOBAL_DNC, 'complained', now);
    db.prepare('INSERT INTO leads (campaign_id, phone, name, created_at, updated_at) VALUES (?, ?, ?, ?, ?)').run(campaignId, '+8613900000010', '已有', now, now);
  });
  afterEach(() => {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const write = (name: string, data: string | Buffer) => {
    const file = join(dir, name);
    writeFileSync(file, data);
    return file;
  };
  const leads = () =>
    db.prepare('SELECT phone, name, alt_phone, fields, source_row FROM leads WHERE campaign_id = ? ORDER BY id').all(campaignId);
  const snapshot = () => db.prepare('SELECT (SELECT COUNT(*) FROM leads) AS leads, (SELECT COUNT(*) FROM imports) AS imports').get();
  const tempTables = () => db.prepare("SELECT name FROM sqlite_temp_master WHERE type = 'table'").pluck().all();
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => {
        throw new Error('expected the import to fail');
      },
      (e: unknown) => e,
    );

  function expectExact(r: ImportReport, file: string): void {
    expect(r).toEqual({ importId: expect.any(Number), campaignId, file, ...expectedCounts, invalid: expectedInvalid });
    expect(leads()).toEqual(expectedLeads);
    expect(db.prepare('SELECT id, campaign_id, file_name, rows, imported, duplicates, invalid, dnc, at FROM imports').all()).toEqual([
      { id: r.importId, campaign_id: campaignId, file_name: file, rows: 16, imported: 7, duplicates: 4, invalid: 4, dnc: 1, at: now },
    ]);
    expect(tempTables()).toEqual([]);
  }

  it('a messy GBK CSV with Chinese headers: exact report and leads', async () => {
    const file = write('名单.csv', iconv.encode(csvText(header), 'gbk'));
    const r = await importLeads(storeOf(db), { campaign: campaignId, file, now });
    expectExact(r, '名单.csv');
    const rows = db.prepare("SELECT state, priority, due_at, created_at FROM leads WHERE source_row IS NOT NULL").all();
    expect(rows).toHaveLength(7);
    for (const l of rows) expect(l).toEqual({ state: 'new', priority: 2, due_at: 0, created_at: now });
  });

  it('the same rows as XLSX, with digit-only phones stored as numbers, give the same report', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.getRow(1).values = header;
    body.forEach((r, i) => {
      if (r === null) return;
      ws.getRow(i + 2).values = r.map((v, c) => (c === 1 && /^\d+$/.test(v) ? Number(v) : v === '' ? null : v));
    });
    expect(typeof ws.getRow(2).getCell(2).value).toBe('number');
    const file = join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await importLeads(storeOf(db), { campaign: '回访', file, now });
    expectExact(r, 'list.xlsx');
  });

  it('UTF-8 with a BOM, Chinese or English headers, gives the same leads', async () => {
    const r1 = await importLeads(storeOf(db), { campaign: campaignId, file: write('bom.csv', `\uFEFF${csvText(header)}`), now });
    expectExact(r1, 'bom.csv');

    db.prepare('DELETE FROM leads WHERE source_row IS NOT NULL').run();
    db.prepare('DELETE FROM imports').run();
    const english = ['name', 'phone', 'alt phone', '备注'];
    const r2 = await importLeads(storeOf(db), { campaign: campaignId, file: write('english.csv', `\uFEFF${csvText(english)}`), now });
    expectExact(r2, 'english.csv');
  });

  it('a title row above the header shifts the row numbers as the spreadsheet does', async () => {
    const text = `客户名单 2026年11月,,,\r\n${csvText(header)}`;
    const r = await importLeads(storeOf(db), { campaign: campaignId, file: write('titled.csv', iconv.encode(text, 'gbk')), now });
    expect(r).toMatchObject(expectedCounts);
    expect(r.invalid.map((i) => i.row)).toEqual([11, 12, 13, 19]);
  });

  it('a CSV that fails partway (GBK bytes after 64 KiB of ASCII read as UTF-8) leaves the database unchanged', async () => {
    const before = snapshot();
    const lines = ['name,phone'];
    for (let i = 0; i < 40_000; i++) lines.push(`customer ${i},138${String(i).padStart(8, '0')}`);
    const ascii = Buffer.from(lines.join('\n') + '\n');
    // Past the 64 KiB the encoding is guessed from, and past the reader's first 256 KiB chunk.
    expect(ascii.length).toBeGreaterThan(512 * 1024);
    const file = write('mixed.csv', Buffer.concat([ascii, iconv.encode('张三,13900000099\n', 'gbk')]));
    const progress: number[] = [];
    const err = await failure(importLeads(storeOf(db), { campaign: campaignId, file, now, batchSize: 500, onProgress: (n) => progress.push(n) }));
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('IMPORT_UNREADABLE');
    // Batches were staged before the bad bytes: the failure came midway, not up front.
    expect(progress.length).toBeGreaterThan(0);
    expect(snapshot()).toEqual(before);
    expect(tempTables()).toEqual([]);
    // The connection is still usable and a good file imports afterwards.
    const ok = await importLeads(storeOf(db), { campaign: campaignId, file: write('ok.csv', iconv.encode(csvText(header), 'gbk')), now });
    expect(ok).toMatchObject(expectedCounts);
  });

  it('a truncated XLSX leaves the database unchanged', async () => {
    const before = snapshot();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('名单');
    ws.addRow(header);
    for (let i = 0; i < 5000; i++) ws.addRow([`客户${i}`, 13800000000 + i, '', `批次${i % 7}`]);
    const buf = Buffer.from(await wb.xlsx.writeBuffer());
    const file = write('cut.xlsx', buf.subarray(0, Math.floor(buf.length * 0.6)));
    const err = await failure(importLeads(storeOf(db), { campaign: campaignId, file, now }));
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('IMPORT_UNREADABLE');
    expect(snapshot()).toEqual(before);
    expect(tempTables()).toEqual([]);
  });

  it('names an unknown campaign, a file without a phone column and a file it cannot read', async () => {
    const code = async (p: Promise<unknown>) => {
      const e = await failure(p);
      expect(e).toBeInstanceOf(HotlineError);
      return (e as HotlineError).code;
    };
    const good = write('good.csv', csvText(header));
    expect(await code(importLeads(storeOf(db), { campaign: 'nope', file: good, now }))).toBe('CAMPAIGN_NOT_FOUND');
    expect(await code(importLeads(storeOf(db), { campaign: 999, file: good, now }))).toBe('CAMPAIGN_NOT_FOUND');
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: write('nophone.csv', iconv.encode('姓名,地址\n张三,北京\n', 'gbk')), now }))).toBe(
      'IMPORT_NO_PHONE_COLUMN',
    );
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: write('list.pdf', Buffer.from('%PDF-1.4\n%\xe2\xe3\n1 0 obj\n', 'latin1')), now }))).toBe(
      'IMPORT_UNREADABLE',
    );
    const junk = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37 + 11) % 256));
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: write('junk.csv', junk), now }))).toBe('IMPORT_UNREADABLE');
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: write('junk.xlsx', junk), now }))).toBe('IMPORT_UNREADABLE');
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: write('empty.csv', ''), now }))).toBe('IMPORT_UNREADABLE');
    expect(await code(importLeads(storeOf(db), { campaign: campaignId, file: join(dir, 'missing.csv'), now }))).toBe('IMPORT_UNREADABLE');
    expect(snapshot()).toEqual({ leads: 1, imports: 0 });
  });
});
