import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HotlineError } from '../errors.js';
import { run, tailLines } from '../process/run.js';
import type { Progress } from './progress.js';

/** The host commands (or files) the lab and the console's browser tests use, with the Debian package that provides each. */
export const hostTools: ReadonlyArray<{ command: string; pkg: string } | { file: string; pkg: string }> = [
  { command: 'debootstrap', pkg: 'debootstrap' },
  { command: 'sipp', pkg: 'sip-tester' },
  { command: 'espeak-ng', pkg: 'espeak-ng' },
  { command: 'sox', pkg: 'sox' },
  // Headless Chromium for the console's browser tests, and a CJK font so its screenshots show the Chinese pages.
  { command: 'chromium', pkg: 'chromium' },
  { file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc', pkg: 'fonts-wqy-microhei' },
];

/** Fails with LAB_NOT_ROOT unless this process runs as root: chroot, debootstrap and apt-get need it. */
export function assertRoot(action: string): void {
  if (typeof process.getuid === 'function' && process.getuid() === 0) return;
  throw new HotlineError('LAB_NOT_ROOT', `hotline lab ${action} must run as root (it uses chroot, debootstrap and apt-get)`);
}

/** True when `command` is an executable file on PATH (plus the sbin directories a non-login PATH may lack). */
export function onPath(command: string, path = process.env.PATH ?? ''): boolean {
  const dirs = [...path.split(delimiter), '/usr/local/sbin', '/usr/sbin', '/sbin'].filter((d) => d !== '');
  return dirs.some((dir) => {
    try {
      accessSync(join(dir, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/** Installs with apt-get whichever host tools are missing; `apt-get update` runs once, and only if needed. */
export async function ensureHostTools(progress: Progress, logFile: string): Promise<void> {
  const missing = hostTools.filter((t) => ('command' in t ? !onPath(t.command) : !existsSync(t.file))).map((t) => t.pkg);
  if (missing.length === 0) return;
  progress(`installing host tools: ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const steps: string[][] = [['update'], ['install', '-y', '--no-install-recommends', ...missing]];
  for (const args of steps) {
    const r = await run('apt-get', args, { env, logFile });
    if (r.code !== 0) {
      throw new HotlineError('LAB_PROVISION_FAILED', `apt-get ${args[0]} on the host failed:\n${tailLines(r.stderr || r.stdout, 15)}`, {
        details: { missing, logFile },
      });
    }
  }
}
