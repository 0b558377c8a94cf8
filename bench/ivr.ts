/**
 * IVR benchmark (issue 3). SIPp callers walk a two-level menu (two keys each) at 10, 50 and 100 calls up at once,
 * against three systems in the same run on the same lab Asterisk:
 *  - hotline (bench/flows/bench.yaml on 4008009999), the service as its own process;
 *  - the same menu in native dialplan (Background/WaitExten, 4008009998);
 *  - a minimal ari-client app that only answers, plays and hangs up (bench/minimal-ari.mjs, 4008009997).
 * Prints CPU per call (Node and Asterisk), key-to-next-prompt p50/p99 (hotline's own summary metric, from Asterisk
 * event times), failed calls and hotline's RSS growth over the largest run. Run as root:
 *   npx tsx bench/ivr.ts [--write] [--calls10 200] [--calls50 500] [--calls100 2000] [--baseline-calls 500]
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import Database from 'better-sqlite3';
import { loadConfig, projectRoot } from '../src/config/load.js';
import { runningPid } from '../src/lab/asterisk-process.js';
import { labDown, labPaths, labUp } from '../src/lab/lab.js';
import { freePort, labConfig, spawnService, waitFor } from '../tests/lab/support.js';
import { benchCli, writeDocSection } from './cli.js';
import { procStats } from './proc-stats.js';
import { sippLoad } from './sipp-load.js';

const { flag, num, out, lines } = benchCli();
const levels: Array<[concurrent: number, calls: number]> = [
  [10, num('--calls10', 200)],
  [50, num('--calls50', 500)],
  [100, num('--calls100', 2000)],
];
const baselineCalls = num('--baseline-calls', 500);

const base = loadConfig(undefined, {});
await labUp(base, { progress: () => undefined });
const asteriskPid = runningPid(labPaths(base))!;
// Callers press 1 a second after answer (barging into the first prompt), then 2 a second and a half later.
const walk = { keys: '1,2', firstKeyAfterMs: 1000, hangup: { kind: 'far-end' as const, maxMs: 20_000 } };

interface Row {
  system: string;
  concurrent: number;
  calls: number;
  failed: number;
  nodeCpuMs: number | null;
  asteriskCpuMs: number;
  p50?: number;
  p99?: number;
  rssGrowthMiB?: number;
}
const rows: Row[] = [];

async function scrapeQuantiles(port: number): Promise<{ p50?: number; p99?: number }> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const q = (p: string) => {
    const m = new RegExp(`^hotline_ivr_dtmf_to_prompt_seconds\\{quantile="${p}"\\} ([0-9.eE+-]+)$`, 'm').exec(text);
    return m ? Number(m[1]) * 1000 : undefined;
  };
  return { p50: q('0.5'), p99: q('0.99') };
}

// ---- hotline ------------------------------------------------------------------------------------------------
for (const [concurrent, calls] of levels) {
  const port = await freePort();
  const config = labConfig((c) => {
    c.service.port = port;
    c.service.logLevel = 'warn';
    c.ivr.dir = join(projectRoot, 'bench/flows');
    c.acd.agents = [];
  });
  const service = await spawnService(config);
  await sleep(1000);
  const svc0 = procStats(service.pid);
  const ast0 = procStats(asteriskPid);
  const load = await sippLoad(config, { number: '4008009999', calls, concurrent, rate: Math.max(5, concurrent / 4), ...walk });
  const db = new Database(config.store.path, { readonly: true });
  await waitFor(() => (db.prepare('SELECT COUNT(*) AS n FROM calls WHERE ended_at IS NOT NULL').get() as { n: number }).n >= calls, 30_000, 'records').catch(() => undefined);
  const svc1 = procStats(service.pid);
  const ast1 = procStats(asteriskPid);
  // A walked call went through both menus to the goodbye; anything else failed.
  const walked = (db.prepare("SELECT COUNT(*) AS n FROM calls WHERE ivr_path LIKE '%\"menu2\",\"key\":\"2\"%' AND ivr_path LIKE '%\"bye\"%'").get() as { n: number }).n;
  db.close();
  const q = await scrapeQuantiles(port);
  await service.kill('SIGTERM');
  rows.push({
    system: 'hotline',
    concurrent,
    calls,
    failed: Math.max(load.failed, calls - walked),
    nodeCpuMs: (svc1.cpuMs - svc0.cpuMs) / calls,
    asteriskCpuMs: (ast1.cpuMs - ast0.cpuMs) / calls,
    ...q,
    rssGrowthMiB: (svc1.rssKiB - svc0.rssKiB) / 1024,
  });
  out(`hotline ${concurrent} up, ${calls} calls: failed ${rows.at(-1)!.failed}, node ${rows.at(-1)!.nodeCpuMs!.toFixed(2)} ms/call`);
}

// ---- native dialplan ----------------------------------------------------------------------------------------
{
  const ast0 = procStats(asteriskPid);
  const load = await sippLoad(base, { number: '4008009998', calls: baselineCalls, concurrent: 100, rate: 25, ...walk });
  const ast1 = procStats(asteriskPid);
  rows.push({ system: 'native dialplan', concurrent: 100, calls: baselineCalls, failed: load.failed, nodeCpuMs: null, asteriskCpuMs: (ast1.cpuMs - ast0.cpuMs) / baselineCalls });
  out(`native: failed ${load.failed}`);
}

// ---- minimal ari-client script -------------------------------------------------------------------------------
{
  const child = spawn(process.execPath, [join(projectRoot, 'bench/minimal-ari.mjs'), base.ari.url, base.ari.username, base.ari.password], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve) => child.stdout.on('data', (d) => String(d).includes('ready') && resolve()));
  await sleep(1000);
  const min0 = procStats(child.pid!);
  const ast0 = procStats(asteriskPid);
  const load = await sippLoad(base, { number: '4008009997', calls: baselineCalls, concurrent: 100, rate: 25, hangup: { kind: 'far-end', maxMs: 20_000 } });
  const min1 = procStats(child.pid!);
  const ast1 = procStats(asteriskPid);
  process.kill(child.pid!, 'SIGTERM');
  rows.push({
    system: 'minimal ari-client',
    concurrent: 100,
    calls: baselineCalls,
    failed: load.failed,
    nodeCpuMs: (min1.cpuMs - min0.cpuMs) / baselineCalls,
    asteriskCpuMs: (ast1.cpuMs - ast0.cpuMs) / baselineCalls,
  });
  out(`minimal: failed ${load.failed}`);
}

const minimal = rows.find((r) => r.system === 'minimal ari-client')!;
const f = (n: number | null | undefined, d = 2) => (n === null || n === undefined || Number.isNaN(n) ? '–' : n.toFixed(d));
out('');
out(`## IVR benchmark (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version})`);
out('');
out('Two-level menu, two keys per call (1 barging into the first prompt, then 2), far end hangs up after the goodbye.');
out('');
out('| system | up at once | calls | failed | Node CPU ms/call | × minimal | Asterisk CPU ms/call | key→prompt p50 / p99 ms | RSS growth MiB |');
out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const ratio = r.nodeCpuMs !== null && r.system === 'hotline' ? `${(r.nodeCpuMs / minimal.nodeCpuMs!).toFixed(2)}×` : '–';
  const lat = r.p50 !== undefined ? `${f(r.p50, 0)} / ${f(r.p99, 0)}` : '–';
  out(`| ${r.system} | ${r.concurrent} | ${r.calls} | ${r.failed} | ${f(r.nodeCpuMs)} | ${ratio} | ${f(r.asteriskCpuMs)} | ${lat} | ${r.rssGrowthMiB === undefined ? '–' : f(r.rssGrowthMiB, 1)} |`);
}

if (flag('--write')) {
  writeDocSection('## IVR benchmark', lines.slice(lines.indexOf('') + 1));
  out('\nwritten to docs/benchmarks.md');
}
await labDown(base, { progress: () => undefined });
process.exit(0);
