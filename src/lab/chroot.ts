import { existsSync, readFileSync, writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { run, type RunOptions, type RunResult } from '../process/run.js';

/** Runs a command inside the chroot (as root there). */
export function inChroot(root: string, cmd: string, args: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  return run('chroot', [root, cmd, ...args], opts);
}

/** The /etc/hosts the chroot needs: offline, an unresolvable host name stalls PJSIP's threads (docs/domain.md §Telephony facts). */
export function hostsFile(hostName: string): string {
  const names = hostName === 'localhost' || hostName === '' ? 'localhost' : `localhost ${hostName}`;
  return `127.0.0.1 ${names}\n::1 localhost ip6-localhost ip6-loopback\n`;
}

/** Writes a file inside the chroot when its content differs; true when it wrote. */
export function writeIfChanged(path: string, content: string, mode = 0o644): boolean {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return false;
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content, { mode });
  chmodSync(path, mode);
  return true;
}

/**
 * The host-specific files of the chroot. Rewritten on every start because the chroot can outlive the host name
 * (a copied checkout, a renamed container).
 */
export function writeChrootHostFiles(root: string): void {
  writeIfChanged(join(root, 'etc/hosts'), hostsFile(hostname()));
  // Package scripts must not start daemons inside the chroot: an Asterisk started by apt would hold the lab's ports.
  writeIfChanged(join(root, 'usr/sbin/policy-rc.d'), '#!/bin/sh\nexit 101\n', 0o755);
  // sid's Release files are short-lived; a chroot made last month must still be able to apt-get.
  writeIfChanged(join(root, 'etc/apt/apt.conf.d/99hotline'), 'Acquire::Check-Valid-Until "false";\n');
}

/** Numeric uid and gid of a user in the chroot's /etc/passwd, so the host can chown files for it. */
export function chrootUser(root: string, user: string): { uid: number; gid: number } | undefined {
  return parsePasswd(readFileSync(join(root, 'etc/passwd'), 'utf8'), user);
}

/** Finds `user` in passwd(5) text. */
export function parsePasswd(text: string, user: string): { uid: number; gid: number } | undefined {
  for (const line of text.split('\n')) {
    const f = line.split(':');
    if (f[0] === user && f.length >= 4) return { uid: Number(f[2]), gid: Number(f[3]) };
  }
  return undefined;
}

/** Mount points at or below `root`, deepest first (debootstrap leaves /proc and /sys mounted when it fails). */
export function mountsUnder(root: string, mountsText = readFileSync('/proc/self/mounts', 'utf8')): string[] {
  const prefix = root.endsWith('/') ? root : `${root}/`;
  return mountsText
    .split('\n')
    .map((line) => line.split(' ')[1])
    .filter((m): m is string => m !== undefined)
    // /proc/self/mounts escapes spaces and friends as octal.
    .map((m) => m.replace(/\\([0-7]{3})/g, (_s, oct: string) => String.fromCharCode(parseInt(oct, 8))))
    .filter((m) => m === root || m.startsWith(prefix))
    .sort((a, b) => b.length - a.length);
}
