import { chownSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { probeAri } from './ari-probe.js';
import { pidAlive, runningPid, startAsterisk, stopProcess } from './asterisk-process.js';
import { chrootUser, inChroot, writeChrootHostFiles } from './chroot.js';
import { tailLines } from '../process/run.js';
import { assertRoot } from './host-tools.js';
import { installLabConfig } from './install-config.js';
import { wssBind } from './render.js';
import { ensureLabCert } from './tls-cert.js';
import { instanceNode, type LabNode } from './lab-nodes.js';
import { labPaths, type LabPaths } from './paths.js';
import { assertLabPortsFree } from './ports.js';
import { elapsedMs, formatMs, stderrProgress, type Progress } from './progress.js';
import { provisionedVersion, provisionLab } from './provision.js';

export { labPaths, type LabPaths } from './paths.js';
export { provisionLab, type ProvisionOptions, type ProvisionResult } from './provision.js';

/** Options for {@link labUp}. */
export interface LabUpOptions {
  progress?: Progress;
  /** Provision the chroot when it is missing (default true); false fails with LAB_NOT_PROVISIONED instead. */
  provision?: boolean;
  /** How long to wait for ARI to answer after starting Asterisk. */
  timeoutMs?: number;
}

/** The running lab after {@link labUp}. */
export interface LabUpResult {
  pid: number;
  /** Asterisk's version as ARI reports it. */
  version: string;
  /** What this call did to Asterisk. */
  action: 'started' | 'restarted' | 'reloaded' | 'unchanged';
  /** Config files that differed from the installed ones. */
  changed: string[];
  /** Time to provision a new chroot, when this call had to. */
  coldMs?: number;
  /** From spawning Asterisk to ARI answering and Asterisk fully booted, when this call started it. */
  startMs?: number;
  /** Wall time of the whole call. */
  ms: number;
}

/** What {@link labStatus} reports. */
export interface LabStatus {
  provisioned: boolean;
  /** The Asterisk package version in the chroot. */
  installedVersion?: string;
  running: boolean;
  pid?: number;
  ariReachable: boolean;
  /** Asterisk's version as ARI reports it, when reachable. */
  version?: string;
  /** Why ARI is not reachable. */
  ariProblem?: string;
  dir: string;
}

function outTail(paths: LabPaths, lines = 20): string {
  return existsSync(paths.out) ? tailLines(readFileSync(paths.out, 'utf8'), lines) : '(no asterisk.out)';
}

// Whatever cleaned /run (a host reboot does not, but a user might) must not keep Asterisk from writing its pid and socket.
function ensureRunDir(paths: LabPaths, instance: LabNode | undefined): void {
  const owner = chrootUser(paths.root, 'asterisk');
  // ARI's channel recordings go to the spool's recording/ directory, which the package does not make.
  const own = instance === undefined ? ['run/asterisk'] : [instance.etcDir, instance.runDir, instance.logDir, instance.dbDir];
  for (const dir of [...own, 'var/spool/asterisk/recording']) {
    const path = join(paths.root, dir);
    mkdirSync(path, { recursive: true });
    if (owner !== undefined) chownSync(path, owner.uid, owner.gid);
  }
}

/** Waits until ARI answers with the configured credentials; fails early if Asterisk exits. */
async function waitForAri(config: Config, paths: LabPaths, pid: number, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  let problem = 'no answer yet';
  while (performance.now() < deadline) {
    if (!pidAlive(pid)) {
      throw new HotlineError('LAB_START_FAILED', `Asterisk (pid ${pid}) exited during start-up; ${paths.out} ends with:\n${outTail(paths)}`, {
        details: { pid, out: paths.out },
      });
    }
    const probe = await probeAri(config);
    if (probe.ok) return probe.version;
    problem = probe.problem;
    await sleep(200);
  }
  throw new HotlineError(
    'LAB_START_FAILED',
    `ARI did not answer within ${formatMs(timeoutMs)} (${problem}); ${paths.out} ends with:\n${outTail(paths)}`,
    { details: { pid, out: paths.out, problem } },
  );
}

async function startAndWait(config: Config, paths: LabPaths, timeoutMs: number, progress: Progress): Promise<{ pid: number; version: string; startMs: number }> {
  await assertLabPortsFree(config);
  const t0 = performance.now();
  const pid = startAsterisk(paths);
  progress(`Asterisk started (pid ${pid}), waiting for ARI at ${config.ari.url}`);
  try {
    const version = await waitForAri(config, paths, pid, timeoutMs);
    // ARI can answer while modules still load; tests want PJSIP endpoints and the dialplan in place.
    await labCli(config, 'core waitfullybooted');
    return { pid, version, startMs: elapsedMs(t0) };
  } catch (error) {
    // A half-started Asterisk would hold the ports and fool the next `up`; its logs stay for reading.
    if (pidAlive(pid)) await stopProcess(pid);
    rmSync(paths.pidFile, { force: true });
    throw error;
  }
}

/**
 * Brings the lab up: provisions the chroot if needed, installs the project's config, starts Asterisk (or reloads or
 * restarts it when the config changed) and resolves once ARI answers.
 */
export async function labUp(config: Config, opts: LabUpOptions = {}): Promise<LabUpResult> {
  const progress = opts.progress ?? stderrProgress;
  const timeoutMs = opts.timeoutMs ?? 60_000;
  const t0 = performance.now();
  assertRoot('up');
  const paths = labPaths(config);
  let coldMs: number | undefined;
  if (provisionedVersion(paths) === undefined) {
    if (opts.provision === false) {
      throw new HotlineError('LAB_NOT_PROVISIONED', `no lab chroot in ${paths.root}: run \`hotline lab provision\``);
    }
    const p = await provisionLab(config, { progress });
    coldMs = p.ms;
  }
  writeChrootHostFiles(paths.root);
  const instance = instanceNode(config);
  ensureRunDir(paths, instance);
  // Asterisk's HTTPS server reads its certificate at start: a new one needs a restart like an http.conf change.
  const newCert = await ensureLabCert(paths.root, wssBind(config.phone.browser.wsUrl).host, chrootUser(paths.root, 'asterisk'));
  if (newCert) progress('made the TLS certificate for the browser phones\' wss:// transport');
  const installed = installLabConfig(config, paths, instance);
  const install = newCert ? { ...installed, action: 'restart' as const } : installed;
  if (install.changed.length > 0) progress(`config changed: ${install.changed.join(', ')}`);

  const running = runningPid(paths);
  if (running === undefined) {
    const s = await startAndWait(config, paths, timeoutMs, progress);
    progress(`lab up: Asterisk ${s.version}, pid ${s.pid}, ARI answered after ${formatMs(s.startMs)}`);
    return { ...s, action: 'started', changed: install.changed, coldMs, ms: elapsedMs(t0) };
  }
  if (install.action === 'restart') {
    progress(`config change needs a restart: stopping Asterisk (pid ${running})`);
    await stopProcess(running);
    rmSync(paths.pidFile, { force: true });
    const s = await startAndWait(config, paths, timeoutMs, progress);
    progress(`lab up: Asterisk ${s.version} restarted, pid ${s.pid}, ARI answered after ${formatMs(s.startMs)}`);
    return { ...s, action: 'restarted', changed: install.changed, coldMs, ms: elapsedMs(t0) };
  }
  if (install.action === 'reload') {
    progress('running Asterisk picks up the change: core reload');
    await labCli(config, 'core reload');
  }
  const version = await waitForAri(config, paths, running, timeoutMs);
  progress(`lab up: Asterisk ${version} already running, pid ${running}`);
  return {
    pid: running,
    version,
    action: install.action === 'reload' ? 'reloaded' : 'unchanged',
    changed: install.changed,
    coldMs,
    ms: elapsedMs(t0),
  };
}

/** Stops the lab's Asterisk (SIGTERM, SIGKILL after 10 s) and removes the pidfile; a no-op when it is not running. */
export async function labDown(config: Config, opts: { progress?: Progress } = {}): Promise<{ stopped: boolean; pid?: number }> {
  const progress = opts.progress ?? stderrProgress;
  assertRoot('down');
  const paths = labPaths(config);
  const pid = runningPid(paths);
  if (pid === undefined) {
    rmSync(paths.pidFile, { force: true });
    progress('lab not running');
    return { stopped: false };
  }
  const how = await stopProcess(pid);
  rmSync(paths.pidFile, { force: true });
  progress(how === 'term' ? `Asterisk (pid ${pid}) stopped` : `Asterisk (pid ${pid}) ignored SIGTERM for 10 s and was killed`);
  return { stopped: true, pid };
}

/** Whether the lab is provisioned and running, and whether ARI answers. */
export async function labStatus(config: Config): Promise<LabStatus> {
  const paths = labPaths(config);
  const installedVersion = provisionedVersion(paths);
  const pid = runningPid(paths);
  const probe = await probeAri(config);
  return {
    provisioned: installedVersion !== undefined,
    installedVersion,
    running: pid !== undefined,
    pid,
    ariReachable: probe.ok,
    version: probe.ok ? probe.version : undefined,
    ariProblem: probe.ok ? undefined : probe.problem,
    dir: paths.dir,
  };
}

/** Runs one Asterisk CLI command (`asterisk -rx`) in the running lab and returns its output. */
export async function labCli(config: Config, command: string): Promise<string> {
  assertRoot('rx');
  const paths = labPaths(config);
  const pid = runningPid(paths);
  if (pid === undefined) throw new HotlineError('LAB_NOT_RUNNING', 'the lab Asterisk is not running: run `hotline lab up`');
  const conf = paths.confFile === undefined ? [] : ['-C', paths.confFile];
  const r = await inChroot(paths.root, '/usr/sbin/asterisk', [...conf, '-rx', command], { timeoutMs: 60_000 });
  if (r.code !== 0) {
    throw new HotlineError('LAB_CLI_FAILED', `asterisk -rx "${command}" failed (exit ${r.code ?? r.signal}): ${tailLines(r.stderr || r.stdout, 10)}`, {
      details: { command, code: r.code },
    });
  }
  return r.stdout;
}
