/**
 * Import benchmark (issue 4). Generates N rows (default 1,000,000: Chinese names, mobiles in mixed formats, about 1%
 * invalid and 1% duplicates, a custom column) as CSV in UTF-8 and in GBK, and imports each into a fresh database in
 * its own process, printing rows/s and that process's peak RSS. The baseline, in the same run and also in its own
 * process: csv-parse reading the same file with nothing else (no decoding of GBK, no normalising, no database).
 * XLSX (--xlsx-rows, default the same N) is measured the same way against exceljs's streaming reader alone.
 * Rows/s are given by wall time and by the process's CPU time (the machine is shared: the load average is printed).
 * Run: `npx tsx bench/import.ts [--rows N] [--xlsx-rows N] [--write]`; --write updates the import section of docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { projectRoot } from '../src/config/load.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const rows = num('--rows', 1_000_000);
const xlsxRows = num('--xlsx-rows', rows);
// Another checkout of hotline (e.g. the commit before a change) imported the same files in the same run, as "before".
const beforeAt = process.argv.indexOf('--before');
const beforeRoot = beforeAt >= 0 ? process.argv[beforeAt + 1] : undefined;
const labelAt = process.argv.indexOf('--before-label');
const beforeLabel = labelAt >= 0 ? process.argv[labelAt + 1]! : 'before';
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-import-'));

const surnames = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗';
const formats = [
  (n: string) => n,
  (n: string) => `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
  (n: string) => `0086-${n}`,
  (n: string) => `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
];

const phoneOf = (i: number) => {
  const r = i % 100;
  // 1% junk, 1% drawn from a small pool of numbers that repeat; the rest distinct mobiles.
  return r === 0 ? '12345' : r === 1 ? `1380000${String(i - 1).padStart(4, '0').slice(-4)}` : `13${String(800_000_000 + i).slice(0, 9)}`;
};

async function generateXlsx(file: string, n: number): Promise<void> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false, useStyles: false });
  const ws = wb.addWorksheet('名单');
  ws.addRow(['姓名', '手机', '备注']).commit();
  for (let i = 0; i < n; i++) ws.addRow([`${surnames[i % surnames.length]}先生${i}`, formats[i % formats.length]!(phoneOf(i)), `批次${i % 7}`]).commit();
  ws.commit();
  await wb.commit();
}

async function generate(file: string, encoding: 'utf8' | 'gbk'): Promise<void> {
  const stream = createWriteStream(file);
  const write = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text));
  const chunk: string[] = ['姓名,手机,备注\n'];
  for (let i = 0; i < rows; i++) {
    const phone = phoneOf(i);
    chunk.push(`${surnames[i % surnames.length]}先生${i},${formats[i % formats.length]!(phone)},批次${i % 7}\n`);
    if (chunk.length >= 10_000) {
      if (!stream.write(write(chunk.join('')))) await new Promise<void>((res) => stream.once('drain', () => res()));
      chunk.length = 0;
    }
  }
  stream.write(write(chunk.join('')));
  await new Promise<void>((res) => stream.end(res));
}

// Each measurement runs in a child so its peak RSS is its own.
const importScriptOf = (root: string) => {
  const script = join(dir, `import-one-${root === projectRoot ? 'this' : 'before'}.mts`);
  writeFileSync(
  script,
  `import { createCampaign } from ${JSON.stringify(join(root, 'src/dialer/campaign-commands.ts'))};
import { importLeads } from ${JSON.stringify(join(root, 'src/dialer/import/import-leads.ts'))};
import { openDb } from ${JSON.stringify(join(root, 'src/store/db.ts'))};
import { storeOf } from ${JSON.stringify(join(root, 'src/store/store.ts'))};
const [file, dbPath] = process.argv.slice(2);
const db = openDb(dbPath);
const c = createCampaign(storeOf(db), 'bench', {}, Date.now());
const t0 = performance.now();
const cpu0 = process.cpuUsage();
const r = await importLeads(storeOf(db), { campaign: c.id, file, now: Date.now() });
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
db.close();
console.log(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, rows: r.rows, imported: r.imported, duplicates: r.duplicates, invalid: r.invalidCount, maxRssKiB: process.resourceUsage().maxRSS }));
`,
);
  return script;
};
const importScript = importScriptOf(projectRoot);
const beforeScript = beforeRoot === undefined ? undefined : importScriptOf(beforeRoot);

const parseScript = join(dir, 'parse-only.mjs');
writeFileSync(
  parseScript,
  `import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(projectRoot, 'package.json'))});
const { parse } = require('csv-parse');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let n = -1;
for await (const _ of createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true }))) n++;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rows: n, maxRssKiB: process.resourceUsage().maxRSS }));
`,
);

const xlsxScript = join(dir, 'xlsx-only.mjs');
writeFileSync(
  xlsxScript,
  `import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(projectRoot, 'package.json'))});
const ExcelJS = require('exceljs');
const t0 = performance.now();
const cpu0 = process.cpuUsage();
let n = -1;
const reader = new ExcelJS.stream.xlsx.WorkbookReader(process.argv[2], { worksheets: 'emit', sharedStrings: 'cache', hyperlinks: 'ignore', styles: 'cache', entries: 'ignore' });
for await (const sheet of reader) { for await (const _ of sheet) n++; break; }
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({ ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000, rows: n, maxRssKiB: process.resourceUsage().maxRSS }));
`,
);

function child(args: string[]): { ms: number; cpuMs: number; rows: number; imported?: number; duplicates?: number; invalid?: number; maxRssKiB: number } {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof child>;
}

const tsx = ['--import', 'tsx'];
const rate = (n: number, ms: number) => Math.round(n / (ms / 1000)).toLocaleString('en');
const load = () => loadavg()[0]!.toFixed(1);
const row = (label: string, file: string, imp: ReturnType<typeof child>, base: ReturnType<typeof child>, loads: string) =>
  out(
    `| ${label} | ${(statSync(file).size / 1048576).toFixed(0)} MiB | ${(imp.ms / 1000).toFixed(1)} s (${imp.imported!.toLocaleString('en')} imported, ${imp.duplicates} duplicates, ${imp.invalid} invalid) | ${rate(imp.rows, imp.ms)} | ${rate(imp.rows, imp.cpuMs)} | ${(imp.maxRssKiB / 1024).toFixed(0)} MiB | ${rate(base.rows, base.ms)} / ${rate(base.rows, base.cpuMs)} rows/s | ${(base.maxRssKiB / 1024).toFixed(0)} MiB | ${loads} |`,
  );
try {
  out('## Import (issue 4, issue 18)');
  out('');
  out(`${new Date().toISOString().slice(0, 10)}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'cpu'}, node ${process.version}; shared with other work (load average when each import started and ended in the last column).`);
  out('');
  out(`${rows.toLocaleString('en')} generated rows (name, mobile in four formats, a custom column; ~1% invalid, ~1% duplicates), each file imported into a fresh database in its own process; rows/s by wall time and by the process's CPU time:`);
  out('');
  out('| file | size | hotline import | rows/s | rows/s (CPU) | peak RSS | baseline alone: wall / CPU | baseline peak RSS | load |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const encoding of ['utf8', 'gbk'] as const) {
    const file = join(dir, `list-${encoding}.csv`);
    await generate(file, encoding);
    const before = load();
    const imp = child([...tsx, importScript, file, join(dir, `${encoding}.db`)]);
    const loads = `${before} → ${load()}`;
    const base = child([parseScript, file]);
    row(`CSV ${encoding === 'utf8' ? 'UTF-8' : 'GBK'} (baseline: csv-parse)`, file, imp, base, loads);
    if (beforeScript !== undefined) {
      const b0 = load();
      const old = child([...tsx, beforeScript, file, join(dir, `${encoding}-before.db`)]);
      row(`CSV ${encoding === 'utf8' ? 'UTF-8' : 'GBK'}, before (${beforeLabel})`, file, old, base, `${b0} → ${load()}`);
    }
  }
  if (xlsxRows > 0) {
    const file = join(dir, 'list.xlsx');
    await generateXlsx(file, xlsxRows);
    const before = load();
    const imp = child([...tsx, importScript, file, join(dir, 'xlsx.db')]);
    const loads = `${before} → ${load()}`;
    const base = child([xlsxScript, file]);
    row(`XLSX, ${xlsxRows.toLocaleString('en')} rows (baseline: exceljs streaming reader)`, file, imp, base, loads);
    if (beforeScript !== undefined) {
      const b0 = load();
      const old = child([...tsx, beforeScript, file, join(dir, 'xlsx-before.db')]);
      row(`XLSX, before (${beforeLabel})`, file, old, base, `${b0} → ${load()}`);
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (flag('--write')) writeDocSection('## Import (issue 4', lines);
