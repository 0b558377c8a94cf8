import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { openRows } from '../../../src/dialer/import/read-rows.js';
import { zipLimits, zipOutOfBounds } from '../../../src/dialer/import/zip-bounds.js';

const dir = mkdtempSync(join(tmpdir(), 'hotline-zipbomb-'));

async function xlsx(name: string, rows: string[][]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const ws = book.addWorksheet('list');
  for (const r of rows) ws.addRow(r);
  const file = join(dir, name);
  writeFileSync(file, Buffer.from(await book.xlsx.writeBuffer()));
  return file;
}

const refusal = async (file: string): Promise<string> => {
  try {
    const src = await openRows(file);
    await src.close();
  } catch (err) {
    if (isHotlineError(err, 'IMPORT_UNREADABLE')) return err.message;
    throw err;
  }
  return 'opened';
};

// Issue 17 item 7: an XLSX zip bomb was not bounded (exceljs caches the shared strings in memory).
describe('XLSX zip bounds', () => {
  it('refuses a workbook whose part inflates like a bomb, before exceljs reads it', async () => {
    const bomb = await xlsx('bomb.xlsx', [['phone', 'note'], ['13800138000', 'a'.repeat(16 * 1024 * 1024)]]);
    expect(await refusal(bomb)).toMatch(/inflates \d+ times \(at most 100\): a zip bomb/);
  });

  it('opens an ordinary list', async () => {
    const ok = await xlsx('ok.xlsx', [['phone', 'name'], ...Array.from({ length: 2000 }, (_, i) => [`1380013${String(i).padStart(4, '0')}`, `客户${i}`])]);
    expect(await refusal(ok)).toBe('opened');
  });

  it('names each bound', () => {
    expect(zipOutOfBounds({ entries: zipLimits.maxEntries + 1, totalBytes: 1, worstRatio: 1 })).toMatch(/parts in the zip/);
    expect(zipOutOfBounds({ entries: 10, totalBytes: zipLimits.maxTotalBytes + 1, worstRatio: 1 })).toMatch(/unpacks to/);
    expect(zipOutOfBounds({ entries: 10, totalBytes: 1000, worstRatio: 20 })).toBeUndefined();
  });
});
