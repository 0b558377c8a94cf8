/**
 * A pinned package set for the lab (issue 17): the .deb files a successful provisioning installed (Asterisk and
 * every dependency apt fetched for it), with a manifest of names, versions and SHA-256 sums. When Debian sid's
 * Asterisk cannot be installed (removed from sid, a broken dependency), `hotline lab provision --from-cache DIR`
 * installs this set with dpkg instead of asking the mirror. The manifest is checked before anything is touched.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { HotlineError } from '../errors.js';

export interface PinnedPackage {
  name: string;
  version: string;
  file: string;
  sha256: string;
}

export interface PinnedManifest {
  /** The Asterisk version the set installs. */
  asterisk: string;
  createdAt: string;
  packages: PinnedPackage[];
}

export const manifestName = 'pinned-set.json';

/** name_version_arch.deb as apt saves it (an epoch's colon is written %3a). */
export function debFileInfo(file: string): { name: string; version: string } | undefined {
  const m = /^([a-z0-9][a-z0-9+.-]*)_([^_]+)_([a-z0-9-]+)\.deb$/.exec(basename(file));
  return m ? { name: m[1]!, version: decodeURIComponent(m[2]!) } : undefined;
}

const sha256 = (file: string): string => createHash('sha256').update(readFileSync(file)).digest('hex');

const refused = (dir: string, why: string) =>
  new HotlineError('LAB_PROVISION_FAILED', `the pinned package set in ${dir} cannot be used: ${why}`, { key: 'from-cache', details: { dir } });

/** Copies the .deb files of `archives` into `dir` with their manifest (written last, so a set is whole or absent). */
export function savePinnedSet(archives: string, dir: string, now: Date): PinnedManifest | undefined {
  const debs = existsSync(archives) ? readdirSync(archives).filter((f) => f.endsWith('.deb')) : [];
  const packages = debs.flatMap((f) => {
    const info = debFileInfo(f);
    return info ? [{ ...info, file: f, sha256: sha256(join(archives, f)) }] : [];
  });
  const asterisk = packages.find((p) => p.name === 'asterisk');
  if (!asterisk) return undefined;
  const tmp = `${dir}.${process.pid}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  for (const p of packages) copyFileSync(join(archives, p.file), join(tmp, p.file));
  const manifest: PinnedManifest = { asterisk: asterisk.version, createdAt: now.toISOString(), packages };
  writeFileSync(join(tmp, manifestName), `${JSON.stringify(manifest, null, 2)}\n`);
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return manifest;
}

/** The set in `dir`, every file present with its recorded sum and Asterisk among them; else LAB_PROVISION_FAILED saying why. */
export function readPinnedSet(dir: string): PinnedManifest {
  const file = join(dir, manifestName);
  if (!existsSync(file)) throw refused(dir, `no ${manifestName} (a set is saved by a provisioning that installed Asterisk from the mirror)`);
  let m: PinnedManifest;
  try {
    m = JSON.parse(readFileSync(file, 'utf8')) as PinnedManifest;
  } catch {
    throw refused(dir, `${manifestName} is not JSON`);
  }
  if (!Array.isArray(m.packages) || !m.packages.some((p) => p.name === 'asterisk')) throw refused(dir, 'it holds no asterisk package');
  for (const p of m.packages) {
    if (basename(p.file) !== p.file || !p.file.endsWith('.deb')) throw refused(dir, `${JSON.stringify(p.file)} is not a .deb file name`);
    const path = join(dir, p.file);
    if (!existsSync(path)) throw refused(dir, `${p.file} is missing`);
    if (sha256(path) !== p.sha256) throw refused(dir, `${p.file} does not match its SHA-256 in ${manifestName}`);
  }
  return m;
}

/** What a failed install from the mirror says: what failed, and the way out when an earlier run saved a set. */
export function installFailedHint(pinnedDir: string | undefined, saved: PinnedManifest | undefined): string {
  const lead = "Debian sid's Asterisk could not be installed from the mirror (the package may be missing from sid or its dependencies broken).";
  if (pinnedDir && saved) return `${lead} A pinned set from an earlier run is in ${pinnedDir} (asterisk ${saved.asterisk}, saved ${saved.createdAt}): run \`hotline lab provision --from-cache ${pinnedDir}\`.`;
  return `${lead} No pinned set was saved on this machine; copy one made elsewhere (lab.cache.dir/pinned) and run \`hotline lab provision --from-cache DIR\`.`;
}
