import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { HotlineError } from '../errors.js';
import { reportCsv, type Sheet } from './report-model.js';

/**
 * Writes a report as `<base>.csv` (UTF-8 with BOM, so Excel shows the Chinese labels) and `<base>.xlsx` (one sheet
 * each). Each file is written under a temporary name and renamed, so a reader never sees half a report.
 */
export async function writeReportFiles(dir: string, base: string, sheets: readonly Sheet[]): Promise<{ csv: string; xlsx: string }> {
  const csv = `${base}.csv`;
  const xlsx = `${base}.xlsx`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `.${csv}.tmp`), '\uFEFF' + reportCsv(sheets));
    renameSync(join(dir, `.${csv}.tmp`), join(dir, csv));
    const book = new ExcelJS.Workbook();
    for (const s of sheets) {
      const ws = book.addWorksheet(s.name);
      ws.addRow(s.columns).font = { bold: true };
      for (const row of s.rows) ws.addRow(row);
      ws.columns.forEach((c, i) => (c.width = Math.min(48, Math.max(10, ...[s.columns[i] ?? '', ...s.rows.map((r) => String(r[i] ?? ''))].map((v) => v.length + 2)))));
    }
    await book.xlsx.writeFile(join(dir, `.${xlsx}.tmp`));
    renameSync(join(dir, `.${xlsx}.tmp`), join(dir, xlsx));
  } catch (error) {
    throw new HotlineError('REPORT_FAILED', `cannot write report ${base} to ${dir}: ${(error as Error).message}`, { key: 'api.reports.dir', error });
  }
  return { csv, xlsx };
}
