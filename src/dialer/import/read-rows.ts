/**
 * Opens a call list as a stream of rows, whatever its format (csv-rows.ts, xlsx-rows.ts): tells the format from the
 * content, skips blank rows, finds the header row, and turns every reading failure into IMPORT_UNREADABLE.
 */
import { open } from 'node:fs/promises';
import { extname } from 'node:path';
import iconv from 'iconv-lite';
import { defined } from '../../defined.js';
import { isHotlineError } from '../../errors.js';
import { csvRows, sniffDelimiter } from './csv-rows.js';
import { detectEncoding, sniffBytes, type TextEncoding } from './detect-encoding.js';
import { unreadable } from './unreadable.js';
import { readTail, xlsxRows, zipComplete } from './xlsx-rows.js';
import { inflatedOutOfBounds, zipDirectoryOf, zipOutOfBounds } from './zip-bounds.js';

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
  /** The data rows after the header, blank rows skipped, in blocks as they were read. Errors are IMPORT_UNREADABLE. */
  blocks: AsyncIterable<Row[]>;
  /** The same rows one by one. Read either this or blocks, once. */
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

/**
 * Opens a call list (CSV/TXT in UTF-8, GBK/GB18030 or UTF-16, or the first worksheet of an XLSX) as a stream of rows.
 * The format comes from the content first (an XLSX is a zip, whatever its name), then the extension.
 */
export async function openRows(file: string, opts: OpenRowsOptions = {}): Promise<RowSource> {
  const head = await readHead(file);
  const ext = extname(file).toLowerCase();
  let format: 'csv' | 'xlsx';
  let encoding: TextEncoding | undefined;
  let records: AsyncGenerator<Row[]>;
  if (startsWith(head, zipMagic)) {
    format = 'xlsx';
    // exceljs's streaming reader never settles on a zip cut short (the promise just hangs), so check its end first.
    const tail = await readTail(file);
    if (!zipComplete(tail)) throw unreadable(file, 'the XLSX file is cut short or damaged (its zip directory is missing): upload it again');
    const directory = await zipDirectoryOf(file, tail.tail, tail.size);
    const tooBig = directory === undefined ? 'its zip directory cannot be read (Zip64 or damaged)' : (zipOutOfBounds(directory) ?? (await inflatedOutOfBounds(file, directory)));
    if (tooBig !== undefined) throw unreadable(file, `the XLSX file is refused: ${tooBig}`);
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

  const blocks = guarded(file, records);
  const { header, headerRow, pending } = await findHeader(file, blocks, opts);
  async function* data(): AsyncGenerator<Row[]> {
    if (pending.length > 0) yield pending;
    yield* blocks;
  }
  const dataBlocks = data();
  async function* rows(): AsyncGenerator<Row> {
    for await (const block of dataBlocks) yield* block;
  }
  return {
    format,
    ...defined({ encoding }),
    header,
    headerRow,
    blocks: dataBlocks,
    rows: rows(),
    close: async () => {
      await blocks.return(undefined);
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


/** Skips blank rows and turns every reading failure into IMPORT_UNREADABLE. */
async function* guarded(file: string, records: AsyncGenerator<Row[]>): AsyncGenerator<Row[]> {
  let last = 0;
  try {
    for await (const block of records) {
      if (block.length === 0) continue;
      last = block[block.length - 1]!.row;
      const kept = block.filter((r) => r.cells.some((c) => c !== '' && c.trim() !== ''));
      if (kept.length > 0) yield kept;
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
  blocks: AsyncGenerator<Row[]>,
  opts: OpenRowsOptions,
): Promise<{ header: string[]; headerRow: number; pending: Row[] }> {
  const limit = opts.headerSearchRows ?? 10;
  const seen: Row[] = [];
  for (;;) {
    const next = await blocks.next();
    if (next.done === true) break;
    const block = next.value;
    for (let i = 0; i < block.length; i++) {
      const r = block[i]!;
      if (opts.isHeader === undefined || opts.isHeader(r.cells)) return { header: r.cells, headerRow: r.row, pending: block.slice(i + 1) };
      seen.push(r);
      if (seen.length >= limit) {
        // No header among the first rows: the first non-blank row is the header.
        const first = seen.shift()!;
        return { header: first.cells, headerRow: first.row, pending: [...seen, ...block.slice(i + 1)] };
      }
    }
  }
  const first = seen.shift();
  if (first === undefined) throw unreadable(file, 'the file has no rows');
  return { header: first.cells, headerRow: first.row, pending: seen };
}
