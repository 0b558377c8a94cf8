/**
 * The roll-ups against the attempts themselves: on seeded random activity, after random updates and deletes, every
 * attempt query gives the same through the roll-ups as over the raw rows, for aligned and unaligned ranges, and a
 * rebuild gives the tables the triggers kept.
 */
import { describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/reports/compute-report.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { ReportQueries } from '../../../src/store/report-queries.js';
import { rebuildRollups } from '../../../src/store/report-rollups.js';
import { randomRanges, seeded, START, writeActivity } from '../reports/random-activity.js';

const H = 3_600_000;
const D = 24 * H;

function mutate(db: Db, ids: number[], seed: number): void {
  const rnd = seeded(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const set = (col: string, v: unknown, id: number) => db.prepare(`UPDATE attempts SET ${col} = ? WHERE id = ?`).run(v, id);
  db.transaction(() => {
    for (let i = 0; i < ids.length / 2; i++) {
      const id = pick(ids);
      const r = rnd();
      const at = START + Math.floor(rnd() * 40 * D);
      if (r < 0.15) db.prepare('DELETE FROM attempts WHERE id = ?').run(id);
      else if (r < 0.35) set('dialed_at', rnd() < 0.1 ? null : at, id);
      else if (r < 0.5) set('outcome', pick(['human', 'busy', 'abandoned', null]), id);
      else if (r < 0.65) set('disposition', pick(['success', 'wrong-party', null]), id);
      else if (r < 0.75) set('answered_at', rnd() < 0.5 ? null : at, id);
      else if (r < 0.85) set('agent_id', pick(['1001', '1004', null]), id);
      else set('connected_at', rnd() < 0.5 ? null : at, id);
    }
  })();
}

const sorted = <T>(xs: T[]) => xs.map((x) => JSON.stringify(x)).sort();
const entries = (m: Map<unknown, number>) => [...m.entries()].map((e) => JSON.stringify(e)).sort();

function expectSame(db: Db, from: number, to: number): void {
  const fast = new ReportQueries(db);
  const raw = new ReportQueries(db, { rollups: false });
  const where = `[${new Date(from).toISOString()}, ${new Date(to).toISOString()})`;
  expect(sorted(fast.attemptGroups(from, to)), where).toEqual(sorted(raw.attemptGroups(from, to)));
  expect(entries(fast.leadsDialed(from, to)), where).toEqual(entries(raw.leadsDialed(from, to)));
  expect(entries(fast.outboundHandled(from, to)), where).toEqual(entries(raw.outboundHandled(from, to)));
  expect(sorted(fast.complianceRows(to)), where).toEqual(sorted(raw.complianceRows(to)));
}

describe('attempt roll-ups', () => {
  for (const seed of [1, 2, 3]) {
    it(`equal the raw counts over random ranges after random writes (seed ${seed})`, () => {
      const db = openDb(':memory:');
      const { attemptIds } = writeActivity(db, seed, 2000);
      mutate(db, attemptIds, seed * 31);
      writeActivity(db, seed + 100, 500);
      const rnd = seeded(seed * 7);
      for (const [from, to] of randomRanges(rnd)) expectSame(db, from, to);
      const month = { kind: 'monthly' as const, label: '2026-03', from: START, to: START + 31 * D };
      const inputs = { period: month, timeZone: 'Asia/Shanghai', now: START + 50 * D, agentIds: ['1001', '1002'] };
      expect(computeReport(new ReportQueries(db), inputs)).toEqual(computeReport(new ReportQueries(db, { rollups: false }), inputs));
      db.close();
    });
  }

  it('rebuild gives the tables the triggers kept', () => {
    const db = openDb(':memory:');
    const { attemptIds } = writeActivity(db, 9, 1500);
    mutate(db, attemptIds, 99);
    const dump = () =>
      ['attempt_hours', 'attempt_agent_hours', 'attempt_lead_hours'].map((t) => db.prepare(`SELECT * FROM ${t} WHERE n <> 0 ORDER BY 1, 2, 3`).all());
    const kept = dump();
    expect(kept[0]!.length).toBeGreaterThan(100);
    const counts = rebuildRollups(db);
    expect(dump()).toEqual(kept);
    expect(counts.attemptHours).toBe(kept[0]!.length);
    db.close();
  });
});
