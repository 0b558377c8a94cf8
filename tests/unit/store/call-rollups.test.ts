/**
 * The inbound call roll-ups against the calls themselves: on seeded random calls (open and ended, IVR paths with
 * repeats, menu choices, agents, waits, non-regular marks), after random updates (including calls ending, and
 * changes after the end) and deletes, the inbound KPIs through the roll-ups equal those over the raw rows for aligned
 * and unaligned ranges, the whole report and the hourly breakdown agree, and a rebuild gives the tables the triggers kept.
 */
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/reports/compute-report.js';
import { hourlyReport } from '../../../src/reports/hourly.js';
import { inboundKpis } from '../../../src/reports/inbound-kpis.js';
import { mulberry32 } from '../../../src/sim/prng.js';
import { callRollupTables, rebuildCallRollups } from '../../../src/store/call-rollups.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { ReportQueries } from '../../../src/store/report-queries.js';
import { randomRanges } from '../reports/random-activity.js';

const H = 3_600_000;
const D = 24 * H;
const START = Date.parse('2026-03-01T00:00:00+08:00');

type Rnd = () => number;
const pick = <T>(rnd: Rnd, xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
// Times on any minute of ~6 weeks, a fifth exactly on the hour (the edges of the roll-up's buckets).
const time = (rnd: Rnd) => START - 3 * D + Math.floor(rnd() * 45 * 24) * H + (rnd() < 0.2 ? 0 : Math.floor(rnd() * H));
const nodes = ['welcome', 'main', 'billing', 'q1', 'q2'];

function path(rnd: Rnd): string {
  const steps = Array.from({ length: Math.floor(rnd() * 5) }, (_, i) => {
    const node = pick(rnd, nodes);
    const r = rnd();
    if (r < 0.3) return { node, key: pick(rnd, ['1', '2', '9']), note: 'chosen', at: i };
    if (r < 0.4) return { node, key: '7', note: 'invalid', at: i };
    return { node, at: i };
  });
  return JSON.stringify(steps);
}

const wait = (rnd: Rnd) => (rnd() < 0.15 ? null : pick(rnd, [0, 10_000, 10_001, Math.floor(rnd() * 40_000)]));
const ms = (rnd: Rnd, max: number) => (rnd() < 0.15 ? null : Math.floor(rnd() * max));

/** `n` calls, inbound and (a tenth) outbound, three quarters ended; returns their channel ids. */
function writeCalls(db: Db, seed: number, n: number): string[] {
  const rnd = mulberry32(seed);
  const ins = db.prepare(
    `INSERT INTO calls (channel_id, direction, started_at, ended_at, ended_in, queue_group, queue_wait_ms, agent_id, talk_ms, hold_ms, acw_ms, non_regular, ivr_path, reconciled, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`,
  );
  const ids: string[] = [];
  db.transaction(() => {
    for (let i = 0; i < n; i++) {
      const at = time(rnd);
      const endedIn = pick(rnd, ['agent', 'queue-abandon', 'caller-hangup', 'ivr-end', null]);
      const queued = endedIn === 'agent' || endedIn === 'queue-abandon' || rnd() < 0.1;
      const agent = endedIn === 'agent' ? pick(rnd, ['1001', '1002', '1003', null]) : rnd() < 0.03 ? '1004' : null;
      const id = `c-${seed}-${i}`;
      ins.run(id, rnd() < 0.1 ? 'outbound' : 'inbound', at, rnd() < 0.75 ? at + 60_000 : null, endedIn, queued ? 'general' : null, queued ? wait(rnd) : null,
        agent, agent ? ms(rnd, 300_000) : null, agent ? ms(rnd, 20_000) : null, agent ? ms(rnd, 30_000) : null,
        rnd() < 0.05 ? pick(rnd, ['blacklist', 'after-hours']) : null, path(rnd),
        // Calls cut by a media-server loss count as calls only; callers taken while hotline was away are counted apart.
        rnd() < 0.1 ? pick(rnd, ['media-server-lost', 'while-away', 'hangup']) : null);
      ids.push(id);
    }
  })();
  return ids;
}

/** Random updates of every column the roll-ups read, and deletes, as the service and later edits make them. */
function mutate(db: Db, ids: string[], seed: number): void {
  const rnd = mulberry32(seed);
  const set = (col: string, v: unknown, id: string) => db.prepare(`UPDATE calls SET ${col} = ? WHERE channel_id = ?`).run(v, id);
  db.transaction(() => {
    for (let i = 0; i < ids.length; i++) {
      const id = pick(rnd, ids);
      const r = rnd();
      if (r < 0.08) db.prepare('DELETE FROM calls WHERE channel_id = ?').run(id);
      else if (r < 0.25) set('ended_at', rnd() < 0.2 ? null : START, id);
      else if (r < 0.32) set('started_at', time(rnd), id);
      else if (r < 0.4) set('ended_in', pick(rnd, ['agent', 'queue-abandon', 'caller-hangup', null]), id);
      else if (r < 0.47) set('agent_id', pick(rnd, ['1001', '1005', null]), id);
      else if (r < 0.55) set('acw_ms', ms(rnd, 30_000), id);
      else if (r < 0.6) set('talk_ms', ms(rnd, 300_000), id);
      else if (r < 0.65) set('hold_ms', ms(rnd, 20_000), id);
      else if (r < 0.72) set('queue_wait_ms', wait(rnd), id);
      else if (r < 0.77) set('queue_group', rnd() < 0.5 ? null : 'vip', id);
      else if (r < 0.82) set('non_regular', pick(rnd, ['blacklist', null]), id);
      else if (r < 0.92) set('ivr_path', path(rnd), id);
      else if (r < 0.94) set('direction', pick(rnd, ['inbound', 'outbound']), id);
      else if (r < 0.96) set('reconciled', pick(rnd, ['media-server-lost', 'while-away', null]), id);
      else db.prepare('UPDATE calls SET updated_at = 1, digits = ? WHERE channel_id = ?').run('12', id);
    }
  })();
}

const none = { rings: [], staffedMs: new Map<string, number>(), outboundHandled: new Map<string, number>() };

function expectSame(db: Db, from: number, to: number): void {
  const where = `[${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
  const fast = new ReportQueries(db).inboundParts(from, to);
  expect(inboundKpis({ ...fast, ...none }), where).toEqual(inboundKpis({ calls: new ReportQueries(db, { rollups: false }).inboundCalls(from, to), ...none }));
}

describe('inbound call roll-ups', () => {
  for (const seed of [1, 2, 3]) {
    it(`give the raw KPIs over random ranges after random writes (seed ${seed})`, () => {
      const db = openDb(':memory:');
      const ids = writeCalls(db, seed, 1000);
      mutate(db, ids, seed * 31);
      ids.push(...writeCalls(db, seed + 100, 200));
      mutate(db, ids, seed * 37);
      expect(db.prepare('SELECT SUM(calls) FROM inbound_call_hours').pluck().get()).toBeGreaterThan(500);
      const rnd = mulberry32(seed * 7);
      for (const [from, to] of randomRanges(rnd)) expectSame(db, from, to);
      const month = { kind: 'monthly' as const, label: '2026-03', from: START, to: START + 31 * D };
      const inputs = { period: month, timeZone: 'Asia/Shanghai', now: START + 50 * D, agentIds: ['1001', '1002'] };
      const report = computeReport(new ReportQueries(db), inputs);
      expect(report.inbound.calls).toBeGreaterThan(500);
      expect(report).toEqual(computeReport(new ReportQueries(db, { rollups: false }), inputs));
      for (const tz of ['Asia/Shanghai', 'Asia/Kolkata']) {
        expect(hourlyReport(new ReportQueries(db), month.from, month.to, tz)).toEqual(hourlyReport(new ReportQueries(db, { rollups: false }), month.from, month.to, tz));
      }
      db.close();
    }, 120_000);
  }

  it('rebuild gives the tables the triggers kept', () => {
    const db = openDb(':memory:');
    const ids = writeCalls(db, 9, 1200);
    mutate(db, ids, 99);
    const dump = () => callRollupTables.map((t) => db.prepare(`SELECT * FROM ${t} WHERE ${t === 'inbound_call_agent_hours' ? 'handled' : 'calls'} <> 0 ORDER BY 1, 2, 3`).all());
    const kept = dump();
    expect(kept[0]!.length).toBeGreaterThan(100);
    expect(kept.every((rows) => rows.length > 0)).toBe(true);
    const counts = rebuildCallRollups(db);
    expect(dump()).toEqual(kept);
    expect(counts.inbound_call_hours).toBe(kept[0]!.length);
    db.close();
  });
});
