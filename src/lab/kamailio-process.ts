import { spawn } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { closeSync, existsSync, openSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import type { LabPaths } from './paths.js';

/** The edge's config file, as Kamailio sees it in the chroot. */
export const kamailioConfFile = '/etc/kamailio/hotline.cfg';

function procText(pid: number, file: string): string | undefined {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return undefined;
  }
}

/** True when `pid` is the lab's Kamailio main process (in this chroot, with the lab's config file). */
export function isLabKamailio(pid: number, root: string): boolean {
  const stat = procText(pid, 'stat');
  if (stat === undefined || /^\d+ \(.*\) Z/.test(stat)) return false;
  const argv = (procText(pid, 'cmdline') ?? '').split('\0');
  if (!argv[0]?.endsWith('kamailio') || !argv.includes(kamailioConfFile)) return false;
  try {
    return realpathSync(readlinkSync(`/proc/${pid}/root`)) === realpathSync(root);
  } catch {
    return true;
  }
}

/** The running lab Kamailio's pid from its pidfile, if it is still ours. */
export function runningKamailio(paths: LabPaths, pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  return Number.isInteger(pid) && pid > 0 && isLabKamailio(pid, paths.root) ? pid : undefined;
}

/** Starts Kamailio in the foreground (-DD: no daemon, children forked) inside the chroot; `chroot` execs, so the pid is Kamailio's. */
export function startKamailio(paths: LabPaths, pidFile: string, outFile: string): number {
  const out = openSync(outFile, 'w');
  try {
    const child = spawn('chroot', [paths.root, '/usr/sbin/kamailio', '-DD', '-E', '-f', kamailioConfFile, '-u', 'kamailio', '-g', 'kamailio'], {
      detached: true,
      stdio: ['ignore', out, out],
    });
    if (child.pid === undefined) throw new Error('chroot did not start');
    child.on('error', () => undefined);
    child.unref();
    writeFileSync(pidFile, `${child.pid}\n`);
    return child.pid;
  } finally {
    closeSync(out);
  }
}

/** Sends one SIP OPTIONS to the edge and resolves with the status line's code, or undefined after `timeoutMs`. */
export function sipOptionsProbe(host: string, port: number, timeoutMs = 500): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = createSocket('udp4');
    const done = (code: number | undefined) => {
      clearTimeout(timer);
      socket.close();
      resolve(code);
    };
    const timer = setTimeout(() => done(undefined), timeoutMs);
    socket.on('error', () => done(undefined));
    socket.on('message', (msg) => {
      const m = /^SIP\/2\.0 (\d{3})/.exec(msg.toString('latin1'));
      if (m) done(Number(m[1]));
    });
    socket.bind({ address: '127.0.0.1', port: 0 }, () => {
      const { port: local } = socket.address();
      const branch = `z9hG4bK${Date.now().toString(36)}${Math.random().toString(36).slice(2)}`;
      const text = [
        `OPTIONS sip:${host}:${port} SIP/2.0`,
        `Via: SIP/2.0/UDP 127.0.0.1:${local};branch=${branch};rport`,
        'Max-Forwards: 5',
        `From: <sip:probe@127.0.0.1>;tag=${branch.slice(7)}`,
        `To: <sip:${host}:${port}>`,
        `Call-ID: ${branch}@hotline-lab`,
        'CSeq: 1 OPTIONS',
        'Content-Length: 0',
        '',
        '',
      ].join('\r\n');
      socket.send(text, port, host);
    });
  });
}
