import { resolve } from 'node:path';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import { labCli, labDown, labPaths, labStatus, labUp, provisionLab } from '../lab/lab.js';
import { formatMs } from '../lab/progress.js';
import { labDownNodes, labUpNodes } from '../lab/multi-lab.js';
import { labEdge } from '../lab/render-kamailio.js';

function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

// The config option belongs to the root program; every lab command reads it from there.
function configOf(cmd: Command): Config {
  const file = cmd.optsWithGlobals<{ config?: string }>().config;
  return loadConfig(file);
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Follows messages.log with tail(1); resolves with tail's exit code. */
function tailLog(file: string, lines: number, follow: boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    // -F keeps following when Asterisk rotates or recreates the file.
    const child = spawn('tail', ['-n', String(lines), ...(follow ? ['-F'] : []), file], { stdio: 'inherit' });
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}

/** Adds `hotline lab provision|up|down|status|logs|rx` to the program. */
export function registerLabCommands(program: Command): void {
  const lab = program
    .command('lab')
    .description('the local lab: Asterisk 22 in a Debian sid chroot under lab.dir (run as root)');

  lab
    .command('provision')
    .description('make the chroot and install Asterisk (reused when complete) and the host tools')
    .option('--force', 'rebuild the chroot even when it is complete')
    .option('--from-cache <dir>', "install Asterisk from a pinned package set an earlier run saved (lab.cache.dir/pinned) when Debian sid's cannot be installed")
    .option('--json', 'print the result as JSON')
    .action(async (opts: { force?: boolean; fromCache?: string; json?: boolean }, cmd: Command) => {
      const r = await provisionLab(configOf(cmd), { force: opts.force === true, ...(opts.fromCache !== undefined ? { fromCache: resolve(opts.fromCache) } : {}) });
      if (opts.json === true) print(JSON.stringify(r));
      else print(`${r.reused ? 'reused' : 'provisioned'}: asterisk ${r.version} (${formatMs(r.ms)})`);
    });

  lab
    .command('up')
    .description('install the config, start Asterisk if needed, wait until ARI answers')
    .option('--timeout <seconds>', 'how long to wait for ARI', positiveInt, 60)
    .option('--no-provision', 'fail instead of provisioning a missing chroot')
    .option('--nodes <n>', 'Asterisk nodes; 2 or more run behind Kamailio on lab.edge', positiveInt, 1)
    .option('--json', 'print the result as JSON')
    .action(async (opts: { timeout: number; provision: boolean; nodes: number; json?: boolean }, cmd: Command) => {
      if (opts.nodes > 1) {
        const m = await labUpNodes(configOf(cmd), opts.nodes, { timeoutMs: opts.timeout * 1000 });
        if (opts.json === true) print(JSON.stringify(m));
        else for (const n of m.nodes) print(`node ${n.node.name}: Asterisk ${n.version}, pid ${n.pid}, SIP ${n.node.sipHost}:${n.node.sipPort}, ARI ${n.node.ariUrl}`);
        if (opts.json !== true) print(`edge: Kamailio pid ${m.kamailioPid}; for agents created through the API set config edge: ${JSON.stringify(labEdge(configOf(cmd)))}`);
        return;
      }
      const r = await labUp(configOf(cmd), { timeoutMs: opts.timeout * 1000, provision: opts.provision });
      if (opts.json === true) print(JSON.stringify(r));
      else print(`up (${r.action}): Asterisk ${r.version}, pid ${r.pid}`);
    });

  lab
    .command('down')
    .description('stop Asterisk (SIGTERM, SIGKILL after 10 s), and the nodes and Kamailio of a multi-node lab')
    .action(async (_opts: unknown, cmd: Command) => {
      const config = configOf(cmd);
      const nodes = await labDownNodes(config, () => undefined);
      if (nodes.length > 0) print(`stopped the multi-node lab (pids ${nodes.join(', ')})`);
      const r = await labDown(config);
      print(r.stopped ? `stopped (pid ${r.pid})` : 'not running');
    });

  lab
    .command('status')
    .description('running or stopped, pid, ARI reachable, Asterisk version; exit 3 when not running')
    .option('--json', 'print the status as JSON')
    .action(async (opts: { json?: boolean }, cmd: Command) => {
      const s = await labStatus(configOf(cmd));
      if (opts.json === true) {
        print(JSON.stringify(s));
      } else {
        print(`lab:        ${s.running ? 'running' : 'stopped'}${s.pid === undefined ? '' : ` (pid ${s.pid})`}`);
        print(`ARI:        ${s.ariReachable ? 'reachable' : `not reachable (${s.ariProblem ?? 'unknown'})`}`);
        print(`asterisk:   ${s.version ?? s.installedVersion ?? 'not provisioned'}${s.version === undefined && s.installedVersion !== undefined ? ' (installed)' : ''}`);
        print(`directory:  ${s.dir}${s.provisioned ? '' : ' (not provisioned)'}`);
      }
      // LSB convention for "program is not running", so scripts can test it.
      if (!s.running) process.exitCode = 3;
    });

  lab
    .command('logs')
    .description("show the end of Asterisk's messages.log")
    .option('-n, --lines <n>', 'how many lines', positiveInt, 50)
    .option('-f, --follow', 'keep printing new lines')
    .action(async (opts: { lines: number; follow?: boolean }, cmd: Command) => {
      const file = labPaths(configOf(cmd)).messagesLog;
      if (!existsSync(file) && opts.follow !== true) {
        throw new HotlineError('LAB_NOT_RUNNING', `no ${file} yet: run \`hotline lab up\``);
      }
      const code = await tailLog(file, opts.lines, opts.follow === true);
      if (code !== 0) process.exitCode = code;
    });

  lab
    .command('rx')
    .description('run an Asterisk CLI command in the lab, e.g. hotline lab rx "pjsip show endpoints"')
    .argument('<command...>', 'the CLI command (quote it or give it as words)')
    .action(async (words: string[], _opts: unknown, cmd: Command) => {
      process.stdout.write(await labCli(configOf(cmd), words.join(' ')));
    });
}
