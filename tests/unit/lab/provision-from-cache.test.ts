/**
 * `hotline lab provision --from-cache DIR` (issue 17) on temp dirs: the lab dir, the chroot cache and the pinned set
 * are all made here, so /var/cache/hotline-lab and the shared .lab are never touched. What needs root, the network
 * or a real chroot (debootstrap, dpkg, mounts) is a recording stub; the chroot's files are real files.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RunResult } from '../../../src/process/run.js';

const calls: string[] = [];
/** What the chroot held when dpkg ran: the pinned files must be inside it then, and gone after. */
let seenAtDpkg: string[] = [];
const ok = (stdout = ''): RunResult => ({ code: 0, signal: null, stdout, stderr: '' }) as RunResult;

vi.mock('../../../src/process/run.js', async (orig) => ({
  ...(await orig<typeof import('../../../src/process/run.js')>()),
  run: vi.fn(async (cmd: string, args: readonly string[]) => {
    calls.push(`${cmd} ${args.join(' ')}`);
    // debootstrap makes the chroot's tree.
    if (cmd === 'debootstrap') mkdirSync(join(args[2]!, 'usr/sbin'), { recursive: true });
    return ok();
  }),
}));
vi.mock('../../../src/lab/chroot.js', async (orig) => ({
  ...(await orig<typeof import('../../../src/lab/chroot.js')>()),
  mountsUnder: () => [],
  writeChrootHostFiles: () => undefined,
  inChroot: vi.fn(async (root: string, cmd: string, args: readonly string[]) => {
    calls.push(`chroot ${cmd} ${args.join(' ')}`);
    if (cmd === 'dpkg') {
      const inside = join(root, 'var/cache/hotline-pinned');
      seenAtDpkg = existsSync(inside) ? readdirSync(inside).sort() : [];
      // The packages install Asterisk and Kamailio.
      writeFileSync(join(root, 'usr/sbin/asterisk'), '');
      writeFileSync(join(root, 'usr/sbin/kamailio'), '');
    }
    return ok(cmd === 'dpkg-query' ? '1:22.5.2~dfsg-1' : '');
  }),
}));
vi.mock('../../../src/lab/host-tools.js', () => ({ assertRoot: () => undefined, ensureHostTools: async () => undefined }));
vi.mock('../../../src/lab/audio.js', () => ({ prepareLabAudio: async () => undefined }));
vi.mock('../../../src/lab/mirror.js', () => ({ assertMirrorReachable: async () => undefined }));
vi.mock('../../../src/lab/chroot-cache.js', async (orig) => ({
  ...(await orig<typeof import('../../../src/lab/chroot-cache.js')>()),
  restoreChroot: async () => false,
  saveChroot: vi.fn(async (cache: { file: string }) => void calls.push(`save ${cache.file}`)),
}));

const { provisionLab } = await import('../../../src/lab/provision.js');
const { savePinnedSet, manifestName } = await import('../../../src/lab/pinned-set.js');
const { loadConfig } = await import('../../../src/config/load.js');
const { HotlineError } = await import('../../../src/errors.js');

function setUp() {
  const base = mkdtempSync(join(tmpdir(), 'hotline-provision-'));
  const config = loadConfig(undefined, {});
  config.lab.dir = join(base, 'lab');
  config.lab.cache.dir = join(base, 'cache');
  const archives = join(base, 'archives');
  mkdirSync(archives);
  for (const f of ['asterisk_1%3a22.5.2~dfsg-1_amd64.deb', 'kamailio_5.8.4-1_amd64.deb', 'adduser_3.137_all.deb']) writeFileSync(join(archives, f), f);
  const pinned = join(base, 'pinned');
  savePinnedSet(archives, pinned, new Date('2026-12-01T08:00:00Z'));
  return { base, config, pinned, root: join(base, 'lab/root') };
}

beforeEach(() => {
  calls.length = 0;
  seenAtDpkg = [];
});

describe('lab provision --from-cache', () => {
  it('installs the pinned set with dpkg on a new debootstrap, not from the mirror, and leaves the set as it was', async () => {
    const { config, pinned, root, base } = setUp();
    const before = readFileSync(join(pinned, manifestName), 'utf8');
    const r = await provisionLab(config, { fromCache: pinned, progress: () => undefined });
    expect(r).toMatchObject({ reused: false, version: '1:22.5.2~dfsg-1' });
    expect(calls.find((c) => c.startsWith('debootstrap'))).toMatch(/^debootstrap --variant=minbase sid .*\/lab\/root /);
    // No apt-get: nothing is asked of sid's package lists.
    expect(calls.filter((c) => c.includes('apt-get'))).toEqual([]);
    const dpkg = calls.find((c) => c.startsWith('chroot dpkg -i'))!;
    for (const f of ['asterisk_1%3a22.5.2~dfsg-1_amd64.deb', 'kamailio_5.8.4-1_amd64.deb', 'adduser_3.137_all.deb']) expect(dpkg).toContain(`/var/cache/hotline-pinned/${f}`);
    expect(seenAtDpkg).toEqual(['adduser_3.137_all.deb', 'asterisk_1%3a22.5.2~dfsg-1_amd64.deb', 'kamailio_5.8.4-1_amd64.deb', manifestName].sort());
    // The copy inside the chroot is removed; the marker says the chroot is complete; the set is untouched.
    expect(existsSync(join(root, 'var/cache/hotline-pinned'))).toBe(false);
    expect(readFileSync(join(root, '.hotline-provisioned'), 'utf8')).toBe('1:22.5.2~dfsg-1\n');
    expect(readFileSync(join(pinned, manifestName), 'utf8')).toBe(before);
    // The chroot made is cached in the configured cache dir, this test's own.
    expect(calls.filter((c) => c.startsWith('save '))).toEqual([expect.stringContaining(join(base, 'cache'))]);
  });

  it('a bad set is refused before anything is touched: the complete chroot there stays, nothing runs', async () => {
    const { config, pinned, root } = setUp();
    mkdirSync(join(root, 'usr/sbin'), { recursive: true });
    for (const f of ['usr/sbin/asterisk', 'usr/sbin/kamailio']) writeFileSync(join(root, f), '');
    writeFileSync(join(root, '.hotline-provisioned'), '1:22.1.0-1\n');
    writeFileSync(join(pinned, 'kamailio_5.8.4-1_amd64.deb'), 'changed since');
    const err = await provisionLab(config, { fromCache: pinned, progress: () => undefined }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HotlineError);
    expect(err).toMatchObject({ code: 'LAB_PROVISION_FAILED', message: expect.stringMatching(/kamailio_5\.8\.4-1_amd64\.deb does not match its SHA-256/) });
    expect(calls).toEqual([]);
    expect(readFileSync(join(root, '.hotline-provisioned'), 'utf8')).toBe('1:22.1.0-1\n');
  });

  it('a set that does not fit the new debootstrap fails naming the set and the way out', async () => {
    const { config, pinned } = setUp();
    const { inChroot } = await import('../../../src/lab/chroot.js');
    const refuse = async () => ({ code: 1, signal: null, stdout: '', stderr: 'dpkg: dependency problems prevent configuration of asterisk' }) as RunResult;
    vi.mocked(inChroot).mockImplementationOnce(refuse).mockImplementationOnce(refuse).mockImplementationOnce(refuse);
    const err = await provisionLab(config, { fromCache: pinned, progress: () => undefined }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LAB_PROVISION_FAILED', message: expect.stringMatching(/dpkg -i of the pinned set in .*pinned failed \(exit 1\); The pinned set does not fit/) });
  });

  it('a package whose pre-dependency comes later in the list is installed by a second dpkg pass', async () => {
    const { config, pinned } = setUp();
    const { inChroot } = await import('../../../src/lab/chroot.js');
    vi.mocked(inChroot).mockImplementationOnce(async (_root: string, cmd: string, args: readonly string[]) => {
      calls.push(`chroot ${cmd} ${args.join(' ')}`);
      return { code: 1, signal: null, stdout: '', stderr: 'python3-minimal pre-depends on python3.14-minimal (>= 3.14.8)' } as RunResult;
    });
    const progress: string[] = [];
    const result = await provisionLab(config, { fromCache: pinned, progress: (m) => void progress.push(m) });
    expect(result).toMatchObject({ reused: false, version: '1:22.5.2~dfsg-1' });
    expect(calls.filter((c) => c.startsWith('chroot dpkg -i'))).toHaveLength(2);
    expect(progress.some((m) => m.startsWith('dpkg pass 2'))).toBe(true);
  });
});
