/**
 * The lab's TLS certificate for Asterisk's HTTPS server (the browser phones' wss:// transport): self-signed for
 * 127.0.0.1, made with openssl when the lab comes up and kept in the chroot, never committed. Remade when missing or
 * within a day of expiring.
 */
import { chownSync, chmodSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';
import { run, tailLines } from '../process/run.js';

/** Where the certificate and key are, as the host sees them and as Asterisk (in the chroot) does. */
export function labCertPaths(root: string): { dir: string; cert: string; key: string } {
  const dir = join(root, 'etc/asterisk/keys');
  return { dir, cert: join(dir, 'hotline-lab.crt'), key: join(dir, 'hotline-lab.key') };
}

/** openssl's arguments for a self-signed certificate naming `ip` (subjectAltName, which browsers check, not the CN). */
export function certRequestArgs(ip: string, cert: string, key: string, days = 825): string[] {
  return ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', String(days), '-subj', `/CN=${ip}`, '-addext', `subjectAltName=IP:${ip}`, '-keyout', key, '-out', cert];
}

/** True when the certificate exists and is valid for at least another day. */
async function stillGood(cert: string): Promise<boolean> {
  if (!existsSync(cert)) return false;
  const r = await run('openssl', ['x509', '-checkend', '86400', '-noout', '-in', cert], { timeoutMs: 10_000 });
  return r.code === 0;
}

/**
 * Makes the certificate unless a good one is there; readable by Asterisk's user only (the key). Returns whether it
 * made a new one (Asterisk reads it at start, so a new one needs a restart).
 */
export async function ensureLabCert(root: string, ip: string, owner?: { uid: number; gid: number }): Promise<boolean> {
  const p = labCertPaths(root);
  if ((await stillGood(p.cert)) && existsSync(p.key)) return false;
  mkdirSync(p.dir, { recursive: true });
  const r = await run('openssl', certRequestArgs(ip, p.cert, p.key), { timeoutMs: 60_000 });
  if (r.code !== 0) {
    throw new HotlineError('LAB_CERT_FAILED', `openssl could not make the lab certificate: ${tailLines(r.stderr || r.stdout, 5)}`);
  }
  chmodSync(p.key, 0o600);
  chmodSync(p.cert, 0o644);
  if (owner !== undefined) {
    for (const f of [p.dir, p.cert, p.key]) chownSync(f, owner.uid, owner.gid);
  }
  return true;
}
