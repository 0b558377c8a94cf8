import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDb } from '../../../src/store/db.js';
import { voice, wav } from '../announcement-library/audio-fixtures.js';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');

describe('hotline announcements from the shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-ann-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `ari: { password: x }\nstore: { path: ${join(dir, 'hotline.db')} }\n`);
  // Asynchronous, so the test worker keeps answering vitest while the CLI (run through tsx) starts.
  const run = (...args: string[]) =>
    new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
      execFile(process.execPath, [bin, '--config', config, ...args], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
        resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      );
    });
  /** How many announcements the database holds, read in-process (no CLI start). */
  const stored = () => {
    const db = openDb(join(dir, 'hotline.db'));
    try {
      return db.prepare('SELECT COUNT(*) FROM announcements').pluck().get() as number;
    } finally {
      db.close();
    }
  };
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const library = (name: string, files: Record<string, Buffer>) => {
    const root = join(dir, name);
    for (const [path, bytes] of Object.entries(files)) {
      mkdirSync(join(root, path, '..'), { recursive: true });
      writeFileSync(join(root, path), bytes);
    }
    return root;
  };

  it('starts empty, imports a directory labelled by folders and names, and lists it', async () => {
    expect((await run('announcements', 'list')).stdout).toBe('0 announcements (all)\n');
    const root = library('good', {
      'vacant/cm-01.wav': wav(voice(1)),
      'vacant/ct-01.wav': wav(voice(2), { format: 'alaw' }),
      '关机-联通.wav': wav(voice(3), { format: 'ulaw' }),
      'mystery.wav': wav(voice(4)),
      'README.txt': Buffer.from('recorded on 2026-11-02'),
    });
    const r = await run('announcements', 'import', root, '--json');
    expect(r.stderr).toBe('');
    const out = JSON.parse(r.stdout) as { items: Array<{ fileName: string; label: string | null; durationMs: number }>; skipped: string[] };
    expect(out.items.map((i) => [i.fileName, i.label, i.durationMs])).toEqual([
      ['mystery.wav', null, 2000],
      ['vacant/cm-01.wav', 'vacant', 2000],
      ['vacant/ct-01.wav', 'vacant', 2000],
      ['关机-联通.wav', 'powered-off', 2000],
    ]);
    expect(out.skipped).toEqual(['README.txt']);
    const list = await run('announcements', 'list', '--status', 'unknown');
    expect(list.stdout).toMatch(/^1 announcements \(unknown\)\n#\d+\t\(unknown\)\theard 0\ton 0 numbers\timported mystery\.wav\t2\.0 s\n$/);
    expect(JSON.parse((await run('announcements', 'list', '--json')).stdout).total).toBe(4);
    const forced = await run('announcements', 'import', library('forced', { 'a.wav': wav(voice(5)) }), '--label', 'busy');
    expect(forced.stdout).toMatch(/1 announcements imported .*\(1 labelled\)\n  #\d+ busy a\.wav 2\.0 s/);
  }, 120_000);

  it.each([
    ['not a WAV', 'notes.wav', () => Buffer.from('these are notes, not audio'), /ANNOUNCEMENT_NOT_WAV \[notes\.wav\]: notes\.wav: not a WAV file/],
    ['a 44.1 kHz file', 'cd.wav', () => wav(voice(1, 1000), { rate: 44100 }), /ANNOUNCEMENT_AUDIO_UNSUPPORTED \[cd\.wav\]: cd\.wav: sample rate 44100 Hz/],
    ['an empty file', 'empty.wav', () => Buffer.alloc(0), /ANNOUNCEMENT_AUDIO_EMPTY \[empty\.wav\]: empty\.wav: the file is empty/],
    ['a file over 60 s', 'long.wav', () => wav(voice(1, 61_000)), /ANNOUNCEMENT_TOO_LONG \[long\.wav\]: long\.wav: 61\.0 s/],
  ])('refuses a directory with %s, naming the file, and imports nothing', async (what, name, bytes, error) => {
    const root = library(`bad-${name}`, { 'vacant.wav': wav(voice(9)), [name]: bytes() });
    const before = stored();
    const r = await run('announcements', 'import', root);
    expect(r.status, what).toBe(1);
    expect(r.stderr).toMatch(error);
    expect(stored()).toBe(before);
  }, 120_000);

  it('refuses a 50 MB file by its size, before reading it', async () => {
    const root = library('huge', { 'vacant.wav': wav(voice(9)) });
    const fd = openSync(join(root, 'huge.wav'), 'w');
    ftruncateSync(fd, 50 * 1024 * 1024);
    closeSync(fd);
    const before = stored();
    const r = await run('announcements', 'import', root);
    expect(stored()).toBe(before);
    expect(r.stderr).toMatch(/ANNOUNCEMENT_FILE_TOO_LARGE \[huge\.wav\]: huge\.wav: 52428800 bytes, larger than 5242880 \(announcements\.maxFileBytes\); nothing was imported/);
    expect((await run('announcements', 'import', join(dir, 'nowhere'))).stderr).toMatch(/BAD_REQUEST \[dir\]: .*nowhere: not a directory/);
    expect((await run('announcements', 'import', library('x', { 'a.wav': wav(voice(1)) }), '--label', 'dead')).stderr).toMatch(/BAD_REQUEST \[label\]/);
  }, 120_000);
});
