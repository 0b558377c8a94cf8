import { chownSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { tailLines } from '../process/run.js';
import { probeAri } from './ari-probe.js';
import { pidAlive, runningPid, startAsterisk, stopProcess } from './asterisk-process.js';
import { chrootUser, inChroot, writeChrootHostFiles, writeIfChanged } from './chroot.js';
import { assertRoot } from './host-tools.js';
import { installLabConfig, readTemplates } from './install-config.js';
import { kamailioConfFile, runningKamailio, sipOptionsProbe, startKamailio } from './kamailio-process.js';
import { labNodes, maxLabNodes, type LabNode } from './lab-nodes.js';
import { labPaths, nodeLabPaths, type LabPaths } from './paths.js';
import { assertLabPortsFree } from './ports.js';
import { elapsedMs, formatMs, stderrProgress, type Progress } from './progress.js';
import { provisionedVersion, provisionLab } from './provision.js';
import { renderKamailioConfig } from './render-kamailio.js';
import { projectRoot } from '../config/load.js';

/** One running node of the multi-node lab. */
export interface RunningNode {
  node: LabNode;
  pid: number;
  version: string;
}

/** The multi-node lab after {@link labUpNodes}. */
export interface NodesUpResult {
  nodes: RunningNode[];
  kamailioPid: number;
  ms: number;
}

function kamailioFiles(paths: LabPaths): { pidFile: string; out: string } {
  return { pidFile: join(paths.dir, 'kamailio.pid'), out: join(paths.dir, 'kamailio.out') };
}

/** The config as one node's ARI sees it: hotline's lab helpers read ari.url from config. */
export function nodeConfig(config: Config, node: LabNode): Config {
  return { ...config, ari: { ...config.ari, url: node.ariUrl } };
}

function ensureNodeDirs(paths: LabPaths, node: LabNode): void {
  const owner = chrootUser(paths.root, 'asterisk');
  for (const dir of [node.etcDir, node.runDir, node.logDir, node.dbDir, '/var/spool/asterisk/recording']) {
    const path = join(paths.root, dir);
    mkdirSync(path, { recursive: true });
    if (owner !== undefined) chownSync(path, owner.uid, owner.gid);
  }
}

async function waitForNode(config: Config, node: LabNode, paths: LabPaths, pid: number, timeoutMs: number): Promise<string> {
  const deadline = performance.now() + timeoutMs;
  let problem = 'no answer yet';
  while (performance.now() < deadline) {
    if (!pidAlive(pid)) {
      throw new HotlineError('LAB_START_FAILED', `node ${node.name}: Asterisk (pid ${pid}) exited during start-up:\n${tailLines(readFileSync(paths.out, 'utf8'), 20)}`, {
        details: { node: node.name, pid },
      });
    }
    const probe = await probeAri(nodeConfig(config, node));
    if (probe.ok) {
      await nodeCli(paths, 'core waitfullybooted');
      return probe.version;
    }
    problem = probe.problem;
    await sleep(200);
  }
  throw new HotlineError('LAB_START_FAILED', `node ${node.name}: ARI did not answer within ${formatMs(timeoutMs)} (${problem})`, { details: { node: node.name } });
}

/** Runs one Asterisk CLI command on a node (`asterisk -C its.conf -rx`). */
export async function nodeCli(paths: LabPaths, command: string): Promise<string> {
  const conf = paths.confFile === undefined ? [] : ['-C', paths.confFile];
  const r = await inChroot(paths.root, '/usr/sbin/asterisk', [...conf, '-rx', command], { timeoutMs: 60_000 });
  if (r.code !== 0) throw new HotlineError('LAB_CLI_FAILED', `asterisk -rx "${command}" failed (exit ${r.code ?? r.signal})`, { details: { command } });
  return r.stdout;
}

/** Starts one node (when it is not running) and waits for its ARI; used by `up` and to bring a killed node back. */
export async function startNode(config: Config, node: LabNode, timeoutMs = 60_000, progress: Progress = stderrProgress): Promise<RunningNode> {
  const paths = nodeLabPaths(config, node);
  ensureNodeDirs(paths, node);
  installLabConfig(config, paths, node);
  const running = runningPid(paths);
  if (running !== undefined) {
    // A running node keeps its config until restarted: the multi-node lab is brought up fresh by the tests.
    return { node, pid: running, version: await waitForNode(config, node, paths, running, timeoutMs) };
  }
  await assertLabPortsFree(withSip(config, node));
  const pid = startAsterisk(paths);
  progress(`node ${node.name}: Asterisk started (pid ${pid}) on ${node.sipHost}:${node.sipPort}, ARI ${node.ariUrl}`);
  try {
    return { node, pid, version: await waitForNode(config, node, paths, pid, timeoutMs) };
  } catch (error) {
    if (pidAlive(pid)) await stopProcess(pid);
    rmSync(paths.pidFile, { force: true });
    throw error;
  }
}

function withSip(config: Config, node: LabNode): Config {
  return { ...nodeConfig(config, node), lab: { ...config.lab, sip: { host: node.sipHost, port: node.sipPort } } };
}

async function startEdge(config: Config, nodes: readonly LabNode[], paths: LabPaths, progress: Progress): Promise<number> {
  const rendered = renderKamailioConfig(config, nodes, readTemplates(join(projectRoot, 'asterisk/kamailio'), ['.cfg', '.list']));
  const etc = join(paths.root, 'etc/kamailio');
  mkdirSync(etc, { recursive: true });
  writeIfChanged(join(etc, 'hotline.cfg'), rendered['kamailio.cfg'] ?? '', 0o644);
  writeIfChanged(join(etc, 'dispatcher.list'), rendered['dispatcher.list'] ?? '', 0o644);
  const files = kamailioFiles(paths);
  const old = runningKamailio(paths, files.pidFile);
  // The dispatcher list and the agents' passwords are read at start: a running edge is restarted to pick them up.
  if (old !== undefined) await stopProcess(old);
  const pid = startKamailio(paths, files.pidFile, files.out);
  const deadline = performance.now() + 15_000;
  while (performance.now() < deadline) {
    if (!pidAlive(pid)) break;
    if ((await sipOptionsProbe(config.lab.edge.host, config.lab.edge.port)) === 200) {
      progress(`edge: Kamailio (pid ${pid}) answers on ${config.lab.edge.host}:${config.lab.edge.port}`);
      return pid;
    }
    await sleep(100);
  }
  const tail = tailLines(readFileSync(files.out, 'utf8'), 20);
  if (pidAlive(pid)) await stopProcess(pid);
  throw new HotlineError('LAB_START_FAILED', `Kamailio did not answer OPTIONS on ${config.lab.edge.host}:${config.lab.edge.port}; ${files.out} ends with:\n${tail}`, {
    details: { out: files.out },
  });
}

/**
 * Restarts the lab's SIP edge by its pid, as a crash or a package upgrade would, with the nodes left running; resolves
 * once the new Kamailio answers OPTIONS. Its memory (registrations, the API agents' digests) is gone.
 */
export async function restartEdge(config: Config, count: number, progress: Progress = stderrProgress): Promise<{ oldPid: number | undefined; pid: number }> {
  const paths = labPaths(config);
  const oldPid = runningKamailio(paths, kamailioFiles(paths).pidFile);
  const pid = await startEdge(config, labNodes(config, count), paths, progress);
  return { oldPid, pid };
}

/**
 * `hotline lab up --nodes N` (N ≥ 2): N Asterisk instances from the one chroot, each on its own loopback address, and
 * Kamailio on lab.edge dispatching to them. The single-node lab is {@link labUp}, unchanged.
 */
export async function labUpNodes(config: Config, count: number, opts: { progress?: Progress; timeoutMs?: number } = {}): Promise<NodesUpResult> {
  const progress = opts.progress ?? stderrProgress;
  const t0 = performance.now();
  assertRoot('up');
  const paths = labPaths(config);
  if (provisionedVersion(paths) === undefined) await provisionLab(config, { progress });
  writeChrootHostFiles(paths.root);
  const nodes = labNodes(config, count);
  const running: RunningNode[] = [];
  for (const node of nodes) running.push(await startNode(config, node, opts.timeoutMs, progress));
  const kamailioPid = await startEdge(config, nodes, paths, progress);
  progress(`lab up: ${count} nodes behind Kamailio in ${formatMs(elapsedMs(t0))}`);
  return { nodes: running, kamailioPid, ms: elapsedMs(t0) };
}

/** Stops every node of a multi-node lab and the edge, by their pids; a no-op for what is not running. */
export async function labDownNodes(config: Config, progress: Progress = stderrProgress): Promise<number[]> {
  assertRoot('down');
  const paths = labPaths(config);
  const stopped: number[] = [];
  const kam = runningKamailio(paths, kamailioFiles(paths).pidFile);
  if (kam !== undefined) {
    await stopProcess(kam);
    stopped.push(kam);
    progress(`edge: Kamailio (pid ${kam}) stopped`);
  }
  rmSync(kamailioFiles(paths).pidFile, { force: true });
  for (const node of labNodes(config, maxLabNodes)) {
    const np = nodeLabPaths(config, node);
    const pid = runningPid(np);
    if (pid === undefined) continue;
    await stopProcess(pid);
    rmSync(np.pidFile, { force: true });
    stopped.push(pid);
    progress(`node ${node.name}: Asterisk (pid ${pid}) stopped`);
  }
  return stopped;
}

/** Node pidfiles left in lab.dir (for `lab status`). */
export function nodePidFiles(config: Config): string[] {
  const dir = labPaths(config).dir;
  return readdirSync(dir).filter((f) => /^asterisk-n\d+\.pid$/.test(f));
}
