import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { inChroot, mountsUnder, writeChrootHostFiles } from './chroot.js';
import { run, tailLines, type RunResult } from '../process/run.js';
import { assertRoot, ensureHostTools } from './host-tools.js';
import { prepareLabAudio } from './audio.js';
import { assertMirrorReachable } from './mirror.js';
import { labPaths, type LabPaths } from './paths.js';
import { cacheUsable, chrootCache, restoreChroot, saveChroot } from './chroot-cache.js';
import { runningPid } from './asterisk-process.js';
import { installFailedHint, manifestName, readPinnedSet, savePinnedSet, type PinnedManifest } from './pinned-set.js';
import { elapsedMs, formatMs, stderrProgress, type Progress } from './progress.js';

/** Debian packages installed in the chroot. The wav prompts avoid transcoding GSM on every Playback. */
export const chrootPackages = [
  'asterisk',
  'asterisk-core-sounds-en',
  'asterisk-core-sounds-en-wav',
  'asterisk-moh-opsound-wav',
  // The SIP edge of the multi-node lab (issue 14): dispatcher and registrar are in the core package.
  'kamailio',
] as const;

/** Directories Asterisk writes to; it runs as the `asterisk` user, which cannot override file permissions. */
const asteriskVarDirs = [
  '/var/lib/asterisk',
  '/var/log/asterisk',
  '/var/spool/asterisk',
  '/var/cache/asterisk',
  '/var/run/asterisk',
];

/** Options for {@link provisionLab}. */
export interface ProvisionOptions {
  progress?: Progress;
  /** Rebuild the chroot even when it is complete. */
  force?: boolean;
  /** Install Asterisk from this pinned package set (pinned-set.ts) instead of the mirror. */
  fromCache?: string;
}

/** What provisioning did. */
export interface ProvisionResult {
  /** True when a complete chroot was already there. */
  reused: boolean;
  /** The Asterisk package version installed in the chroot. */
  version: string;
  /** Wall time of this call. */
  ms: number;
}

/** The installed Asterisk version when the chroot is complete (marker present), else undefined. */
export function provisionedVersion(paths: LabPaths): string | undefined {
  if (!existsSync(paths.marker) || !existsSync(join(paths.root, 'usr/sbin/asterisk'))) return undefined;
  // A chroot from before Kamailio joined the package list is rebuilt (from the cache when it holds this list).
  if (!existsSync(join(paths.root, 'usr/sbin/kamailio'))) return undefined;
  const version = readFileSync(paths.marker, 'utf8').trim();
  return version === '' ? undefined : version;
}

function failed(step: string, r: RunResult, logFile: string, hint = ''): HotlineError {
  const how = r.code === null ? `killed by ${r.signal ?? 'a signal'}` : `exit ${r.code}`;
  return new HotlineError('LAB_PROVISION_FAILED', `${step} failed (${how}); ${hint ? `${hint}\n` : ''}full log in ${logFile}:\n${tailLines(r.stderr || r.stdout, 15)}`, {
    details: { step, code: r.code, logFile },
  });
}

async function removeHalfMadeChroot(paths: LabPaths, progress: Progress): Promise<void> {
  for (const mount of mountsUnder(paths.root)) {
    progress(`unmounting ${mount}`);
    const r = await run('umount', ['-l', mount]);
    if (r.code !== 0) throw failed(`umount ${mount}`, r, paths.debootstrapLog);
  }
  progress(`removing incomplete chroot ${paths.root}`);
  rmSync(paths.root, { recursive: true, force: true });
}

/**
 * Makes `lab.dir/root` a Debian sid chroot with Asterisk 22, installing missing host tools first.
 * Idempotent: a complete chroot (marker written last) is reused, a half-made one is rebuilt.
 */
export async function provisionLab(config: Config, opts: ProvisionOptions = {}): Promise<ProvisionResult> {
  const progress = opts.progress ?? stderrProgress;
  const start = performance.now();
  assertRoot('provision');
  // A pinned set is checked before anything is touched: a bad one must not cost the chroot that is there.
  const pinned = opts.fromCache === undefined ? undefined : readPinnedSet(opts.fromCache);
  const paths = labPaths(config);
  mkdirSync(paths.dir, { recursive: true });
  await ensureHostTools(progress, paths.aptLog);
  // The phone network's recordings live beside the chroot; cheap when they are up to date.
  await prepareLabAudio(paths.dir);

  const existing = provisionedVersion(paths);
  if (existing !== undefined && opts.force !== true && pinned === undefined) {
    progress(`chroot ready: asterisk ${existing} in ${paths.root}`);
    return { reused: true, version: existing, ms: elapsedMs(start) };
  }
  const pid = runningPid(paths);
  if (pid !== undefined) {
    throw new HotlineError('LAB_PROVISION_FAILED', `Asterisk (pid ${pid}) runs from ${paths.root}: run \`hotline lab down\` first`);
  }

  if (existsSync(paths.root)) await removeHalfMadeChroot(paths, progress);
  const cache = chrootCache(config.lab.cache.dir, chrootPackages, config.lab.cache.maxAgeDays);
  if (cache !== undefined && opts.force !== true && pinned === undefined && cacheUsable(cache, Date.now()) && (await restoreChroot(cache, paths, progress))) {
    writeChrootHostFiles(paths.root);
    const version = provisionedVersion(paths) ?? 'unknown';
    progress(`chroot restored from the cache: asterisk ${version} in ${formatMs(elapsedMs(start))}`);
    return { reused: false, version, ms: elapsedMs(start) };
  }

  await assertMirrorReachable(config.lab.mirror);
  // A log per attempt: the previous attempt's output would only confuse the reader.
  writeFileSync(paths.debootstrapLog, '');
  writeFileSync(paths.aptLog, '');

  progress(`debootstrap sid from ${config.lab.mirror} (about 30 s)`);
  let step = performance.now();
  const boot = await run('debootstrap', ['--variant=minbase', 'sid', paths.root, config.lab.mirror], {
    logFile: paths.debootstrapLog,
    timeoutMs: 15 * 60_000,
  });
  if (boot.code !== 0) throw failed('debootstrap', boot, paths.debootstrapLog);
  progress(`debootstrap done in ${formatMs(elapsedMs(step))}`);

  writeChrootHostFiles(paths.root);
  step = performance.now();
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive', LC_ALL: 'C' };
  if (pinned !== undefined) await installPinned(paths, opts.fromCache!, pinned, env, progress);
  else await installFromMirror(paths, config, env, progress);
  progress(`packages installed in ${formatMs(elapsedMs(step))}`);

  const dirs = await inChroot(paths.root, 'install', ['-d', '-o', 'asterisk', '-g', 'asterisk', '/var/run/asterisk'], { logFile: paths.aptLog });
  if (dirs.code !== 0) throw failed('creating /var/run/asterisk', dirs, paths.aptLog);
  const own = await inChroot(paths.root, 'chown', ['-R', 'asterisk:asterisk', ...asteriskVarDirs], { logFile: paths.aptLog });
  if (own.code !== 0) throw failed('chown of the asterisk directories', own, paths.aptLog);

  const query = await inChroot(paths.root, 'dpkg-query', ['-W', '-f=${Version}', 'asterisk']);
  const version = query.stdout.trim();
  if (query.code !== 0 || version === '') throw failed('dpkg-query asterisk', query, paths.aptLog);

  // Written last: its presence is what says the chroot is complete.
  writeFileSync(paths.marker, `${version}\n`);
  if (cache !== undefined) await saveChroot(cache, paths, progress);
  const ms = elapsedMs(start);
  progress(`chroot provisioned: asterisk ${version} in ${formatMs(ms)}`);
  return { reused: false, version, ms };
}

/** Where a provisioning from the mirror saves the packages it installed, for --from-cache on a later day. */
const pinnedDirOf = (config: Config): string | undefined => (config.lab.cache.dir === '' ? undefined : join(config.lab.cache.dir, 'pinned'));

async function installFromMirror(paths: LabPaths, config: Config, env: NodeJS.ProcessEnv, progress: Progress): Promise<void> {
  progress(`installing ${chrootPackages.join(' ')} (about 15 s)`);
  const apt = ['-o', 'Acquire::Check-Valid-Until=false'];
  const update = await inChroot(paths.root, 'apt-get', [...apt, 'update'], { env, logFile: paths.aptLog, timeoutMs: 10 * 60_000 });
  if (update.code !== 0) throw failed('apt-get update (chroot)', update, paths.aptLog);
  const install = await inChroot(paths.root, 'apt-get', [...apt, 'install', '-y', '--no-install-recommends', ...chrootPackages], {
    env,
    logFile: paths.aptLog,
    timeoutMs: 15 * 60_000,
  });
  if (install.code !== 0) {
    const dir = pinnedDirOf(config);
    let saved: PinnedManifest | undefined;
    try {
      saved = dir !== undefined && existsSync(join(dir, manifestName)) ? readPinnedSet(dir) : undefined;
    } catch {
      saved = undefined;
    }
    throw failed('apt-get install (chroot)', install, paths.aptLog, installFailedHint(dir, saved));
  }
  // Best effort: a set that cannot be saved only costs a later day its fallback.
  const dir = pinnedDirOf(config);
  if (dir !== undefined) {
    try {
      const m = savePinnedSet(join(paths.root, 'var/cache/apt/archives'), dir, new Date());
      if (m) progress(`pinned package set saved in ${dir} (asterisk ${m.asterisk}, ${m.packages.length} packages)`);
    } catch (err) {
      progress(`could not save the pinned package set: ${(err as Error).message}`);
    }
  }
  // The downloaded .debs are not needed again and would double the chroot's size.
  await inChroot(paths.root, 'apt-get', ['clean'], { env, logFile: paths.aptLog });
}

/** dpkg passes over the pinned set before it is said not to fit. */
const PINNED_PASSES = 3;

async function installPinned(paths: LabPaths, dir: string, m: PinnedManifest, env: NodeJS.ProcessEnv, progress: Progress): Promise<void> {
  progress(`installing the pinned set from ${dir}: asterisk ${m.asterisk} and ${m.packages.length - 1} other packages, saved ${m.createdAt} (not from the mirror)`);
  const inside = '/var/cache/hotline-pinned';
  cpSync(dir, join(paths.root, inside), { recursive: true });
  // dpkg -i takes the files in the order given and refuses a package whose Pre-Depends comes later in the list
  // (python3-minimal before python3.14-minimal: seen on the first end-to-end run, 2026-12-07); a second pass finds
  // those unpacked and installs the rest. A set that does not fit fails every pass.
  let r = await inChroot(paths.root, 'dpkg', ['-i', ...m.packages.map((p) => `${inside}/${p.file}`)], { env, logFile: paths.aptLog, timeoutMs: 15 * 60_000 });
  for (let pass = 2; r.code !== 0 && pass <= PINNED_PASSES; pass++) {
    progress(`dpkg pass ${pass} of the pinned set (packages whose pre-dependencies came later in the list)`);
    r = await inChroot(paths.root, 'dpkg', ['-i', ...m.packages.map((p) => `${inside}/${p.file}`)], { env, logFile: paths.aptLog, timeoutMs: 15 * 60_000 });
  }
  rmSync(join(paths.root, inside), { recursive: true, force: true });
  if (r.code !== 0) throw failed(`dpkg -i of the pinned set in ${dir}`, r, paths.aptLog, 'The pinned set does not fit this debootstrap (a dependency it lacks); make a new one on a day sid installs.');
}
