import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { run } from '../process/run.js';
import type { LabPaths } from './paths.js';
import type { Progress } from './progress.js';

/** Where a snapshot of a chroot made with these packages lives, and whether it is fresh enough to use. */
export interface ChrootCache {
  file: string;
  maxAgeMs: number;
}

/**
 * The snapshot for a package list: named by a hash of it, so a change to the packages never unpacks an old chroot.
 * Debian sid moves daily, so a snapshot older than `maxAgeDays` is made again rather than reused.
 */
export function chrootCache(dir: string, packages: readonly string[], maxAgeDays: number): ChrootCache | undefined {
  if (dir === '') return undefined;
  const key = createHash('sha256').update(`sid\n${packages.join('\n')}`).digest('hex').slice(0, 12);
  return { file: join(dir, `chroot-${key}.tar`), maxAgeMs: maxAgeDays * 86_400_000 };
}

/** True when the snapshot exists and is young enough: `now` is injected so the rule has a unit test. */
export function cacheUsable(cache: ChrootCache, now: number, stat: (f: string) => { mtimeMs: number } | undefined = statOrUndefined): boolean {
  const s = stat(cache.file);
  return s !== undefined && now - s.mtimeMs <= cache.maxAgeMs;
}

function statOrUndefined(file: string): { mtimeMs: number } | undefined {
  return existsSync(file) ? statSync(file) : undefined;
}

/** Unpacks the snapshot into `paths.root`; false (and a clean root) when tar fails, so provisioning falls back. */
export async function restoreChroot(cache: ChrootCache, paths: LabPaths, progress: Progress): Promise<boolean> {
  progress(`unpacking the cached chroot ${cache.file}`);
  rmSync(paths.root, { recursive: true, force: true });
  mkdirSync(paths.root, { recursive: true });
  const r = await run('tar', ['-xpf', cache.file, '-C', paths.root, '--numeric-owner'], { logFile: paths.debootstrapLog, timeoutMs: 5 * 60_000 });
  if (r.code === 0 && existsSync(paths.marker)) return true;
  progress(`the cached chroot could not be used (tar exit ${r.code}); provisioning from the mirror`);
  rmSync(paths.root, { recursive: true, force: true });
  return false;
}

/** Saves a freshly provisioned chroot (best effort: a full disk only costs the next run its speed). */
export async function saveChroot(cache: ChrootCache, paths: LabPaths, progress: Progress): Promise<void> {
  try {
    mkdirSync(join(cache.file, '..'), { recursive: true });
    const tmp = `${cache.file}.${process.pid}.tmp`;
    const r = await run('tar', ['-cpf', tmp, '--numeric-owner', '-C', paths.root, '.'], { logFile: paths.debootstrapLog, timeoutMs: 5 * 60_000 });
    if (r.code !== 0) {
      rmSync(tmp, { force: true });
      progress(`could not cache the chroot (tar exit ${r.code}); the next clone provisions from the mirror`);
      return;
    }
    renameSync(tmp, cache.file);
    progress(`chroot cached in ${cache.file}`);
  } catch (err) {
    progress(`could not cache the chroot: ${(err as Error).message}`);
  }
}
