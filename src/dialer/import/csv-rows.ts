/** The rows of a CSV/TXT call list in the encoding detected, split on the delimiter its first line uses. */
import { createReadStream } from 'node:fs';
import { Transform } from 'node:stream';
import { parse } from 'csv-parse';
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

export async function* csvRows(file: string, encoding: TextEncoding, bomLength: number, delimiter: string): AsyncGenerator<Row> {
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
