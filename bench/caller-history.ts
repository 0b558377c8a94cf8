/**
 * Caller-history benchmark (issue 15 item 4). One store with 1,000,000 inbound calls from 200,000 callers (a wrap-up on
 * every fourth), 100,000 complaints, 100,000 work orders and 100,000 callbacks; the look-up an agent's screen makes
 * as a call arrives (`CallerHistoryQueries.of`: earlier calls with wrap-ups, open complaints, work orders, callbacks,
 * 20 of each) for random callers, p50 and p99, in the same run and on the same data:
 * - with every index (migration 16's calls_caller and callbacks_number, 13's complaints_caller, 14's work_orders_caller);
 * - without migration 16's two (the baseline of this change);
 * - without any of the four (the baseline of the whole caller history).
 * Plus one caller with 5,000 calls (the LIMIT keeps it bounded). The machine is shared: the load average is printed.
 * Run: `npx tsx bench/caller-history.ts [--calls N] [--lookups N] [--base-lookups N] [--write]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CallerHistoryQueries } from '../src/store/caller-history-queries.js';
import { openDb } from '../src/store/db.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const calls = num('--calls', 1_000_000);
const callers = Math.round(calls / 5);
const others = Math.round(calls / 10);
const lookups = num('--lookups', 2000);
const baseLookups = num('--base-lookups', 40);
const heavy = '13000000000';
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-history-'));
const db = openDb(join(dir, 'h.db'));
const q = new CallerHistoryQueries(db);
const numberOf = (i: number) => `139${String(i % callers).padStart(8, '0')}`;
const t0 = Date.parse('2026-01-01T00:00:00+08:00');
const year = 365 * 86_400_000;

function fill(): number {
  const start = performance.now();
  const call = db.prepare(
    `INSERT INTO calls (channel_id, direction, caller_number, called_number, started_at, answered_at, ended_at, ended_in, queue_group, agent_id, updated_at)
     VALUES (?, 'inbound', ?, '4008001234', ?, ?, ?, 'agent', 'general', ?, 0)`,
  );
  const wrap = db.prepare(`INSERT INTO wrap_ups (channel_id, agent_id, category, notes, result, created_at, created_by) VALUES (?, ?, ?, '备注', 'resolved', ?, 'bench')`);
  const cats = ['consult', 'repair', 'complaint', 'order-status', 'other'];
  db.transaction(() => {
    // Callers in a scrambled order so one caller's calls are spread over the year, not adjacent rows.
    for (let i = 0; i < calls; i++) {
      const at = t0 + Math.floor((i / calls) * year);
      const agent = `10${String((i % 4) + 1).padStart(2, '0')}`;
      call.run(`in-${i}`, numberOf(i * 7919), at, at + 5000, at + 200_000, agent);
      if (i % 4 === 0) wrap.run(`in-${i}`, agent, cats[i % cats.length], at + 200_000);
    }
    for (let i = 0; i < 5000; i++) call.run(`heavy-${i}`, heavy, t0 + i * 60_000, null, t0 + i * 60_000 + 30_000, null);
  })();
  const complaint = db.prepare(
    `INSERT INTO complaints (caller_number, category, department, description, state, due_at, created_at, created_by, updated_at) VALUES (?, 'billing', 'finance', '多收费', ?, ?, ?, 'bench', ?)`,
  );
  const order = db.prepare(
    `INSERT INTO work_orders (order_no, status, caller_number, category, description, created_at, created_by, respond_by, complete_by, updated_at) VALUES (?, ?, ?, 'repair', '漏水', ?, 'bench', ?, ?, ?)`,
  );
  const callback = db.prepare(`INSERT INTO callbacks (number, reason, due_at, state, created_at) VALUES (?, 'wrap-up', ?, ?, ?)`);
  const states = ['registered', 'resolved', 'confirmed', 'escalated', 'confirmed'];
  db.transaction(() => {
    for (let i = 0; i < others; i++) {
      const at = t0 + Math.floor((i / others) * year);
      complaint.run(numberOf(i * 104_729), states[i % states.length], at + 86_400_000, at, at);
      order.run(`2026${String(i + 1).padStart(6, '0')}`, i % 3 === 0 ? 'received' : 'completed', numberOf(i * 15_485_863), at, at + 3_600_000, at + 86_400_000, at);
      callback.run(numberOf(i * 32_452_843), at + 3_600_000, i % 2 ? 'done' : 'pending', at);
    }
  })();
  db.pragma('optimize');
  return (performance.now() - start) / 1000;
}

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
const fmt = (ms: number) => (ms < 10 ? ms.toFixed(3) : Math.round(ms).toLocaleString('en'));

/** p50 and p99 in ms of `n` look-ups of random callers (a fixed sequence, the same for every configuration). */
function measure(n: number): { p50: number; p99: number; rows: number } {
  const ms: number[] = [];
  let rows = 0;
  let seed = 12345;
  for (let i = 0; i < n; i++) {
    seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
    const a = performance.now();
    const h = q.of(numberOf(seed), { limit: 20 });
    ms.push(performance.now() - a);
    rows += h.calls.length + h.complaints.length + h.workOrders.length + h.callbacks.length;
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99), rows: rows / n };
}

/** The plan SQLite picks for each of the four look-ups. */
function plans(): string {
  const number = numberOf(1);
  const sqls = [
    `SELECT c.*, w.* FROM calls c LEFT JOIN wrap_ups w ON w.channel_id = c.channel_id WHERE c.caller_number = '${number}' AND c.direction = 'inbound' AND c.channel_id != '' ORDER BY c.started_at DESC LIMIT 20`,
    `SELECT * FROM complaints WHERE caller_number = '${number}' AND state IN ('registered', 'in-progress', 'escalated', 'reopened') ORDER BY created_at DESC LIMIT 20`,
    `SELECT * FROM work_orders WHERE caller_number = '${number}' ORDER BY created_at DESC LIMIT 20`,
    `SELECT * FROM callbacks WHERE number = '${number}' ORDER BY created_at DESC LIMIT 20`,
  ];
  return sqls.map((s) => (db.prepare(`EXPLAIN QUERY PLAN ${s}`).all() as Array<{ detail: string }>).map((r) => r.detail).join('; ')).join(' | ');
}

const filled = fill();
const load = () => loadavg()[0]!.toFixed(1);
const rowsOf = (sql: string) => (db.prepare(sql).pluck().get() as number).toLocaleString('en');
out('## Caller history (issue 15, ' + new Date().toISOString().slice(0, 10) + `, ${process.arch}, node ${process.version}, ${cpus().length} cores)`);
out('');
out(
  `\`npx tsx bench/caller-history.ts\`. ${rowsOf('SELECT COUNT(*) FROM calls')} inbound calls from ${callers.toLocaleString('en')} callers plus one caller with 5,000, ` +
    `${rowsOf('SELECT COUNT(*) FROM wrap_ups')} wrap-ups, ${rowsOf('SELECT COUNT(*) FROM complaints')} complaints, ${rowsOf('SELECT COUNT(*) FROM work_orders')} work orders, ` +
    `${rowsOf('SELECT COUNT(*) FROM callbacks')} callbacks (filled in ${Math.round(filled)} s). One look-up is \`CallerHistoryQueries.of\` (the four queries ` +
    `behind GET /calls/:channelId/caller-history, 20 of each kind) for a random caller; all three configurations in the same run on the same ` +
    `database, dropping indexes between them, on a shared, loaded 2-core machine (load average in the last column).`,
);
out('');
out('| indexes | look-ups | p50 ms | p99 ms | rows per look-up | load |');
out('| --- | --- | --- | --- | --- | --- |');
const row = (name: string, n: number) => {
  const r = measure(n);
  out(`| ${name} | ${n.toLocaleString('en')} | ${fmt(r.p50)} | ${fmt(r.p99)} | ${r.rows.toFixed(1)} | ${load()} |`);
  return r;
};
measure(50);
const planWith = plans();
const withAll = row('all (calls_caller, callbacks_number, complaints_caller, work_orders_caller)', lookups);
const hv: number[] = [];
for (let i = 0; i < 200; i++) {
  const a = performance.now();
  q.of(heavy, { limit: 20 });
  hv.push(performance.now() - a);
}
out(`| all, the caller with 5,000 calls | 200 | ${fmt(pct(hv, 50))} | ${fmt(pct(hv, 99))} | 20.0 | ${load()} |`);
db.exec('DROP INDEX calls_caller; DROP INDEX callbacks_number;');
const planNo16 = plans();
const no16 = row('without migration 16 (calls_caller, callbacks_number): baseline', baseLookups);
db.exec('DROP INDEX complaints_caller; DROP INDEX work_orders_caller;');
const planNone = plans();
const none = row('without any of the four', baseLookups);
out('');
out(`- With the indexes a look-up takes ${fmt(withAll.p50)} ms at the median and ${fmt(withAll.p99)} ms at p99; without migration 16's ` +
  `it is ${Math.round(no16.p50 / withAll.p50).toLocaleString('en')}× slower at the median (${fmt(no16.p50)} ms), without any of the four ${Math.round(none.p50 / withAll.p50).toLocaleString('en')}× (${fmt(none.p50)} ms). ` +
  `The baselines ran ${baseLookups} look-ups each (their p99 is about the slowest of them).`);
out(`- Plans with the indexes: ${planWith}.`);
out(`- Without migration 16's: ${planNo16}.`);
out(`- Without any: ${planNone}.`);
db.close();
rmSync(dir, { recursive: true, force: true });
if (flag('--write')) writeDocSection('## Caller history (issue 15', lines);
