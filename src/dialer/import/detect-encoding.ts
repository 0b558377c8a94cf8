/** Text encodings a call list arrives in: UTF-8 (Excel "CSV UTF-8", most tools), GB18030 (Excel's default "CSV" on
 * Chinese Windows, which writes GBK; GB18030 is its superset), and UTF-16 (Excel "Unicode Text"). */
export type TextEncoding = 'utf-8' | 'gb18030' | 'utf-16le' | 'utf-16be';

export interface DetectedEncoding {
  encoding: TextEncoding;
  /** Bytes of byte-order mark at the start of the file, to skip before decoding. */
  bomLength: number;
}

/** How much of the file the guess looks at: enough for the header and many rows, cheap to read. */
export const sniffBytes = 64 * 1024;

/**
 * Decides the encoding from the first bytes of a file (pass `complete` when `head` is the whole file).
 * A BOM decides outright; otherwise bytes that are strict UTF-8 are UTF-8 and anything else is GB18030.
 */
export function detectEncoding(head: Uint8Array, complete = head.length < sniffBytes): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, sniffBytes);
  // A cut through a multi-byte character is not an error: stream mode keeps an incomplete tail pending.
  const truncated = !complete || sample.length < head.length;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: truncated });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}
