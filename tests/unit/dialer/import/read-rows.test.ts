import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { detectEncoding, sniffBytes } from '../../../../src/dialer/import/detect-encoding.js';
import { hasPhoneColumn } from '../../../../src/dialer/import/header-map.js';
import { sniffDelimiter } from '../../../../src/dialer/import/csv-rows.js';
import { openRows, type Row } from '../../../../src/dialer/import/read-rows.js';
import { cellText } from '../../../../src/dialer/import/xlsx-rows.js';
import { isHotlineError } from '../../../../src/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-rows-'));
const write = (name: string, data: string | Uint8Array) => {
  const file = join(dir, name);
  writeFileSync(file, data);
  return file;
};

async function readAll(file: string): Promise<{ header: string[]; headerRow: number; rows: Row[]; encoding?: string; format: string }> {
  const src = await openRows(file, { isHeader: hasPhoneColumn });
  const rows: Row[] = [];
  for await (const r of src.rows) rows.push(r);
  return { header: src.header, headerRow: src.headerRow, rows, format: src.format, ...(src.encoding ? { encoding: src.encoding } : {}) };
}

async function unreadable(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    expect(isHotlineError(err, 'IMPORT_UNREADABLE')).toBe(true);
    return (err as Error).message;
  }
  throw new Error('expected IMPORT_UNREADABLE');
}

describe('detectEncoding', () => {
  const text = '姓名,手机\n张三,13800138000\n';
  it('tells UTF-8 (with and without BOM), GBK and UTF-16 apart', () => {
    expect(detectEncoding(Buffer.from(text))).toEqual({ encoding: 'utf-8', bomLength: 0 });
    expect(detectEncoding(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toEqual({ encoding: 'utf-8', bomLength: 3 });
    expect(detectEncoding(iconv.encode(text, 'gbk'))).toEqual({ encoding: 'gb18030', bomLength: 0 });
    expect(detectEncoding(iconv.encode(text, 'utf-16le', { addBOM: true }))).toEqual({ encoding: 'utf-16le', bomLength: 2 });
    expect(detectEncoding(Buffer.from('phone\n13800138000\n'))).toEqual({ encoding: 'utf-8', bomLength: 0 });
  });

  it('does not mistake a character cut by the sniff window for bad UTF-8', () => {
    // 张 is 3 bytes in UTF-8: put one across the 64 KiB edge.
    const head = Buffer.concat([Buffer.alloc(sniffBytes - 1, 0x61), Buffer.from('张张')]);
    expect(detectEncoding(head.subarray(0, sniffBytes), false).encoding).toBe('utf-8');
    expect(detectEncoding(head).encoding).toBe('utf-8');
    // …but a whole file that ends mid-character is not UTF-8.
    expect(detectEncoding(Buffer.from('ab张').subarray(0, 4), true).encoding).toBe('gb18030');
  });
});

describe('sniffDelimiter', () => {
  it('picks comma, tab or semicolon from the first line, ignoring quoted ones', () => {
    expect(sniffDelimiter('姓名,手机\n')).toBe(',');
    expect(sniffDelimiter('姓名\t手机\t备注\n1,2,3,4,5')).toBe('\t');
    expect(sniffDelimiter('"a;b;c",phone\n')).toBe(',');
    expect(sniffDelimiter('name;phone\n')).toBe(';');
    expect(sniffDelimiter('phone\n')).toBe(',');
  });
});

describe('cellText', () => {
  it('writes integers in full and flattens rich text, links, formulas and dates', () => {
    expect(cellText(13800138000)).toBe('13800138000');
    expect(cellText(8613800138000)).toBe('8613800138000');
    expect(cellText(12.5)).toBe('12.5');
    expect(cellText({ richText: [{ text: '张' }, { text: '三' }] })).toBe('张三');
    expect(cellText({ text: '13800138000', hyperlink: 'tel:13800138000' })).toBe('13800138000');
    expect(cellText({ formula: 'A1', result: 13800138000 })).toBe('13800138000');
    expect(cellText(new Date(Date.UTC(1990, 4, 17)))).toBe('1990-05-17');
    expect(cellText(null)).toBe('');
    expect(cellText(true)).toBe('TRUE');
  });
});

describe('openRows', () => {
  it('numbers rows as a spreadsheet does: blank lines count but are skipped, quoted line breaks do not count', async () => {
    const file = write('rows.csv', '姓名,手机\n张三,13800138000\n\n"李\n四",13900000003\n,\n王五,13900000004,extra\n');
    const r = await readAll(file);
    expect(r.header).toEqual(['姓名', '手机']);
    expect(r.headerRow).toBe(1);
    expect(r.encoding).toBe('utf-8');
    expect(r.rows).toEqual([
      { row: 2, cells: ['张三', '13800138000'] },
      { row: 4, cells: ['李\n四', '13900000003'] },
      { row: 6, cells: ['王五', '13900000004', 'extra'] },
    ]);
  });

  it('passes over title rows above the header', async () => {
    const file = write('title.csv', '客户名单 2024年3月\n\n姓名,手机\n张三,13800138000\n');
    const r = await readAll(file);
    expect(r.header).toEqual(['姓名', '手机']);
    expect(r.headerRow).toBe(3);
    expect(r.rows).toEqual([{ row: 4, cells: ['张三', '13800138000'] }]);
  });

  it('reads GBK, UTF-8 with a BOM and tab-separated UTF-16 to the same rows', async () => {
    const text = '姓名,手机,备注\n张三,13800138000,老客户\n';
    const gbk = await readAll(write('gbk.csv', iconv.encode(text, 'gbk')));
    const bom = await readAll(write('bom.csv', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])));
    const u16 = await readAll(write('u16.txt', iconv.encode(text.replaceAll(',', '\t'), 'utf-16le', { addBOM: true })));
    expect(gbk.encoding).toBe('gb18030');
    expect(bom.header).toEqual(['姓名', '手机', '备注']);
    expect(gbk.rows).toEqual(bom.rows);
    expect(u16.rows).toEqual(bom.rows);
    expect(bom.rows).toEqual([{ row: 2, cells: ['张三', '13800138000', '老客户'] }]);
  });

  it('reads the first tab of an XLSX with real row numbers, numbers in full', async () => {
    const wb = new ExcelJS.Workbook();
    // The other sheet is sheet1.xml in the zip, but 名单 is the first tab the user sees.
    const other = wb.addWorksheet('other');
    other.getRow(1).values = ['电话'];
    other.getRow(2).values = ['13800000000'];
    const first = wb.addWorksheet('名单');
    // orderNo (tab position) is real in exceljs but missing from its typings.
    (first as unknown as { orderNo: number }).orderNo = 0;
    (other as unknown as { orderNo: number }).orderNo = 1;
    first.getRow(1).values = ['姓名', '手机', '生日'];
    first.getRow(2).values = [{ richText: [{ text: '张' }, { text: '三' }] }, 13800138000, new Date(Date.UTC(1990, 4, 17))];
    first.getRow(4).values = ['李四', '139 0000 0003'];
    const file = join(dir, 'list.xlsx');
    await wb.xlsx.writeFile(file);
    const r = await readAll(file);
    expect(r.format).toBe('xlsx');
    expect(r.header).toEqual(['姓名', '手机', '生日']);
    expect(r.rows).toEqual([
      { row: 2, cells: ['张三', '13800138000', '1990-05-17'] },
      { row: 4, cells: ['李四', '139 0000 0003'] },
    ]);
  });

  it('reads an XLSX by its content whatever its name, and refuses what it cannot read', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('s').getRow(1).values = ['phone'];
    wb.getWorksheet('s')!.getRow(2).values = ['13800138000'];
    const asCsv = join(dir, 'renamed.csv');
    await wb.xlsx.writeFile(asCsv);
    expect((await readAll(asCsv)).rows).toEqual([{ row: 2, cells: ['13800138000'] }]);

    expect(await unreadable(readAll(join(dir, 'missing.csv')))).toMatch(/missing\.csv: cannot open the file \(ENOENT\)/);
    expect(await unreadable(readAll(write('list.pdf', 'phone\n1')))).toMatch(/unknown file type/);
    expect(await unreadable(readAll(write('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1]))))).toMatch(/old Excel \.xls/);
    expect(await unreadable(readAll(write('fake.xlsx', 'phone\n1')))).toMatch(/no zip signature/);
    expect(await unreadable(readAll(write('zip.xlsx', Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(3000, 7)]))))).toMatch(/cut short or damaged/);
    expect(await unreadable(readAll(write('empty.csv', '')))).toMatch(/no rows/);
    expect(await unreadable(readAll(write('bin.csv', Buffer.from([0x70, 0, 0x68, 0, 1, 2]))))).toMatch(/binary/);
  });

  it('fails loudly when GBK bytes come after an all-ASCII first 64 KiB read as UTF-8', async () => {
    const ascii = 'phone,note\n' + '13800138000,ok\n'.repeat(Math.ceil(sniffBytes / 15) + 10);
    const file = write('mixed.csv', Buffer.concat([Buffer.from(ascii), iconv.encode('13900000003,老客户\n', 'gbk')]));
    expect(await unreadable(readAll(file))).toMatch(/invalid UTF-8 after the first 64 KiB/);
  });
});
