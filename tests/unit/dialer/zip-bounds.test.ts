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

/** The same zip with every central-directory record claiming its part unpacks to no more than it packs to. */
function understated(zip: Buffer): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = out.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at + 4)) {
    out.writeUInt32LE(out.readUInt32LE(at + 20), at + 24);
  }
  return out;
}

// Issue 17 (weak spots): the check trusted the sizes the zip directory declares.
describe('XLSX zip bounds on what is really inflated', () => {
  it('refuses a bomb whose directory understates its sizes, counting the bytes it really inflates', async () => {
    const bomb = await xlsx('bomb-lying.xlsx', [['phone', 'note'], ['13800138000', 'a'.repeat(16 * 1024 * 1024)]]);
    const lying = join(dir, 'lying.xlsx');
    const { readFileSync } = await import('node:fs');
    writeFileSync(lying, understated(readFileSync(bomb)));
    expect(await refusal(lying)).toMatch(/inflates over 100 times: a zip bomb.*understates/);
  });

  it('still opens an ordinary list with honest sizes, and one with understated sizes that is no bomb', async () => {
    const ok = await xlsx('ok2.xlsx', [['phone', 'name'], ...Array.from({ length: 3000 }, (_, i) => [`1380013${String(i).padStart(4, '0')}`, `客户${i}`])]);
    expect(await refusal(ok)).toBe('opened');
    const { readFileSync } = await import('node:fs');
    const smallLie = join(dir, 'ok-understated.xlsx');
    writeFileSync(smallLie, understated(readFileSync(ok)));
    expect(await refusal(smallLie)).toBe('opened');
  });
});
