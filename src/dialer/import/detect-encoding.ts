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
 * UTF-16 saved without a BOM (some exports and scripts write it so). A CSV is mostly ASCII (digits, commas, line
 * ends), and in UTF-16 every ASCII character has a zero high byte: zeros at odd offsets only is little-endian, at
 * even offsets only big-endian. UTF-8 and GB18030 text has no zero bytes at all, so neither is mistaken for it.
 */
function utf16WithoutBom(sample: Uint8Array): 'utf-16le' | 'utf-16be' | undefined {
  const pairs = sample.length >> 1;
  if (pairs < 2) return undefined;
  let evenZeros = 0;
  let oddZeros = 0;
  for (let i = 0; i < pairs * 2; i += 2) {
    if (sample[i] === 0) evenZeros += 1;
    if (sample[i + 1] === 0) oddZeros += 1;
  }
  // At least a quarter of the characters ASCII: a header row and phone digits give far more than that.
  const guess = evenZeros === 0 && oddZeros * 4 >= pairs ? 'utf-16le' : oddZeros === 0 && evenZeros * 4 >= pairs ? 'utf-16be' : undefined;
  if (guess === undefined) return undefined;
  // And it must read as text: a delimiter or line end somewhere, no control characters but tab and line ends.
  const decoded = new TextDecoder(guess).decode(sample.subarray(0, pairs * 2));
  return /[,;\t|\r\n]/.test(decoded) && !/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(decoded) ? guess : undefined;
}

/**
 * Decides the encoding from the first bytes of a file (pass `complete` when `head` is the whole file).
 * A BOM decides outright; then UTF-16 by its zero bytes; otherwise bytes that are strict UTF-8 are UTF-8 and anything
 * else is GB18030.
 */
export function detectEncoding(head: Uint8Array, complete = head.length < sniffBytes): DetectedEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  const sample = head.subarray(0, sniffBytes);
  const utf16 = utf16WithoutBom(sample);
  if (utf16) return { encoding: utf16, bomLength: 0 };
  // A cut through a multi-byte character is not an error: stream mode keeps an incomplete tail pending.
  const truncated = !complete || sample.length < head.length;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(sample, { stream: truncated });
    return { encoding: 'utf-8', bomLength: 0 };
  } catch {
    return { encoding: 'gb18030', bomLength: 0 };
  }
}
