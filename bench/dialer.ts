/**
 * Dialer benchmark (issue 4). Prints, and writes to docs/benchmarks.md when given --write:
 *  - lead selection: the next 100 due leads of a campaign of 1,000,000 (callbacks, retries, new), through the
 *    leads_due index, against the same query with the index switched off (NOT INDEXED) as the baseline;
 *  - the dialer against the SIPp carrier at 20 lines: N leads whose numbers answer and hang up after 1 s, worked by
 *    `hotline start` in its own process; originations per second sustained and the service's CPU-ms per attempt,
 *    against a minimal ari-client script (bench/minimal-dialer.mjs) keeping 20 lines busy on the same numbers.
 * With --lines 20,60,150 (issue 18) each line count is run in turn, hotline then the minimal originator, with the CPU
 * of each process (hotline, Asterisk, SIPp) over each run, the load average at each run's start and end, and hotline's
 * decision latency (due → originate request sent, from each attempt's due_at and dial_sent_at; dial-due.ts); a table row per
 * line count closes the output. --skip-selection leaves out the lead-selection part; --no-hearing runs hotline with
 * announcements.hear.enabled false (the early-media hearing of every leg off); --cpu-prof DIR profiles the service.
 * The lab this bench starts is stopped at the end.
 * The import benchmark is bench/import.ts. Run as root: `npx tsx bench/dialer.ts [--leads 1000000] [--calls 600] [--lines 20] [--skip-selection] [--write]`.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig, projectRoot } from '../src/config/load.js';
import { changeCampaign, createCampaign } from '../src/dialer/campaign-commands.js';
import { runningPid } from '../src/lab/asterisk-process.js';
import { labDown, labPaths, labUp } from '../src/lab/lab.js';
import { carrierOptions, startCarrier } from '../src/lab/sipp-carrier.js';
import { openDb } from '../src/store/db.js';
import { LeadsRepo } from '../src/store/leads-repo.js';
import { serviceConfig } from '../tests/lab/service-lab.js';
import { spawnService, waitFor } from '../tests/lab/support.js';
import { benchCli, writeDocSection } from './cli.js';
import { procStats } from './proc-stats.js';
import { storeOf } from '../src/store/store.js';

const { flag, num, out, lines } = benchCli();
const leadCount = num('--leads', 1_000_000);
const calls = num('--calls', 600);
const linesAt = process.argv.indexOf('--lines');
const lineCounts = (linesAt >= 0 ? process.argv[linesAt + 1]! : '20').split(',').map(Number);
const profAt = process.argv.indexOf('--cpu-prof');
const profDir = profAt >= 0 ? process.argv[profAt + 1]! : null;
const load1 = () => loadavg()[0]!.toFixed(1);
/** Nearest-rank percentile. */
const pct = (xs: number[], p: number) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)]! : Number.NaN);
const rows: string[] = [];

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ---- lead selection ------------------------------------------------------------------------------
if (!flag('--skip-selection')) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-leads-'));
  try {
    const db = openDb(join(dir, 'bench.db'));
    const now = Date.now();
    const c = createCampaign(storeOf(db), 'selection', {}, now);
    const insert = db.prepare('INSERT INTO leads (campaign_id, phone, state, priority, due_at, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
    const t0 = performance.now();
    db.transaction(() => {
      for (let i = 0; i < leadCount; i++) {
        // 1% callbacks (half due), 10% retries (half due), the rest new; 5% already final.
        const r = i % 100;
        const [state, priority, due] =
          r === 0 ? ['callback-scheduled', 0, i % 200 === 0 ? now - 1000 : now + 3_600_000]
          : r <= 10 ? ['retry-wait', 1, r % 2 ? now - 5000 : now + 7_200_000]
          : r <= 15 ? ['done-failed', 3, 0]
          : ['new', 2, 0];
        insert.run(c.id, `+86139${String(10_000_000 + i).padStart(8, '0')}`, state, priority, due, now, now);
      }
    })();
    const loadMs = performance.now() - t0;
    const leads = new LeadsRepo(db);
    const time = (fn: () => unknown) => {
      const xs: number[] = [];
      for (let i = 0; i < 30; i++) {
        const s = performance.now();
        fn();
        xs.push(performance.now() - s);
      }
      return median(xs);
    };
    const picked = leads.due(c.id, now, 100);
    const indexed = time(() => leads.due(c.id, now, 100));
    const scan = db.prepare(
      `SELECT id FROM leads NOT INDEXED WHERE campaign_id = ? AND state IN ('new', 'retry-wait', 'callback-scheduled') AND due_at <= ?
       ORDER BY priority, due_at, id LIMIT 100`,
    );
    const baseline = time(() => scan.all(c.id, now));
    const kinds = picked.reduce<Record<string, number>>((m, l) => ({ ...m, [l.state]: (m[l.state] ?? 0) + 1 }), {});
    out(`## Dialer (issue 4)`);
    out('');
    out(`Lead selection, ${leadCount.toLocaleString('en')} leads in one campaign (inserted in ${(loadMs / 1000).toFixed(1)} s):`);
    out(`- next 100 due leads: ${indexed.toFixed(2)} ms median (${Object.entries(kinds).map(([k, v]) => `${v} ${k}`).join(', ')}), against ${baseline.toFixed(1)} ms for the same query without the index`);
    db.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ---- the dialer against the carrier ------------------------------------------------------------------
const base = loadConfig(undefined, {});
await labUp(base, { progress: () => undefined });
const asteriskPid = runningPid(labPaths(base));
if (!asteriskPid) throw new Error('the lab Asterisk is not running');
// 139 1XYZ 00 10: the carrier answers and hangs up after 1 s (the load range of the test numbering plan).
const numbers = Array.from({ length: calls }, (_, i) => `1391${String(i % 1000).padStart(3, '0')}0010`);
if (calls > 1000) throw new Error('at most 1000 calls: the load range has 1000 numbers');
// A lab service's config (free port, the sample IVR, the shared prompt cache), logging only warnings.
const config = await serviceConfig((c) => {
  c.service.logLevel = 'warn';
  c.acd.agents = [];
  c.dialer.tickMs = 50;
  if (flag('--no-hearing')) c.announcements.hear.enabled = false;
});
const carrier = await startCarrier(carrierOptions(config));
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const cpuPer = (d: number, n: number) => (d / n).toFixed(1);

async function hotlineRun(lineCount: number): Promise<void> {
  const db = openDb(config.store.path);
  const campaign = createCampaign(
    storeOf(db),
    `bench-${lineCount}-${Date.now()}`,
    { mode: 'agentless', flow: 'survey', amd: false, windows: allDay, quietHours: [], maxLines: lineCount, maxCallsPerSecond: 100, retry: { default: { delayS: 1, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} } },
    Date.now(),
  );
  const leads = new LeadsRepo(db);
  for (const n of numbers) leads.insert({ campaignId: campaign.id, phone: `+86${n}`, now: Date.now() });
  const svc = await spawnService(config, profDir ? { nodeArgs: ['--cpu-prof', '--cpu-prof-dir', profDir] } : {});
  const loadAtStart = load1();
  const s0 = procStats(svc.pid);
  const a0 = procStats(asteriskPid!);
  const c0 = procStats(carrier.pid!);
  changeCampaign(storeOf(db), campaign.id, 'start', Date.now());
  const final = new Set(['done-success', 'done-failed', 'invalid-number']);
  await waitFor(() => leads.ofCampaign(campaign.id).every((l) => final.has(l.state)), calls * 1000, 'every lead to end');
  const s1 = procStats(svc.pid);
  const a1 = procStats(asteriskPid!);
  const c1 = procStats(carrier.pid!);
  const times = db.prepare('SELECT MIN(dialed_at) AS first, MAX(dialed_at) AS last, COUNT(*) AS n, SUM(answered_at IS NOT NULL) AS answered FROM attempts WHERE campaign_id = ?').get(campaign.id) as {
    first: number;
    last: number;
    n: number;
    answered: number;
  };
  const outcomes = db.prepare('SELECT outcome, COUNT(*) AS n FROM attempts WHERE campaign_id = ? GROUP BY outcome').all(campaign.id) as Array<{ outcome: string; n: number }>;
  const latencies = storeOf(db).attempts.decisionLatencies(campaign.id);
  const loadAtEnd = load1();
  await svc.kill('SIGTERM');
  db.close();
  const rate = (times.n - 1) / ((times.last - times.first) / 1000);

  out('');
  out(`${calls} leads at ${lineCount} lines against the SIPp carrier (each call answered and hung up by the far end after 1 s; AMD off; load ${loadavg()[0]!.toFixed(1)}):`);
  out(`- hotline: ${rate.toFixed(1)} originations/s sustained, ${cpuPer(s1.cpuMs - s0.cpuMs, times.n)} ms service CPU per attempt, RSS ${(s1.rssKiB / 1024).toFixed(0)} MiB; ${times.answered}/${times.n} answered; outcomes ${outcomes.map((o) => `${o.outcome} ${o.n}`).join(', ')}; Asterisk ${cpuPer(a1.cpuMs - a0.cpuMs, times.n)} ms CPU per attempt, SIPp ${cpuPer(c1.cpuMs - c0.cpuMs, times.n)}; load ${loadAtStart} → ${loadAtEnd}`);
  out(`- decision latency (due → originate request sent, ${latencies.length} attempts): p50 ${pct(latencies, 50)} ms, p99 ${pct(latencies, 99)} ms, max ${pct(latencies, 100)} ms`);
  const hotlineCpu = `${cpuPer(s1.cpuMs - s0.cpuMs, times.n)} / ${cpuPer(a1.cpuMs - a0.cpuMs, times.n)} / ${cpuPer(c1.cpuMs - c0.cpuMs, times.n)}`;
  const peerLoadAtStart = load1();
  // The peer: a minimal ari-client originator on the same numbers and lines (stopped after 5 min if it hangs).
  const a2 = procStats(asteriskPid!);
  const c2 = procStats(carrier.pid!);
  const peer = await new Promise<{ attempts: number; lost?: number; ms: number; lastDialMs: number; cpuMs: number } | undefined>((resolve) => {
    const child = spawn(process.execPath, [join(projectRoot, 'bench/minimal-dialer.mjs'), base.ari.url, base.ari.username, base.ari.password, String(lineCount), ...numbers], { stdio: ['ignore', 'pipe', 'inherit'], timeout: 300_000 });
    let text = '';
    child.stdout.on('data', (d) => (text += d));
    child.on('exit', (code) => resolve(code === 0 ? (JSON.parse(text.trim().split("\n").at(-1)!) as { attempts: number; lost?: number; ms: number; lastDialMs: number; cpuMs: number }) : undefined));
  });
  const a3 = procStats(asteriskPid!);
  const c3 = procStats(carrier.pid!);
  const answered = `${times.answered}/${times.n} answered`;
  const latency = `${pct(latencies, 50)} / ${pct(latencies, 99)}`;
  if (!peer) {
    out(`- minimal ari-client originator: did not finish (exited or stopped after 5 min waiting for its channels to end)`);
    rows.push(`| ${lineCount} | ${rate.toFixed(1)} (${answered}) | did not finish | — | ${latency} | ${hotlineCpu} | — | ${loadAtStart} → ${loadAtEnd} | ${peerLoadAtStart} → ${load1()} |`);
    return;
  }
  // First to last dial, as hotline's rate is measured (the tail waiting for the last calls to end left out).
  const peerRate = (peer.attempts - 1) / (peer.lastDialMs / 1000);
  const peerCpu = `${cpuPer(peer.cpuMs, peer.attempts)} / ${cpuPer(a3.cpuMs - a2.cpuMs, peer.attempts)} / ${cpuPer(c3.cpuMs - c2.cpuMs, peer.attempts)}`;
  rows.push(`| ${lineCount} | ${rate.toFixed(1)} (${answered}) | ${peerRate.toFixed(1)}${peer.lost ? ` (${peer.lost} never ended)` : ''} | ${((100 * rate) / peerRate).toFixed(0)}% | ${latency} | ${hotlineCpu} | ${peerCpu} | ${loadAtStart} → ${loadAtEnd} | ${peerLoadAtStart} → ${load1()} |`);

  out(`- minimal ari-client originator (bench/minimal-dialer.mjs), same numbers and lines: ${peerRate.toFixed(1)} originations/s (hotline ${((100 * rate) / peerRate).toFixed(0)}% of it)${peer.lost ? `, ${peer.lost} channels never ended (stopped after 20 s without an end)` : ''}, ${cpuPer(peer.cpuMs, peer.attempts)} ms CPU per attempt; Asterisk ${cpuPer(a3.cpuMs - a2.cpuMs, peer.attempts)} ms, SIPp ${cpuPer(c3.cpuMs - c2.cpuMs, peer.attempts)}; load ${peerLoadAtStart} → ${load1()}`);
}

try {
  for (const lineCount of lineCounts) await hotlineRun(lineCount);
  out('');
  out('| lines | hotline originations/s | minimal originator/s | hotline / minimal | decision latency p50 / p99 (ms) | CPU ms per attempt with hotline: service / Asterisk / SIPp | with the minimal originator: script / Asterisk / SIPp | load (hotline run) | load (minimal run) |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) out(r);
} finally {
  await carrier.stop();
  // The lab this bench started stops with it (by PID), so a test run after it finds the ports free.
  await labDown(base);
}

if (flag('--write')) writeDocSection('## Dialer (issue 4)', lines);
