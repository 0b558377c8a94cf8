/**
 * Reading a flow file or a file it includes, safely. Flow text can come from an API caller (validate, upload), so an
 * `include:` entry is untrusted: it may name `/dev/zero` (reading it grows until V8 aborts, which nothing catches), a
 * FIFO (the read blocks the event loop for good), or any server path whose error or YAML keys would be echoed back.
 * So an include must lie inside the flows folder (checked on the path as written before the file system is touched,
 * then again on the real path, so a symbolic link cannot lead out), be a regular file, and be small.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Bounds on what one flow may pull in; data, so a test can name them. */
export const flowFileLimits = {
  /** The API takes flow text up to 512 KiB; a file on disk or an include gets the same. */
  maxBytes: 512 * 1024,
  /** Include files per flow. */
  maxIncludes: 16,
} as const;

export type FlowFileRead =
  | { ok: true; text: string }
  /** missing: not there or not readable (inside the folder: safe to say); refused: outside, not a regular file, too big. */
  | { ok: false; reason: 'missing' | 'refused'; message: string };

const inside = (root: string, p: string): boolean => {
  const rel = relative(root, p);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel);
};

/**
 * Reads `file` as UTF-8 when it is a regular file of at most `maxBytes`, and, when `root` is given, inside `root`
 * both as written and once links are followed. A path outside `root` is refused without touching the file system,
 * so the answer says nothing about what exists there.
 */
export function readFlowFile(file: string, root: string | undefined, maxBytes: number = flowFileLimits.maxBytes): FlowFileRead {
  const path = resolve(file);
  const refused = (why: string): FlowFileRead => ({ ok: false, reason: 'refused', message: why });
  if (root !== undefined && !inside(resolve(root), path)) return refused('only files inside the flows folder may be included');
  let fd: number;
  try {
    const real = realpathSync(path);
    if (root !== undefined && !inside(realpathSync(resolve(root)), real)) return refused('only files inside the flows folder may be included');
    // O_NONBLOCK: opening a FIFO must not wait for a writer; fstat below refuses it anyway.
    fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    return { ok: false, reason: 'missing', message: `cannot read it: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
  }
  try {
    const st = fstatSync(fd);
    if (!st.isFile()) return refused('not a regular file');
    if (st.size > maxBytes) return refused(`larger than ${maxBytes} bytes`);
    // Read at most maxBytes + 1 whatever the size said, so a file that grows meanwhile is still bounded.
    const buf = Buffer.alloc(Math.min(st.size, maxBytes) + 1);
    let n = 0;
    for (let r = 1; r > 0 && n < buf.length; n += r) r = readSync(fd, buf, n, buf.length - n, n);
    if (n > maxBytes) return refused(`larger than ${maxBytes} bytes`);
    return { ok: true, text: buf.subarray(0, n).toString('utf8') };
  } catch (err) {
    return { ok: false, reason: 'missing', message: `cannot read it: ${(err as NodeJS.ErrnoException).code ?? 'error'}` };
  } finally {
    closeSync(fd);
  }
}
