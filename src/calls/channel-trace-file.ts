/**
 * Reads Asterisk's channel record (the CEL file cel_custom writes, asterisk/etc/cel_custom.conf) for a reconciliation:
 * only its last TRACE_TAIL_BYTES, so a year of records costs no more than the last hours (about 40,000 calls).
 * Null when there is no file to read (Asterisk elsewhere, CEL off): reconciliation then closes what it missed as before.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { join } from 'node:path';
import { labRootOf } from '../config/lab-root.js';
import { parseChannelTraces, type ChannelTraces } from './channel-trace.js';

export const TRACE_TAIL_BYTES = 16 * 1024 * 1024;

/** Where the channel record is: `telephony.celFile`, or the lab chroot's (`inChroot`: the lab instance's, src/lab/render.ts). */
export function celFileOf(celFile: string | undefined, labDir: string, inChroot = '/var/log/asterisk/hotline-cel.json'): string {
  return celFile ?? join(labRootOf(labDir), inChroot);
}

export function readChannelTraces(path: string, maxBytes = TRACE_TAIL_BYTES): ChannelTraces | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    const start = Math.max(0, size - maxBytes);
    const buf = Buffer.alloc(size - start);
    readSync(fd, buf, 0, buf.length, start);
    let text = buf.toString('utf8');
    // A tail starts mid-line: that partial first line is dropped, and the record counts as complete from the next.
    if (start > 0) text = text.slice(text.indexOf('\n') + 1);
    return parseChannelTraces(text);
  } finally {
    closeSync(fd);
  }
}
