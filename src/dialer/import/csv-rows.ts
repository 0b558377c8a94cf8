/** The rows of a CSV/TXT call list in the encoding detected, split on the delimiter its first line uses. */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { Parser, type Options } from 'csv-parse';
import iconv from 'iconv-lite';
import type { TextEncoding } from './detect-encoding.js';
import type { Row } from './read-rows.js';
import { unreadable } from './unreadable.js';

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

/**
 * Where the last whole UTF-8 character of `bytes` ends: a read chunk can stop inside a character, whose start is kept
 * for the next chunk.
 */
export function utf8Cut(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1, seen = 1; i >= 0 && seen <= 4; i--, seen++) {
    const b = bytes[i]!;
    if (b < 0x80) return end;
    if (b >= 0xc0) {
      const need = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return i + need > end ? i : end;
    }
  }
  return end;
}

/**
 * The file's bytes checked as strict UTF-8, in whole characters, so GBK bytes after the sniffed head fail loudly
 * instead of becoming U+FFFD. The bytes go to csv-parse as they are: decoding them to a string first, as a decoder
 * stream does, only for csv-parse to encode them again, cost a third of the reading time.
 */
async function* strictUtf8(file: string, input: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  let carry: Buffer | undefined;
  for await (const chunk of input) {
    const bytes = carry === undefined ? chunk : Buffer.concat([carry, chunk]);
    const cut = utf8Cut(bytes);
    const whole = bytes.subarray(0, cut);
    if (!isUtf8(whole)) throw unreadable(file, 'invalid UTF-8 after the first 64 KiB: the file mixes encodings, or is GBK with only ASCII at its start; save it as UTF-8');
    carry = cut < bytes.length ? Buffer.from(bytes.subarray(cut)) : undefined;
    yield whole;
  }
  if (carry !== undefined) throw unreadable(file, 'the file ends inside a UTF-8 character (cut short?)');
}

/** Other encodings through iconv-lite's decoder, as text. */
async function* decoded(input: AsyncIterable<Buffer>, encoding: TextEncoding): AsyncGenerator<string> {
  const decoder = iconv.getDecoder(encoding);
  for await (const chunk of input) {
    const text = decoder.write(chunk);
    if (text !== '') yield text;
  }
  const rest = decoder.end();
  if (rest !== undefined && rest !== '') yield rest;
}

/**
 * csv-parse's stream parser with each record taken as it is parsed instead of pushed on through the stream (a Transform
 * hands out what it makes through push()); its on_record hook would do the same but builds an info object per record.
 */
class RecordTaker extends Parser {
  readonly #onRecord: (record: string[]) => void;

  constructor(options: Options, onRecord: (record: string[]) => void) {
    super(options);
    this.#onRecord = onRecord;
  }

  override push(chunk: unknown): boolean {
    if (chunk === null) return super.push(null);
    this.#onRecord(chunk as string[]);
    return true;
  }
}

/**
 * The rows of a CSV file, a block at a time: each read chunk is parsed at once and its rows handed on together, since
 * an await per row (through the parser's stream and each generator above it) cost more than the parsing.
 */
export async function* csvRows(file: string, encoding: TextEncoding, bomLength: number, delimiter: string): AsyncGenerator<Row[]> {
  const input = createReadStream(file, { start: bomLength, highWaterMark: 64 * 1024 });
  let block: Row[] = [];
  let row = 0;
  // Empty lines are kept as records (and skipped later) so that row numbers match what a spreadsheet shows.
  const parser = new RecordTaker({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }, (record) =>
    block.push({ row: ++row, cells: record }),
  );
  let failure: Error | undefined;
  parser.on('error', (err) => (failure ??= err));
  const feed = (data: Buffer | string) =>
    new Promise<void>((resolve, reject) => parser.write(data, (err) => (err ? reject(err) : failure ? reject(failure) : resolve())));
  try {
    const chunks = encoding === 'utf-8' ? strictUtf8(file, input) : decoded(input, encoding);
    for await (const chunk of chunks) {
      await feed(chunk);
      if (block.length > 0) {
        yield block;
        block = [];
      }
    }
    await new Promise<void>((resolve, reject) => {
      parser.once('error', reject);
      parser.end(() => (failure ? reject(failure) : resolve()));
    });
    if (block.length > 0) yield block;
  } finally {
    input.destroy();
    parser.destroy();
  }
}
