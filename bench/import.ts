/**
 * Import benchmark (issue 4). Generates N rows (default 1,000,000: Chinese names, mobiles in mixed formats, about 1%
 * invalid and 1% duplicates, a custom column) as CSV in UTF-8 and in GBK, and imports each into a fresh database in
 * its own process, printing rows/s and that process's peak RSS. The baseline, in the same run and also in its own
 * process: csv-parse reading the same file with nothing else (no decoding of GBK, no normalising, no database).
 * Run: `npx tsx bench/import.ts [--rows N] [--write]`; --write updates the import section of docs/benchmarks.md.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { projectRoot } from '../src/config/load.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const rows = num('--rows', 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-import-'));

const surnames = '张王李赵刘陈杨黄周吴徐孙马朱胡郭何高林罗';
const formats = [
  (n: string) => n,
  (n: string) => `+86 ${n.slice(0, 3)} ${n.slice(3, 7)} ${n.slice(7)}`,
  (n: string) => `0086-${n}`,
  (n: string) => `${n.slice(0, 3)}-${n.slice(3, 7)}-${n.slice(7)}`,
];

async function generate(file: string, encoding: 'utf8' | 'gbk'): Promise<void> {
  const stream = createWriteStream(file);
  const write = (text: string) => (encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text));
  const chunk: string[] = ['姓名,手机,备注\n'];
  for (let i = 0; i < rows; i++) {
    const r = i % 100;
    // 1% junk, 1% drawn from a small pool of numbers that repeat; the rest distinct mobiles.
    const phone = r === 0 ? '12345' : r === 1 ? `1380000${String(i - 1).padStart(4, '0').slice(-4)}` : `13${String(800_000_000 + i).slice(0, 9)}`;
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
const importScript = join(dir, 'import-one.mts');
writeFileSync(
  importScript,
  `import { createCampaign } from ${JSON.stringify(join(projectRoot, 'src/dialer/campaign-commands.ts'))};
import { importLeads } from ${JSON.stringify(join(projectRoot, 'src/dialer/import/import-leads.ts'))};
import { openDb } from ${JSON.stringify(join(projectRoot, 'src/store/db.ts'))};
import { storeOf } from ${JSON.stringify(join(projectRoot, 'src/store/store.ts'))};
const [file, dbPath] = process.argv.slice(2);
const db = openDb(dbPath);
const c = createCampaign(storeOf(db), 'bench', {}, Date.now());
const t0 = performance.now();
const r = await importLeads(storeOf(db), { campaign: c.id, file, now: Date.now() });
const ms = performance.now() - t0;
db.close();
console.log(JSON.stringify({ ms, rows: r.rows, imported: r.imported, duplicates: r.duplicates, invalid: r.invalidCount, maxRssKiB: process.resourceUsage().maxRSS }));
`,
);
const parseScript = join(dir, 'parse-only.mjs');
writeFileSync(
  parseScript,
  `import { createReadStream } from 'node:fs';
import { createRequire } from 'node:module';
const require = createRequire(${JSON.stringify(join(projectRoot, 'package.json'))});
const { parse } = require('csv-parse');
const t0 = performance.now();
let n = -1;
for await (const _ of createReadStream(process.argv[2]).pipe(parse({ relax_column_count: true }))) n++;
console.log(JSON.stringify({ ms: performance.now() - t0, rows: n, maxRssKiB: process.resourceUsage().maxRSS }));
`,
);

function child(args: string[]): { ms: number; rows: number; imported?: number; duplicates?: number; invalid?: number; maxRssKiB: number } {
  const r = spawnSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as ReturnType<typeof child>;
}

const tsx = ['--import', 'tsx'];
try {
  out('## Import (issue 4)');
  out('');
  out(`${rows.toLocaleString('en')} generated rows (name, mobile in four formats, a custom column; ~1% invalid, ~1% duplicates), each file imported into a fresh database in its own process:`);
  out('');
  out('| file | size | hotline import | rows/s | peak RSS | csv-parse alone (baseline) | peak RSS |');
  out('| --- | --- | --- | --- | --- | --- | --- |');
  for (const encoding of ['utf8', 'gbk'] as const) {
    const file = join(dir, `list-${encoding}.csv`);
    await generate(file, encoding);
    const mib = (statSync(file).size / 1048576).toFixed(0);
    const imp = child([...tsx, importScript, file, join(dir, `${encoding}.db`)]);
    const base = child([parseScript, file]);
    out(
      `| CSV ${encoding === 'utf8' ? 'UTF-8' : 'GBK'} | ${mib} MiB | ${(imp.ms / 1000).toFixed(1)} s (${imp.imported!.toLocaleString('en')} imported, ${imp.duplicates} duplicates, ${imp.invalid} invalid) | ${Math.round(imp.rows / (imp.ms / 1000)).toLocaleString('en')} | ${(imp.maxRssKiB / 1024).toFixed(0)} MiB | ${Math.round(base.rows / (base.ms / 1000)).toLocaleString('en')} rows/s | ${(base.maxRssKiB / 1024).toFixed(0)} MiB |`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}

if (flag('--write')) writeDocSection('## Import (issue 4)', lines);
