/**
 * The WAV files of a directory for `hotline announcements import <dir>`: every *.wav under it (a folder named after a
 * label labels what is in it), each checked against the size cap by its size on disk before a byte is read.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { HotlineError } from '../errors.js';
import type { WavFile } from './library-commands.js';

export interface WavDir {
  files: WavFile[];
  /** Files that are not *.wav, left alone (relative paths). */
  skipped: string[];
}

/** Reads the directory's WAV files, sorted by path; refuses a missing or empty directory and an oversized file. */
export function readWavDir(dir: string, maxFileBytes: number, maxFiles: number): WavDir {
  let entries: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new Error('not a directory');
    entries = (readdirSync(dir, { recursive: true }) as string[]).sort();
  } catch (error) {
    throw new HotlineError('BAD_REQUEST', `${dir}: not a directory that can be read`, { key: 'dir', error });
  }
  const wavs: string[] = [];
  const skipped: string[] = [];
  for (const e of entries) {
    const path = join(dir, e);
    if (!statSync(path).isFile()) continue;
    (/\.wav$/i.test(e) ? wavs : skipped).push(e);
  }
  if (wavs.length === 0) throw new HotlineError('BAD_REQUEST', `${dir}: no .wav files in it`, { key: 'dir' });
  if (wavs.length > maxFiles) throw new HotlineError('BAD_REQUEST', `${dir}: ${wavs.length} files, more than announcements.maxFiles (${maxFiles}) in one import`, { key: 'dir', details: { files: wavs.length, maxFiles } });
  const name = (e: string) => relative(dir, join(dir, e)).split(sep).join('/');
  // Every size first: a file over the cap refuses the import before any file is read.
  for (const e of wavs) {
    const size = statSync(join(dir, e)).size;
    if (size > maxFileBytes) {
      throw new HotlineError('ANNOUNCEMENT_FILE_TOO_LARGE', `${name(e)}: ${size} bytes, larger than ${maxFileBytes} (announcements.maxFileBytes); nothing was imported`, { key: name(e), details: { file: name(e), size, maxBytes: maxFileBytes } });
    }
  }
  return { files: wavs.map((e) => ({ name: name(e), bytes: readFileSync(join(dir, e)) })), skipped: skipped.map(name) };
}
