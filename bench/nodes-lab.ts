// Issue 14 benchmark: one hotline on one Asterisk node against the same hotline on two, behind Kamailio, in one run
// (the baseline is measured in the same run on the same loaded machine). Run as root under the lab lock:
//   flock /tmp/hotline-lab.lock npx tsx bench/nodes-lab.ts [calls] [rate] [holdMs] [--kill]
// Offered load: `calls` inbound calls at `rate`/s, each held `holdMs` after answer. Reported per layout: calls
// completed and failed (SIPp), the most channels up at once, hotline's CPU per call (this process: the service runs
// in it), the 2-node kill (time from SIGKILL to the edge's last dispatch to the dead node, failed calls).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig } from '../src/config/load.js';
import type { Config } from '../src/config/schema.js';
import { pidAlive, runningPid, stopProcess } from '../src/lab/asterisk-process.js';
import { labDown } from '../src/lab/lab.js';
import { labNodes } from '../src/lab/lab-nodes.js';
import { labDownNodes, labUpNodes, startNode } from '../src/lab/multi-lab.js';
import { labPaths, nodeLabPaths } from '../src/lab/paths.js';
import { createLogger } from '../src/log/logger.js';
import { createService } from '../src/service/service.js';
import { sippLoad } from './sipp-load.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';

const withKill = process.argv.includes('--kill');
const [calls = 300, rate = 30, holdMs = 4000] = process.argv.slice(2).filter((a) => !a.startsWith('--')).map(Number);
const base = loadConfig(undefined, {});
const nodes = labNodes(base, 2);

function serviceConfig(names: string[]): Config {
  const c = loadConfig(undefined, {});
  c.store.path = join(mkdtempSync(join(tmpdir(), 'hotline-nodes-bench-')), 'hotline.db');
  c.service.port = 0;
  c.service.logLevel = 'warn';
  c.ivr.dir = mkdtempSync(join(tmpdir(), 'hotline-flows-'));
  c.dialer.enabled = false;
  c.lab.sip = { ...c.lab.edge };
  c.nodes = nodes.filter((n) => names.includes(n.name)).map((n) => ({ name: n.name, ari: { url: n.ariUrl }, sip: { host: n.sipHost, port: n.sipPort }, weight: 1, maxCallsPerSecond: 50 }));
  return c;
}

async function measure(names: string[], kill?: string): Promise<Record<string, unknown>> {
  const config = serviceConfig(names);
  const service = createService(config, { logger: createLogger('silent') });
  await service.start();
  for (let i = 0; i < 150 && !(service.health().nodes ?? [{ connected: service.port.connected }]).every((n) => n.connected); i += 1) await sleep(100);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, service.calls.size)), 100);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const t0Epoch = Date.now();
  const load = sippLoad(config, { number: config.telephony.entryNumbers[0]!, calls, concurrent: calls, rate, hangup: { kind: 'after-answer', afterMs: holdMs } });
  let killed: Record<string, unknown> = {};
  if (kill !== undefined) {
    await sleep((calls / rate) * 500);
    const node = nodes.find((n) => n.name === kill)!;
    const pid = runningPid(nodeLabPaths(config, node))!;
    const at = Date.now();
    process.kill(pid, 'SIGKILL');
    while (pidAlive(pid)) await sleep(20);
    killed = { killedAt: at, node: kill };
  }
  const result = await load;
  const wallS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  for (let i = 0; i < 100 && service.repo.openCalls().length > 0; i += 1) await sleep(100);
  const openRows = service.repo.openCalls();
  const open = openRows.length;
  // What an open record is, if one stays: its node and times against the kill (the record left open in the first run).
  const since = (t: number | null) => (t === null ? null : t - ((killed.killedAt as number | undefined) ?? t0Epoch));
  const openDetail = openRows.map((r) => ({ channelId: r.channelId, node: r.node, direction: r.direction, startedMs: since(r.startedAt), answeredMs: since(r.answeredAt), reconciled: r.reconciled }));
  await service.stop();
  const done = calls - result.failed;
  const out: Record<string, unknown> = {
    nodes: names.join('+'),
    offered: calls,
    completed: done,
    failed: result.failed,
    peakConcurrent: peak,
    callsPerS: Number((done / wallS).toFixed(1)),
    hotlineCpuMsPerCall: Number(((cpu.user + cpu.system) / 1000 / Math.max(1, done)).toFixed(2)),
    openRecordsAfter: open,
    ...(open > 0 ? { openRecords: openDetail } : {}),
  };
  if (killed.killedAt !== undefined) {
    const log = readFileSync(join(labPaths(config).dir, 'kamailio.out'), 'utf8');
    const host = nodes.find((n) => n.name === kill)!.sipHost.replace(/\./g, '\\.');
    const toDead = [...log.matchAll(new RegExp(`to node sip:${host}:5060 at (\\d+\\.\\d+)`, 'g'))].map((m) => Number(m[1]) * 1000).filter((t) => t >= (killed.killedAt as number));
    const retried = [...log.matchAll(new RegExp(`node sip:${host}:5060 failed \\(408\\) for \\S+ at (\\d+\\.\\d+)`, 'g'))].filter((m) => Number(m[1]) * 1000 >= (killed.killedAt as number)).length;
    out.kill = { node: kill, lastDispatchToDeadMs: toDead.length ? Math.round(Math.max(...toDead) - (killed.killedAt as number)) : 0, retriedOnSurvivor: retried };
  }
  return out;
}

await labDownNodes(base);
await labDown(base);
const up = await labUpNodes(base, 2);
const results: Array<Record<string, unknown>> = [];
try {
  // Baseline: n2 stopped, so the edge's probe takes it out and every call goes to n1.
  const n2 = up.nodes[1]!;
  await stopProcess(n2.pid);
  await sleep(3000);
  // Each result is printed as soon as it is measured, so a later phase that fails keeps the earlier ones.
  const keep = (r: Record<string, unknown>) => (results.push(r), console.log(JSON.stringify(r)));
  keep(await measure(['n1']));
  await startNode(base, nodes[1]!);
  await sleep(3000);
  keep(await measure(['n1', 'n2']));
  if (withKill) keep(await measure(['n1', 'n2'], 'n1'));
} finally {
  await labDownNodes(base);
}
console.log(JSON.stringify({ at: new Date().toISOString(), calls, rate, holdMs, results }, null, 1));
