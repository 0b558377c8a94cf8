/**
 * Reports benchmark (issue 18). A month (March 2026) with 1,000,000 attempts and 100,000 inbound calls, and the same
 * volume spread over the year 2026 in a second database; the KPIs of the month and of the year computed
 * - from the attempts themselves (the queries before the roll-ups, `rollups: false`): the baseline, in the same run;
 * - from the hourly roll-ups (report-rollups.ts);
 * - through the report worker thread, with the main thread's longest event-loop stall while it runs;
 * and what the inbound call roll-ups' triggers cost a call's writes (the same calls written with and without them).
 * Wall and CPU milliseconds (the machine is shared: the load average is printed).
 * Run: `npx tsx bench/reports.ts [--attempts N] [--runs N] [--write]`; --write updates the Reports section of docs/benchmarks.md.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { computeReport, type ReportInputs } from '../src/reports/compute-report.js';
import { ReportThread } from '../src/reports/report-thread.js';
import { openDb, type Db } from '../src/store/db.js';
import { ReportQueries } from '../src/store/report-queries.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const attempts = num('--attempts', 1_000_000);
const calls = Math.round(attempts / 10);
const runs = num('--runs', 5);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-reports-'));
const tz = 'Asia/Shanghai';
const march = { from: Date.parse('2026-03-01T00:00:00+08:00'), to: Date.parse('2026-04-01T00:00:00+08:00') };
const year = { from: Date.parse('2026-01-01T00:00:00+08:00'), to: Date.parse('2027-01-01T00:00:00+08:00') };

/** The API benchmark's data (bench/api.ts), spread over [from, to). */
function fill(db: Db, from: number, to: number): number {
  const t0 = performance.now();
  const span = to - from;
  db.exec(`INSERT INTO campaigns (id, name, state, settings, created_at, updated_at) VALUES (1, 'big', 'draft', '{}', 0, 0)`);
  const outcomes = ['busy', 'no-answer', 'human', 'human', 'human', 'machine', 'unallocated', 'abandoned', 'human', 'no-answer'];
  const dispositions = ['success', 'not-interested', 'wrong-party', 'callback-later', null];
  const lead = db.prepare("INSERT INTO leads (campaign_id, phone, state, priority, due_at, created_at, updated_at) VALUES (1, ?, 'done-failed', 3, 0, 0, 0)");
  const attempt = db.prepare(
    `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, agent_id, disposition)
     VALUES (1, ?, ?, 1, 'new', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < attempts; i++) {
      const phone = `+8613${String(800_000_000 + i)}`;
      const leadId = Number(lead.run(phone).lastInsertRowid);
      const at = from + Math.floor((i / attempts) * span);
      const outcome = outcomes[i % outcomes.length]!;
      const live = outcome === 'human';
      attempt.run(leadId, phone, at, at, live || outcome === 'machine' || outcome === 'abandoned' ? at + 8000 : null, live ? at + 9000 : null, at + 60_000, outcome, live ? `10${String((i % 4) + 1).padStart(2, '0')}` : null, live ? dispositions[i % dispositions.length] : null);
    }
  })();
  const call = db.prepare(
    `INSERT INTO calls (channel_id, direction, caller_number, started_at, answered_at, ended_at, ended_in, queue_group, queue_wait_ms, agent_id, talk_ms, hold_ms, acw_ms, ivr_path, updated_at)
     VALUES (?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  db.transaction(() => {
    for (let i = 0; i < calls; i++) {
      const at = from + Math.floor((i / calls) * span);
      const key = String(1 + (i % 5));
      const answered = i % 5 !== 0;
      const path = JSON.stringify([{ node: 'main_menu', at }, { node: 'main_menu', key, note: 'chosen', at: at + 5000 }, { node: `queue_${key}`, at: at + 6000 }]);
      call.run(`in-${i}`, `139${String(i).padStart(8, '0')}`, at, at + 1000, at + 200_000, answered ? 'agent' : 'queue-abandon', 'general', (i * 37) % 40_000, answered ? `10${String((i % 4) + 1).padStart(2, '0')}` : null, answered ? 120_000 : null, answered ? 5000 : null, answered ? 15_000 : null, path);
    }
  })();
  db.pragma('optimize');
  return (performance.now() - t0) / 1000;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(1) : Math.round(ms).toLocaleString('en'));

/** Median wall and CPU ms of `runs` computations. */
function time(f: () => unknown): { wall: number; cpu: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    f();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), cpu: median(cpu) };
}

/** Median wall ms through the worker thread, and the main thread's longest event-loop stall meanwhile. */
async function timeThread(thread: ReportThread, inputs: ReportInputs): Promise<{ wall: number; stall: number }> {
  await thread.kpis(inputs); // start-up and a warm cache, as the other two columns have
  const wall: number[] = [];
  const h = monitorEventLoopDelay({ resolution: 5 });
  h.enable();
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await thread.kpis(inputs);
    wall.push(performance.now() - t0);
  }
  h.disable();
  return { wall: median(wall), stall: h.max / 1e6 };
}

/** CPU µs per call of a call's writes as CallsRepo makes them (insert, three IVR steps, the end, after-call work). */
function callWriteCost(n: number, triggers: boolean): number {
  const db = openDb(':memory:');
  if (!triggers) db.exec('DROP TRIGGER calls_rollup_insert; DROP TRIGGER calls_rollup_update; DROP TRIGGER calls_rollup_delete;');
  const ins = db.prepare("INSERT INTO calls (channel_id, direction, caller_number, started_at, updated_at) VALUES (?, 'inbound', '13800138000', ?, ?)");
  const step = db.prepare('UPDATE calls SET ivr_path = ?, updated_at = ? WHERE channel_id = ?');
  const end = db.prepare(
    "UPDATE calls SET ended_at = ?, ended_in = 'agent', queue_group = 'general', queue_wait_ms = 4000, agent_id = '1001', talk_ms = 90000, hold_ms = 0, updated_at = ? WHERE channel_id = ?",
  );
  const acw = db.prepare('UPDATE calls SET acw_ms = 15000, updated_at = ? WHERE channel_id = ?');
  const c0 = process.cpuUsage();
  for (let i = 0; i < n; i++) {
    const id = `c${i}`;
    const at = march.from + i * 20_000;
    const path: unknown[] = [];
    db.transaction(() => ins.run(id, at, at))();
    for (const node of ['welcome', 'main_menu', 'queue_1']) {
      path.push(node === 'main_menu' ? { node, key: '1', note: 'chosen', at } : { node, at });
      db.transaction(() => step.run(JSON.stringify(path), at, id))();
    }
    db.transaction(() => end.run(at + 100_000, at, id))();
    db.transaction(() => acw.run(at, id))();
  }
  const c = process.cpuUsage(c0);
  db.close();
  return (c.user + c.system) / n;
}

try {
  out('## Reports (issue 18)');
  out('');
  out(`${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, node ${process.version}; shared with other work (load average at the start of each row).`);
  out('');
  out(`KPIs (computeReport: inbound, outbound, compliance, callbacks, completion) for ${attempts.toLocaleString('en')} attempts and ${calls.toLocaleString('en')} inbound calls; median of ${runs} runs, wall / CPU ms:`);
  out('');
  out('| data and period | from the attempts (baseline) | from the roll-ups | through the worker thread | main-thread stall meanwhile | load |');
  out('| --- | --- | --- | --- | --- | --- |');
  for (const [label, span, period] of [
    ['a month of data, its month', march, { kind: 'monthly', label: '2026-03', ...march }],
    ['the same spread over the year, the year', year, { kind: 'range', label: '2026', ...year }],
  ] as const) {
    const file = join(dir, `${label.length}.db`);
    const db = openDb(file);
    const filled = fill(db, span.from, span.to);
    const inputs: ReportInputs = { period: { ...period }, timeZone: tz, now: year.to, agentIds: ['1001', '1002', '1003', '1004'] };
    const l = loadavg()[0]!.toFixed(1);
    const raw = time(() => computeReport(new ReportQueries(db, { rollups: false }), inputs));
    const fast = time(() => computeReport(new ReportQueries(db), inputs));
    const thread = new ReportThread(file);
    const viaThread = await timeThread(thread, inputs);
    await thread.close();
    const inline = computeReport(new ReportQueries(db), inputs);
    const same = JSON.stringify(inline) === JSON.stringify(computeReport(new ReportQueries(db, { rollups: false }), inputs));
    out(
      `| ${label} (filled in ${filled.toFixed(0)} s; same KPIs both ways: ${same ? 'yes' : 'NO'}) | ${fmt(raw.wall)} / ${fmt(raw.cpu)} | ${fmt(fast.wall)} / ${fmt(fast.cpu)} | ${fmt(viaThread.wall)} | ${fmt(viaThread.stall)} | ${l} |`,
    );
    db.close();
  }
  const n = Math.max(2000, Math.round(calls / 5));
  const cost = { with: [] as number[], without: [] as number[] };
  for (let i = 0; i < 2; i++) {
    cost.without.push(callWriteCost(n, false));
    cost.with.push(callWriteCost(n, true));
  }
  out('');
  out(
    `Call roll-up triggers, ${n.toLocaleString('en')} inbound calls each written as CallsRepo does (insert, three IVR steps, end, after-call work; one transaction each), CPU µs per call, two rounds: ` +
      `without the triggers ${cost.without.map((x) => x.toFixed(0)).join(', ')}; with them ${cost.with.map((x) => x.toFixed(0)).join(', ')}.`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (flag('--write')) writeDocSection('## Reports (issue 18)', lines);
