/**
 * Bounds on what an XLSX (a zip) may unpack to, read from its central directory before exceljs opens it. A zip bomb
 * is a few kilobytes that inflate to gigabytes; exceljs caches the shared strings in memory, so one would take the
 * service down. The directory states every entry's sizes: too many entries, one entry inflating far beyond what XML
 * does, or a total too large is refused before any byte is inflated. A directory can lie about sizes (exceljs's unzipper reads
 * the local headers and inflates until each deflate stream ends), so inflatedOutOfBounds then inflates every part
 * once, counting the bytes it really gives and stopping at the first bound, before exceljs is let near it. Pure over the bytes; the reader is the one shell function at the end.
 */
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';

export const zipLimits = {
  /** An XLSX has a dozen parts; thousands are not a spreadsheet. */
  maxEntries: 2000,
  /** Spreadsheet XML deflates 5-20 times; a bomb, a thousand times. Checked for entries over 1 MiB. */
  maxRatio: 100,
  /** Everything unpacked together. */
  maxTotalBytes: 1024 * 1024 * 1024,
} as const;

export interface ZipDirectory {
  entries: number;
  /** Bytes the entries unpack to, in all. */
  totalBytes: number;
  /** The largest unpacked-to-packed ratio of an entry over 1 MiB. */
  worstRatio: number;
  /** Where each part's local header is, and how it is packed (8: deflate), for inflatedOutOfBounds. */
  parts?: Array<{ method: number; localOffset: number }>;
}

/** Sums the central directory's records (signature 0x02014b50); undefined when it is not one. */
export function readZipDirectory(cd: Uint8Array): ZipDirectory | undefined {
  const view = new DataView(cd.buffer, cd.byteOffset, cd.byteLength);
  let at = 0;
  let entries = 0;
  let totalBytes = 0;
  let worstRatio = 0;
  const parts: Array<{ method: number; localOffset: number }> = [];
  while (at + 46 <= cd.byteLength) {
    if (view.getUint32(at, true) !== 0x02014b50) return undefined;
    const packed = view.getUint32(at + 20, true);
    const unpacked = view.getUint32(at + 24, true);
    // Zip64 sizes live in an extra field; 0xffffffff already says "4 GiB or more", over any bound here.
    entries += 1;
    totalBytes += unpacked;
    if (parts.length <= zipLimits.maxEntries) parts.push({ method: view.getUint16(at + 10, true), localOffset: view.getUint32(at + 42, true) });
    if (unpacked > 1024 * 1024) worstRatio = Math.max(worstRatio, unpacked / Math.max(packed, 1));
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { entries, totalBytes, worstRatio, parts };
}

/** Why the directory is out of bounds, or undefined when it is within them. */
export function zipOutOfBounds(d: ZipDirectory): string | undefined {
  if (d.entries > zipLimits.maxEntries) return `${d.entries} parts in the zip (at most ${zipLimits.maxEntries})`;
  if (d.worstRatio > zipLimits.maxRatio) return `a part inflates ${Math.round(d.worstRatio)} times (at most ${zipLimits.maxRatio}): a zip bomb, not a spreadsheet`;
  if (d.totalBytes > zipLimits.maxTotalBytes) return `it unpacks to ${d.totalBytes} bytes (at most ${zipLimits.maxTotalBytes})`;
  return undefined;
}

/** Reads the central directory the end record points at (zipComplete has checked it is there). */
export async function zipDirectoryOf(file: string, tail: Uint8Array, size: number): Promise<ZipDirectory | undefined> {
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail[i] !== 0x50 || tail[i + 1] !== 0x4b || tail[i + 2] !== 0x05 || tail[i + 3] !== 0x06) continue;
    const view = new DataView(tail.buffer, tail.byteOffset + i, 22);
    const cdSize = view.getUint32(12, true);
    const cdOffset = view.getUint32(16, true);
    if (cdSize === 0xffffffff || cdOffset === 0xffffffff || cdOffset + cdSize > size) return undefined;
    const fh = await open(file, 'r');
    try {
      const buf = Buffer.alloc(cdSize);
      await fh.read(buf, 0, cdSize, cdOffset);
      return readZipDirectory(buf);
    } finally {
      await fh.close();
    }
  }
  return undefined;
}

/** Inflates one deflated part from its data start, counting what comes out; stops early once over a bound. */
async function inflatePart(file: string, dataStart: number, budget: number): Promise<{ out: number; over: boolean }> {
  const fh = await open(file, 'r');
  const inflate = createInflateRaw();
  let out = 0;
  let over = false;
  let ended = false;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  inflate.on('data', (chunk: Buffer) => {
    out += chunk.length;
    if (out > budget || (out > 1024 * 1024 && out > zipLimits.maxRatio * Math.max(inflate.bytesWritten, 1))) {
      over = true;
      stop();
    }
  });
  inflate.on('end', () => ((ended = true), stop()));
  // A damaged stream is exceljs's to report (IMPORT_UNREADABLE there); here it only ends the count.
  inflate.on('error', () => ((ended = true), stop()));
  try {
    const buf = Buffer.alloc(64 * 1024);
    let pos = dataStart;
    while (!ended && !over) {
      const { bytesRead } = await fh.read(buf, 0, buf.length, pos);
      if (bytesRead === 0) {
        inflate.end();
        await stopped;
        break;
      }
      pos += bytesRead;
      const wrote = new Promise<void>((resolve) => inflate.write(Buffer.from(buf.subarray(0, bytesRead)), () => resolve()));
      await Promise.race([wrote, stopped]);
    }
    return { out, over };
  } finally {
    inflate.destroy();
    await fh.close();
  }
}

/**
 * Inflates every deflated part once, counting the bytes it really gives (whatever the directory declares); why it is
 * out of bounds (the same bounds as zipOutOfBounds), or undefined. Memory stays at one 64 KiB buffer.
 */
export async function inflatedOutOfBounds(file: string, d: ZipDirectory): Promise<string | undefined> {
  let total = 0;
  const fh = await open(file, 'r');
  const header = Buffer.alloc(30);
  const starts: number[] = [];
  try {
    for (const p of d.parts ?? []) {
      if (p.method !== 8) continue;
      const { bytesRead } = await fh.read(header, 0, 30, p.localOffset);
      if (bytesRead < 30 || header.readUInt32LE(0) !== 0x04034b50) continue;
      starts.push(p.localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28));
    }
  } finally {
    await fh.close();
  }
  for (const start of starts) {
    const r = await inflatePart(file, start, zipLimits.maxTotalBytes - total);
    total += r.out;
    if (total > zipLimits.maxTotalBytes) return `it unpacks to more than ${zipLimits.maxTotalBytes} bytes (at most ${zipLimits.maxTotalBytes})`;
    if (r.over) return `a part inflates over ${zipLimits.maxRatio} times: a zip bomb, not a spreadsheet (its directory understates it)`;
  }
  return undefined;
}
