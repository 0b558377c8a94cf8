import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync, readdirSync, readlinkSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import type { LabPaths } from './paths.js';

const asteriskBinary = '/usr/sbin/asterisk';

/** The pid in the pidfile, if any. */
export function readPidFile(paths: LabPaths): number | undefined {
  if (!existsSync(paths.pidFile)) return undefined;
  const pid = Number(readFileSync(paths.pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

function procText(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/**
 * True when `pid` is a live Asterisk daemon running in this chroot. Checking the process's root, not just
 * its name, keeps a recycled pid or another Asterisk on the machine from being taken for ours.
 */
export function isLabAsterisk(pid: number, root: string, confFile?: string): boolean {
  const stat = procText(pid, 'stat');
  // A zombie has exited; its parent just has not reaped it yet.
  if (stat === undefined || /^\d+ \(.*\) Z/.test(stat)) return false;
  const argv = (procText(pid, 'cmdline') ?? '').split('\0');
  // `asterisk -rx` clients run from the same chroot; only the daemon runs with -f.
  if (!argv[0]?.endsWith('asterisk') || !argv.includes('-f')) return false;
  // The nodes of a multi-node lab share the chroot: each is told apart by its own -C file, the single node has none.
  const conf = argv.indexOf('-C') >= 0 ? argv[argv.indexOf('-C') + 1] : undefined;
  if (conf !== confFile) return false;
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/root`)) === realpathSync(root);
  } catch {
    // Another user's /proc/PID/root is unreadable without root: name and arguments are the best we know.
    return true;
  }
}

/** Finds a lab Asterisk whose pidfile was lost, by scanning /proc for a daemon in this chroot. */
function findByScan(root: string, confFile?: string): number | undefined {
  if (!existsSync(root)) return undefined;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
    try {
      if (realpathSync(readlinkSync(`/proc/${pid}/root`)) !== realpathSync(root)) continue;
    } catch {
      continue;
    }
    if (isLabAsterisk(pid, root, confFile)) return pid;
  }
  return undefined;
}

/** The pid of the lab's running Asterisk, repairing a stale or lost pidfile on the way. */
export function runningPid(paths: LabPaths): number | undefined {
  const fromFile = readPidFile(paths);
  if (fromFile !== undefined && isLabAsterisk(fromFile, paths.root, paths.confFile)) return fromFile;
  const found = findByScan(paths.root, paths.confFile);
  try {
    if (found !== undefined) writeFileSync(paths.pidFile, `${found}\n`);
    else if (fromFile !== undefined) rmSync(paths.pidFile, { force: true });
  } catch {
    // Repair is a courtesy: `lab status` run by a non-root user may not write the root-owned lab directory.
  }
  return found;
}

/**
 * Starts Asterisk in the foreground inside the chroot, detached from this process, as the `asterisk` user
 * (as root it drops CAP_DAC_OVERRIDE and cannot write its own files). `chroot` execs, so the pid is Asterisk's.
 */
export function startAsterisk(paths: LabPaths): number {
  const out = openSync(paths.out, 'w');
  try {
    const conf = paths.confFile === undefined ? [] : ['-C', paths.confFile];
    const child = spawn('chroot', [paths.root, asteriskBinary, '-f', '-n', ...conf, '-U', 'asterisk', '-G', 'asterisk'], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error('chroot did not start');
    // Nobody awaits the exit; a failed start shows up as a dead pid and the tail of asterisk.out.
    child.on('error', () => undefined);
    child.unref();
    writeFileSync(paths.pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** True while a process with this pid exists (zombies count as gone). */
export function pidAlive(pid: number): boolean {
  const stat = procText(pid, 'stat');
  return stat !== undefined && !/^\d+ \(.*\) Z/.test(stat);
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = performance.now() + ms;
  while (performance.now() < deadline) {
    if (!pidAlive(pid)) return true;
    await sleep(100);
  }
  return !pidAlive(pid);
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

/** Stops the process: SIGTERM, then SIGKILL after `graceMs`; resolves once it is gone. */
export async function stopProcess(pid: number, graceMs = 10_000): Promise<'term' | 'kill'> {
  signal(pid, 'SIGTERM');
  if (await waitGone(pid, graceMs)) return 'term';
  signal(pid, 'SIGKILL');
  await waitGone(pid, 5_000);
  return 'kill';
}
