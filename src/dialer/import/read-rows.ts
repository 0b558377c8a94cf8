import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename, extname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { HotlineError, isHotlineError } from '../../errors.js';
import { detectEncoding, sniffBytes, type TextEncoding } from './detect-encoding.js';

/** One data row: `row` is the number a spreadsheet shows for it (the header is usually row 1, so data starts at 2). */
export interface Row {
  row: number;
  cells: string[];
}

export interface RowSource {
  format: 'csv' | 'xlsx';
  /** The text encoding of a CSV file. */
  encoding?: TextEncoding;
  header: string[];
  headerRow: number;
  /** The data rows after the header, blank rows skipped; read once. Errors are IMPORT_UNREADABLE. */
  rows: AsyncIterable<Row>;
  /** Releases the file when the rows are not read to the end. */
  close(): Promise<void>;
}

export interface OpenRowsOptions {
  /** Recognizes the header row, so title rows above it ("客户名单 2024年3月") are passed over. */
  isHeader?: (cells: readonly string[]) => boolean;
  /** How many non-blank rows the header is looked for in; when none matches, the first non-blank row is the header. */
  headerSearchRows?: number;
}

const zipMagic = [0x50, 0x4b, 0x03, 0x04];
const oleMagic = [0xd0, 0xcf, 0x11, 0xe0];
const startsWith = (head: Uint8Array, magic: number[]) => magic.every((b, i) => head[i] === b);

/** IMPORT_UNREADABLE naming the file and why. */
function unreadable(file: string, why: string, error?: unknown): HotlineError {
  return new HotlineError('IMPORT_UNREADABLE', `${basename(file)}: ${why}`, { key: file, ...(error === undefined ? {} : { error }) });
}

/**
 * Opens a call list (CSV/TXT in UTF-8, GBK/GB18030 or UTF-16, or the first worksheet of an XLSX) as a stream of rows.
 * The format comes from the content first (an XLSX is a zip, whatever its name), then the extension.
 */
export async function openRows(file: string, opts: OpenRowsOptions = {}): Promise<RowSource> {
  const head = await readHead(file);
  const ext = extname(file).toLowerCase();
  let format: 'csv' | 'xlsx';
  let encoding: TextEncoding | undefined;
  let records: AsyncGenerator<Row>;
  if (startsWith(head, zipMagic)) {
    format = 'xlsx';
    // exceljs's streaming reader never settles on a zip cut short (the promise just hangs), so check its end first.
    if (!zipComplete(await readTail(file))) throw unreadable(file, 'the XLSX file is cut short or damaged (its zip directory is missing): upload it again');
    records = xlsxRows(file);
  } else if (startsWith(head, oleMagic) || ext === '.xls') {
    throw unreadable(file, 'old Excel .xls files are not supported: save it as .xlsx or CSV');
  } else if (ext === '.xlsx') {
    throw unreadable(file, 'not an XLSX file (no zip signature): the file is damaged or was renamed');
  } else if (ext === '.csv' || ext === '.txt' || ext === '.tsv') {
    format = 'csv';
    const detected = detectEncoding(head, head.length < sniffBytes);
    encoding = detected.encoding;
    if (detected.encoding !== 'utf-16le' && detected.encoding !== 'utf-16be' && head.includes(0)) {
      throw unreadable(file, 'binary content, not a text CSV file');
    }
    records = csvRows(file, detected.encoding, detected.bomLength, sniffDelimiter(iconv.decode(Buffer.from(head.subarray(detected.bomLength)), detected.encoding)));
  } else {
    throw unreadable(file, `unknown file type "${ext || '(no extension)'}": expected .csv, .txt or .xlsx`);
  }

  const rows = guarded(file, records);
  const { header, headerRow, pending } = await findHeader(file, rows, opts);
  async function* data(): AsyncGenerator<Row> {
    yield* pending;
    yield* rows;
  }
  return {
    format,
    ...(encoding === undefined ? {} : { encoding }),
    header,
    headerRow,
    rows: data(),
    close: async () => {
      await rows.return(undefined);
    },
  };
}

async function readHead(file: string): Promise<Uint8Array> {
  let fh;
  try {
    fh = await open(file, 'r');
  } catch (error) {
    throw unreadable(file, `cannot open the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  }
  try {
    const buf = Buffer.alloc(sniffBytes);
    const { bytesRead } = await fh.read(buf, 0, sniffBytes, 0);
    return buf.subarray(0, bytesRead);
  } catch (error) {
    throw unreadable(file, `cannot read the file (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`, error);
  } finally {
    await fh.close();
  }
}

async function readTail(file: string): Promise<{ tail: Uint8Array; size: number }> {
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

/** Skips blank rows and turns every reading failure into IMPORT_UNREADABLE. */
async function* guarded(file: string, records: AsyncGenerator<Row>): AsyncGenerator<Row> {
  let last = 0;
  try {
    for await (const r of records) {
      last = r.row;
      if (r.cells.some((c) => c.trim() !== '')) yield r;
    }
  } catch (error) {
    if (isHotlineError(error)) throw error;
    const where = last === 0 ? 'cannot be read' : `cannot be read past row ${last}`;
    throw unreadable(file, `the file is damaged or cut short: it ${where} (${(error as Error).message})`, error);
  } finally {
    await records.return(undefined);
  }
}

async function findHeader(
  file: string,
  rows: AsyncGenerator<Row>,
  opts: OpenRowsOptions,
): Promise<{ header: string[]; headerRow: number; pending: Row[] }> {
  const limit = opts.headerSearchRows ?? 10;
  const seen: Row[] = [];
  while (seen.length < limit) {
    const next = await rows.next();
    if (next.done === true) break;
    const r = next.value;
    if (opts.isHeader === undefined || opts.isHeader(r.cells)) return { header: r.cells, headerRow: r.row, pending: [] };
    seen.push(r);
  }
  const first = seen.shift();
  if (first === undefined) throw unreadable(file, 'the file has no rows');
  return { header: first.cells, headerRow: first.row, pending: seen };
}

/** The delimiter of the first line: comma, tab (Excel's "Unicode text") or semicolon (European Excel), counted outside quotes. */
export function sniffDelimiter(text: string): string {
  const counts: Record<string, number> = { ',': 0, '\t': 0, ';': 0 };
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch]!++;
  }
  const best = Object.entries(counts).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

/** Strict UTF-8 decoding as a stream, so GBK bytes after the sniffed head fail loudly instead of becoming U+FFFD. */
function strictUtf8(file: string): Transform {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  return new Transform({
    decodeStrings: true,
    readableObjectMode: true,
    transform(chunk: Buffer, _enc, done) {
      try {
        done(null, decoder.decode(chunk, { stream: true }));
      } catch {
        done(unreadable(file, 'invalid UTF-8 after the first 64 KiB: the file mixes encodings, or is GBK with only ASCII at its start; save it as UTF-8'));
      }
    },
    flush(done) {
      try {
        done(null, decoder.decode());
      } catch {
        done(unreadable(file, 'the file ends inside a UTF-8 character (cut short?)'));
      }
    },
  });
}

async function* csvRows(file: string, encoding: TextEncoding, bomLength: number, delimiter: string): AsyncGenerator<Row> {
  const input = createReadStream(file, { start: bomLength, highWaterMark: 256 * 1024 });
  const decoder: Transform = encoding === 'utf-8' ? strictUtf8(file) : (iconv.decodeStream(encoding) as unknown as Transform);
  // Empty lines are kept as records (and skipped later) so that row numbers match what a spreadsheet shows.
  const parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  // pipe() does not forward errors: each stage's failure is handed to the parser, whose iterator throws it.
  input.on('error', (err) => parser.destroy(err));
  decoder.on('error', (err: Error) => parser.destroy(err));
  input.pipe(decoder).pipe(parser);
  let row = 0;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      row++;
      yield { row, cells: record };
    }
  } finally {
    input.destroy();
    decoder.destroy();
    parser.destroy();
  }
}

async function* xlsxRows(file: string): AsyncGenerator<Row> {
  // exceljs does not pass on an error of its unzipper (a damaged deflate stream): its promises just never settle.
  // Tapping the pipe from our file stream into the unzipper lets such a failure end the read instead.
  let fail: (err: Error) => void = () => undefined;
  const failure = new Promise<never>((_, reject) => (fail = reject));
  failure.catch(() => undefined);
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
      const next = await Promise.race([sheets.next(), failure]);
      if (next.done === true) return;
      const sheet = next.value;
      // The first tab in the workbook, which is not always the first sheet file in the zip.
      const first = (reader as unknown as { model?: { sheets?: Array<{ id: number }> } }).model?.sheets?.[0]?.id;
      const id = (sheet as unknown as { id?: number }).id;
      if (first !== undefined && id !== undefined && id !== first) continue;
      const rows = sheet[Symbol.asyncIterator]();
      for (;;) {
        const r = await Promise.race([rows.next(), failure]);
        if (r.done === true) return;
        const values = r.value.values as unknown[];
        yield { row: r.value.number, cells: Array.from({ length: Math.max(values.length - 1, 0) }, (_, i) => cellText(values[i + 1])) };
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
