/** The lab's pinned package set (issue 17): saved from apt's archives, checked before use, named in the failure. Temp dirs only. */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../../src/errors.js';
import { debFileInfo, installFailedHint, manifestName, readPinnedSet, savePinnedSet } from '../../../src/lab/pinned-set.js';

function archives(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-archives-'));
  for (const [f, content] of Object.entries(files)) writeFileSync(join(dir, f), content);
  return dir;
}
const debs = { 'asterisk_1%3a22.5.2~dfsg+~cs6.15.60671435-1_amd64.deb': 'ast', 'libjansson4_2.14-2+b3_amd64.deb': 'jans', 'partial': '' };
const errorOf = (fn: () => unknown): string => {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('LAB_PROVISION_FAILED');
    return (err as Error).message;
  }
  return 'no error';
};

describe('pinned package set', () => {
  it('reads name and version (epoch included) from apt file names', () => {
    expect(debFileInfo('asterisk_1%3a22.5.2~dfsg+~cs6.15.60671435-1_amd64.deb')).toEqual({ name: 'asterisk', version: '1:22.5.2~dfsg+~cs6.15.60671435-1' });
    expect(debFileInfo('lock')).toBeUndefined();
  });

  it('saves the .debs with a manifest and reads the set back', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hotline-pinned-')), 'pinned');
    const m = savePinnedSet(archives(debs), dir, new Date('2026-12-07T10:00:00Z'))!;
    expect(m).toMatchObject({ asterisk: '1:22.5.2~dfsg+~cs6.15.60671435-1', createdAt: '2026-12-07T10:00:00.000Z' });
    expect(m.packages.map((p) => p.name).sort()).toEqual(['asterisk', 'libjansson4']);
    expect(readPinnedSet(dir)).toEqual(m);
  });

  it('saves nothing when apt did not fetch asterisk', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'hotline-pinned-')), 'pinned');
    expect(savePinnedSet(archives({ 'libjansson4_2.14-2+b3_amd64.deb': 'j' }), dir, new Date())).toBeUndefined();
  });

  it('refuses a set before anything is installed: no manifest, a missing file, a file changed since, no asterisk', () => {
    const empty = mkdtempSync(join(tmpdir(), 'hotline-pinned-'));
    expect(errorOf(() => readPinnedSet(empty))).toMatch(/cannot be used: no pinned-set.json/);
    const dir = join(mkdtempSync(join(tmpdir(), 'hotline-pinned-')), 'pinned');
    savePinnedSet(archives(debs), dir, new Date());
    writeFileSync(join(dir, 'libjansson4_2.14-2+b3_amd64.deb'), 'tampered');
    expect(errorOf(() => readPinnedSet(dir))).toMatch(/libjansson4_2\.14-2\+b3_amd64\.deb does not match its SHA-256/);
    const manifest = JSON.parse(readFileSync(join(dir, manifestName), 'utf8'));
    manifest.packages = manifest.packages.filter((p: { name: string }) => p.name !== 'asterisk');
    writeFileSync(join(dir, manifestName), JSON.stringify(manifest));
    expect(errorOf(() => readPinnedSet(dir))).toMatch(/holds no asterisk package/);
    const escape = join(mkdtempSync(join(tmpdir(), 'hotline-pinned-')), 'x');
    mkdirSync(escape);
    writeFileSync(join(escape, manifestName), JSON.stringify({ packages: [{ name: 'asterisk', file: '../../etc/passwd', sha256: '' }] }));
    expect(errorOf(() => readPinnedSet(escape))).toMatch(/is not a \.deb file name/);
  });

  it('a failed install from the mirror says so, and names the way out', () => {
    expect(installFailedHint('/var/cache/hotline-lab/pinned', { asterisk: '1:22.5.2-1', createdAt: '2026-12-01T08:00:00.000Z', packages: [] })).toBe(
      "Debian sid's Asterisk could not be installed from the mirror (the package may be missing from sid or its dependencies broken). A pinned set from an earlier run is in /var/cache/hotline-lab/pinned (asterisk 1:22.5.2-1, saved 2026-12-01T08:00:00.000Z): run `hotline lab provision --from-cache /var/cache/hotline-lab/pinned`.",
    );
    expect(installFailedHint(undefined, undefined)).toMatch(/No pinned set was saved on this machine.*--from-cache DIR/);
  });
});
