/**
 * The rows of an XLSX call list's first worksheet, streamed by exceljs, with the checks exceljs does not make itself
 * (a zip cut short, a damaged deflate stream), and a cell's value as the text a user sees.
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Row } from './read-rows.js';

/** The end of the file, where a zip keeps its end-of-central-directory record, and the file's size. */
export async function readTail(file: string): Promise<{ tail: Uint8Array; size: number }> {
  const fh = await open(file, 'r');
  try {
    const { size } = await fh.stat();
    const length = Math.min(size, eocdSearch);
    const buf = Buffer.alloc(length);
    await fh.read(buf, 0, length, size - length);
    return { tail: buf, size };
  } finally {
    await fh.close();
  }
}

// The end-of-central-directory record: 22 bytes plus a comment of at most 65535.
const eocdSearch = 22 + 0xffff;

/**
 * True when the zip ends with its central directory where the end record says it is: a file cut short (an upload
 * or copy that stopped) has no end record, or one that points past what is left.
 */
export function zipComplete({ tail, size }: { tail: Uint8Array; size: number }): boolean {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] !== 0x50 || tail[i + 1] !== 0x4b || tail[i + 2] !== 0x05 || tail[i + 3] !== 0x06) continue;
    const view = new DataView(tail.buffer, tail.byteOffset + i, 22);
    const cdSize = view.getUint32(12, true);
    const cdOffset = view.getUint32(16, true);
    // Zip64 keeps the real values elsewhere; trust the record is there.
    if (cdSize === 0xffffffff || cdOffset === 0xffffffff) return true;
    return cdOffset + cdSize === size - tail.length + i;
  }
  return false;
}

/** Rows handed on together: exceljs reads a row at a time, the import takes blocks (csv-rows.ts). */
const blockSize = 1000;

export async function* xlsxRows(file: string): AsyncGenerator<Row[]> {
  // exceljs does not pass on an error of its unzipper (a damaged deflate stream): its promises just never settle.
  // Tapping the pipe from our file stream into the unzipper lets such a failure end the read instead: each wait below
  // rejects with it. (A Promise.race against one pending failure promise per row left a reaction on that promise for
  // every row read: 560 MiB for 200,000 rows.)
  let failed: Error | undefined;
  let failWait: ((err: Error) => void) | undefined;
  const fail = (err: Error) => {
    failed ??= err;
    failWait?.(err);
  };
  const settle = <T>(p: Promise<T>): Promise<T> =>
    failed
      ? Promise.reject(failed)
      : new Promise<T>((resolve, reject) => {
          failWait = reject;
          p.then(resolve, reject);
        });
  const input = createReadStream(file, { highWaterMark: 256 * 1024 });
  input.on('error', (err) => fail(err));
  const pipe = input.pipe.bind(input);
  input.pipe = <T extends NodeJS.WritableStream>(dest: T, options?: { end?: boolean }): T => {
    (dest as unknown as Readable).on('error', (err: Error) => fail(err));
    return pipe(dest, options);
  };
  // Loaded on first use: a CSV import (the common case) does not pay for exceljs's memory and start-up.
  const { default: ExcelJS } = await import('exceljs');
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(input, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    // Styles tell date cells from numbers (a birthday column would otherwise read 45296).
    styles: 'cache',
    entries: 'ignore',
  });
  const sheets = reader[Symbol.asyncIterator]();
  try {
    for (;;) {
      const next = await settle(sheets.next());
      if (next.done === true) return;
      const sheet = next.value;
      // The first tab in the workbook, which is not always the first sheet file in the zip.
      const first = (reader as unknown as { model?: { sheets?: Array<{ id: number }> } }).model?.sheets?.[0]?.id;
      const id = (sheet as unknown as { id?: number }).id;
      if (first !== undefined && id !== undefined && id !== first) continue;
      const rows = sheet[Symbol.asyncIterator]();
      let block: Row[] = [];
      for (;;) {
        const r = await settle(rows.next());
        if (r.done === true) {
          if (block.length > 0) yield block;
          return;
        }
        const values = r.value.values as unknown[];
        block.push({ row: r.value.number, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1])) });
        if (block.length >= blockSize) {
          yield block;
          block = [];
        }
      }
    }
  } finally {
    // Leaving early (one sheet read, a failure, or the consumer stopped) must still release the file.
    input.destroy();
  }
}

/** A cell's value as the text a user sees: integers in full (13800138000, never 1.38e10), rich text and links as text. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  // String() writes every integer below 1e21 in plain digits, and Excel keeps at most 15 significant digits.
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) {
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) return (v.richText as Array<{ text?: unknown }>).map((t) => cellText(t.text)).join('');
    if ('text' in v) return cellText(v.text);
    if ('result' in v) return cellText(v.result);
    if ('error' in v) return cellText(v.error);
  }
  return '';
}
