/**
 * The floor under the import (issue 18): what SQLite alone costs to write N leads into `leads` in one transaction,
 * with nothing parsed or checked, in the shapes the import could take:
 * - multi-row VALUES (100 rows a statement) straight into `leads` with all its indexes (the real schema);
 * - the same into `leads` with only its primary key and UNIQUE (campaign_id, phone) (the floor of any shape);
 * - deferred index work: the secondary indexes dropped, the rows written, the indexes created again, all in the one
 *   transaction (what "build the indexes after" would cost on a campaign that starts empty);
 * - and, as the import does it now, the rows staged in a temp table and copied with INSERT … SELECT.
 * Phone numbers in the generator's ascending order and shuffled (real lists are not sorted). CPU µs per row of this
 * process (user + system) and wall ms; the machine is shared, so CPU is the steadier figure.
 * Run: `npx tsx bench/import-floor.ts [--rows N]`.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../src/store/db.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const rows = num('--rows', 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-import-floor-'));
const per = 100;

function phones(shuffled: boolean): string[] {
  const xs = Array.from({ length: rows }, (_, i) => `+8613${String(800_000_000 + i)}`);
  if (shuffled) {
    let s = 12345;
    for (let i = xs.length - 1; i > 0; i--) {
      s = (s * 1103515245 + 12345) >>> 0;
      const j = s % (i + 1);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
  }
  return xs;
}

const secondary = () =>
  (dbAll.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'leads' AND sql IS NOT NULL").all() as Array<{ name: string; sql: string }>);
let dbAll: Db;

function fresh(name: string): Db {
  const db = openDb(join(dir, `${name}.db`));
  db.exec("INSERT INTO campaigns (id, name, state, settings, created_at, updated_at) VALUES (1, 'big', 'draft', '{}', 0, 0)");
  dbAll = db;
  return db;
}

function values(db: Db, ps: string[]): void {
  const row = "(1, ?, ?, '{\"city\":\"x\"}', ?, 'new', 2, 0, 1, 1)";
  const many = db.prepare(`INSERT INTO leads (campaign_id, phone, name, fields, source_row, state, priority, due_at, created_at, updated_at) VALUES ${Array(per).fill(row).join(', ')}`);
  const args: unknown[] = [];
  for (let i = 0; i < ps.length; i += per) {
    args.length = 0;
    for (let j = i; j < i + per; j++) args.push(ps[j], `张${j % 977}`, j);
    many.run(args);
  }
}

function staged(db: Db, ps: string[]): void {
  db.exec('CREATE TEMP TABLE stage (row INTEGER PRIMARY KEY, phone TEXT, name TEXT, fields TEXT)');
  const many = db.prepare(`INSERT INTO temp.stage (row, phone, name, fields) VALUES ${Array(per).fill("(?, ?, ?, '{\"city\":\"x\"}')").join(', ')}`);
  const args: unknown[] = [];
  for (let i = 0; i < ps.length; i += per) {
    args.length = 0;
    for (let j = i; j < i + per; j++) args.push(j, ps[j], `张${j % 977}`);
    many.run(args);
  }
  db.exec(`INSERT INTO leads (campaign_id, phone, name, fields, source_row, state, priority, due_at, created_at, updated_at)
           SELECT 1, s.phone, s.name, s.fields, s.row, 'new', 2, 0, 1, 1 FROM temp.stage s
           WHERE NOT EXISTS (SELECT 1 FROM leads l WHERE l.campaign_id = 1 AND l.phone = s.phone) ORDER BY s.row`);
}

const shapes: Array<[string, (db: Db, ps: string[]) => void]> = [
  ['multi-row VALUES into leads, all indexes', (db, ps) => db.transaction(() => values(db, ps))()],
  ['multi-row VALUES, only PK + UNIQUE (campaign_id, phone)', (db, ps) => {
    for (const i of secondary()) db.exec(`DROP INDEX ${i.name}`);
    db.transaction(() => values(db, ps))();
  }],
  ['indexes dropped, rows written, indexes created again (one transaction)', (db, ps) => {
    const idx = secondary();
    db.transaction(() => {
      for (const i of idx) db.exec(`DROP INDEX ${i.name}`);
      values(db, ps);
      for (const i of idx) db.exec(i.sql);
    })();
  }],
  ['staged in a temp table, then INSERT … SELECT (as the import now)', (db, ps) => db.transaction(() => staged(db, ps))()],
];

try {
  out(`Write floor, ${rows.toLocaleString('en')} leads into one empty campaign, one transaction, CPU µs per row / wall s (load ${loadavg()[0]!.toFixed(1)} at the start):`);
  out('');
  out('| shape | ascending numbers | shuffled numbers |');
  out('| --- | --- | --- |');
  const data = { asc: phones(false), shuffled: phones(true) };
  for (const [label, write] of shapes) {
    const cells: string[] = [];
    for (const ps of [data.asc, data.shuffled]) {
      const db = fresh(`${cells.length}-${label.length}`);
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      write(db, ps);
      const wall = (performance.now() - t0) / 1000;
      const c = process.cpuUsage(c0);
      const n = db.prepare('SELECT COUNT(*) FROM leads').pluck().get() as number;
      if (n !== rows) throw new Error(`${label}: ${n} rows`);
      db.close();
      cells.push(`${((c.user + c.system) / rows).toFixed(2)} µs / ${wall.toFixed(1)} s`);
    }
    out(`| ${label} | ${cells.join(' | ')} |`);
  }
  out('');
  out(`load at the end ${loadavg()[0]!.toFixed(1)}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
