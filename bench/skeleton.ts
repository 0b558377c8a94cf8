/**
 * Skeleton benchmark (issue 2). Prints, and writes to docs/benchmarks.md when given --write:
 *  - lab cold provisioning (a fresh chroot in a scratch lab dir) and warm start (Asterisk start until ARI answers);
 *  - N calls through the Stasis app at R calls/s from one SIPp (answer, prompt, hang-up after 3 s):
 *    the service's CPU-ms per call and RSS after, against Asterisk's own CPU over the same run.
 * Run as root: `npx tsx bench/skeleton.ts [--calls 200] [--rate 10] [--skip-cold] [--write]`.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { loadConfig, projectRoot } from '../src/config/load.js';
import { callerScenario } from '../src/lab/caller-scenario.js';
import { labDown, labPaths, labUp, provisionLab } from '../src/lab/lab.js';
import { runningPid } from '../src/lab/asterisk-process.js';
import { startSipp } from '../src/lab/sipp.js';
import { controlPortRange, findFreeUdpPort, mediaPortRange } from '../src/lab/sipp-ports.js';
import { freePort, labConfig, spawnService, waitFor } from '../tests/lab/support.js';
import { benchCli } from './cli.js';
import { procStats } from './proc-stats.js';

const { flag, num: value, out, lines } = benchCli();
const calls = value('--calls', 200);
const rate = value('--rate', 10);

const base = loadConfig(undefined, {});

// ---- lab: cold and warm ---------------------------------------------------------------------
let coldMs: number | undefined;
if (!flag('--skip-cold')) {
  const scratch = loadConfig(undefined, {});
  scratch.lab.dir = mkdtempSync(join(projectRoot, '.lab-bench-'));
  try {
    const r = await provisionLab(scratch, { progress: () => undefined });
    coldMs = r.ms;
  } finally {
    rmSync(scratch.lab.dir, { recursive: true, force: true });
  }
}
await labDown(base, { progress: () => undefined });
const warm: number[] = [];
for (let i = 0; i < 3; i++) {
  const up = await labUp(base, { progress: () => undefined });
  warm.push(up.startMs ?? up.ms);
  if (i < 2) await labDown(base, { progress: () => undefined });
}
warm.sort((a, b) => a - b);

// ---- calls through the Stasis app ---------------------------------------------------------
const config = labConfig((c) => {
  c.service.logLevel = 'warn';
});
config.service.port = await freePort();
const service = await spawnService(config);
const asteriskPid = runningPid(labPaths(base))!;
await sleep(1000);
const svc0 = procStats(service.pid);
const ast0 = procStats(asteriskPid);
const t0 = performance.now();

const work = mkdtempSync(join(tmpdir(), 'hotline-bench-'));
const scenario = join(work, 'load.xml');
writeFileSync(scenario, callerScenario({ from: '13800138000', keys: [], hangup: { kind: 'after-answer', afterMs: 3000 }, maxRingMs: 10_000 }));
const media = await findFreeUdpPort(config.lab.callers.host, mediaPortRange);
const control = await findFreeUdpPort(config.lab.callers.host, controlPortRange);
const sipp = startSipp({
  scenario,
  local: { ip: config.lab.callers.host, port: 0 },
  media: { ip: config.lab.callers.host, port: media },
  control: { ip: config.lab.callers.host, port: control },
  remote: `${config.lab.sip.host}:${config.lab.sip.port}`,
  extra: ['-s', '4008001234', '-r', String(rate), '-m', String(calls), '-l', String(rate * 10)],
  traceDir: join(work, 'trace'),
  timeoutS: calls / rate + 120,
});
const sippExit = await sipp.done;
const db = new Database(config.store.path, { readonly: true });
const ended = () => (db.prepare('SELECT COUNT(*) AS n FROM calls WHERE ended_at IS NOT NULL').get() as { n: number }).n;
await waitFor(() => ended() >= calls, 30_000, 'every call record to close').catch(() => undefined);
const wallS = (performance.now() - t0) / 1000;
const svc1 = procStats(service.pid);
const ast1 = procStats(asteriskPid);
const summary = db
  .prepare("SELECT COUNT(*) AS n, SUM(outcome = 'answered') AS answered, SUM(ended_at IS NULL) AS open FROM calls")
  .get() as { n: number; answered: number; open: number };
db.close();
await service.kill('SIGTERM');
rmSync(work, { recursive: true, force: true });

const perCall = (a: number, b: number) => ((b - a) / calls).toFixed(2);
out(`## Skeleton benchmark (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version})`);
out('');
out('| measure | value |');
out('| --- | --- |');
out(`| lab cold provisioning (debootstrap sid + Asterisk 22) | ${coldMs === undefined ? 'skipped' : `${(coldMs / 1000).toFixed(1)} s`} |`);
out(`| lab warm start (Asterisk start → ARI answers, best/median of 3) | ${warm[0]!.toFixed(0)} / ${warm[1]!.toFixed(0)} ms |`);
out(`| calls placed (SIPp, ${rate} calls/s, answer + prompt + hang-up at 3 s) | ${calls}, SIPp exit ${sippExit.code} |`);
out(`| call records written / answered / left open | ${summary.n} / ${summary.answered} / ${summary.open} |`);
out(`| hotline service CPU per call | ${perCall(svc0.cpuMs, svc1.cpuMs)} ms |`);
out(`| Asterisk CPU per call (same run) | ${perCall(ast0.cpuMs, ast1.cpuMs)} ms |`);
out(`| hotline RSS before → after | ${(svc0.rssKiB / 1024).toFixed(1)} → ${(svc1.rssKiB / 1024).toFixed(1)} MiB |`);
out(`| wall time of the call run | ${wallS.toFixed(1)} s |`);

if (flag('--write')) {
  const file = join(projectRoot, 'docs/benchmarks.md');
  writeFileSync(
    file,
    `# Benchmarks\n\nLatest results of \`bench/\` scripts on the project's 2-core machine. Re-run with \`npm run bench -- --write\`.\n\n${lines.join('\n')}\n`,
  );
  out(`\nwritten to ${file}`);
}
await labDown(base, { progress: () => undefined });
process.exit(0);
