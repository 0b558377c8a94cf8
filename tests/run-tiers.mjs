#!/usr/bin/env node
// `npm test`: the lab tier (in two halves, each on its own Asterisk) beside the unit and browser tiers.
//
// Why: vitest ran the projects one after another (the lab tier started only after the 260 s of unit and browser
// tests), yet the lab tier mostly waits on real-time calls while the unit tier needs the CPU. Side by side the suite
// takes about as long as the lab tier alone. The unit and browser tiers run at a lower priority (nice 10) so
// Asterisk, SIPp and the service under test keep the CPU they need for their timings.
//
// Each process's output is printed in whole lines (the lab's as it comes, the other's as one block when it ends),
// and the last line is the one closing count for both: "N passed, N failed, N skipped".
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vitest = join(root, 'node_modules/.bin/vitest');
const work = mkdtempSync(join(tmpdir(), 'hotline-tiers-'));
const extra = process.argv.slice(2);

function runTier(name, projects, { nice, live, files = [], env = {} }) {
  const summaryFile = join(work, `${name}.json`);
  const events = join(work, `${name}.events`);
  const args = ['run', ...projects.flatMap((p) => ['--project', p]), ...files, ...extra];
  const [cmd, argv] = nice ? ['nice', ['-n', '10', vitest, ...args]] : [vitest, args];
  const child = spawn(cmd, argv, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env, HOTLINE_SUMMARY_FILE: summaryFile, HOTLINE_LAB_EVENTS: events } });
  let held = '';
  const take = (chunk) => {
    held += chunk;
    if (!live) return;
    const cut = held.lastIndexOf('\n');
    if (cut >= 0) {
      process.stdout.write(held.slice(0, cut + 1));
      held = held.slice(cut + 1);
    }
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  return new Promise((resolve) => {
    child.on('close', (code, signal) => {
      if (held !== '') process.stdout.write(held.endsWith('\n') ? held : `${held}\n`);
      let counts;
      try {
        counts = JSON.parse(readFileSync(summaryFile, 'utf8'));
      } catch {
        // No summary: the process died before its reporter ran. That is a failure, never a silent pass.
        counts = { passed: 0, failed: 1, skipped: 0, failures: [{ file: '-', name: '(the whole tier)', error: `vitest ended (${signal ?? `exit ${code}`}) without a summary` }] };
        process.stdout.write(`[${name}] vitest ended (${signal ?? `exit ${code}`}) without a summary\n`);
      }
      const { failures = [], files: perFile = {}, ...only } = counts;
      const died = existsSync(events) ? readFileSync(events, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : [];
      resolve({ name, code: code ?? 1, counts: only, failures: failures.map((f) => ({ ...f, tier: name })), perFile, died, env });
    });
  });
}

/**
 * The lab tier in two halves, each on its own Asterisk (tests/lab/lab-slot.ts): its files mostly wait on real-time
 * calls, so two at once take about half the time. Files are dealt longest first to the half with less work, by the
 * seconds each took in the last measured run (tests/lab/durations.json; a file not listed counts as 40 s); files
 * listed in its half0 run in half 0.
 */
function labHalves() {
  const files = readdirSync(join(root, 'tests/lab')).filter((f) => f.endsWith('.lab.test.ts')).sort();
  const { seconds, half0 } = JSON.parse(readFileSync(join(root, 'tests/lab/durations.json'), 'utf8'));
  const halves = [{ files: [], s: 0 }, { files: [], s: 0 }];
  const pinned = files.filter((f) => half0.includes(f));
  for (const f of [...pinned, ...files.filter((f) => !half0.includes(f)).sort((a, b) => (seconds[b] ?? 40) - (seconds[a] ?? 40))]) {
    const h = half0.includes(f) || halves[0].s <= halves[1].s ? halves[0] : halves[1];
    h.files.push(`tests/lab/${f}`);
    h.s += seconds[f] ?? 40;
  }
  return halves.map((h) => h.files);
}

/**
 * A half whose Asterisk died under a file (tests/lab/asterisk-watch.ts noted it and started Asterisk again): that file,
 * if it failed, runs once more on a fresh Asterisk in the same slot, and its counts replace the first run's. Every
 * such death is named at the end, whatever the second run gave: a crash of Asterisk is never silent.
 */
const notes = [];
async function againIfAsteriskDied(half) {
  const files = [...new Set(half.died.filter((d) => d.moment === 'after').map((d) => d.file))];
  for (const d of half.died) notes.push(`[${half.name}] Asterisk was found dead ${d.moment} ${d.file}`);
  const failed = files.filter((f) => (half.perFile[f]?.failed ?? 0) > 0);
  if (failed.length === 0) return half;
  const again = await runTier(`${half.name}-again`, ['lab'], { nice: false, live: true, files: failed, env: half.env });
  const minus = (k) => failed.reduce((n, f) => n + (half.perFile[f]?.[k] ?? 0), 0);
  notes.push(`[${half.name}] ran again on a fresh Asterisk: ${failed.join(', ')}: ${again.counts.passed} passed, ${again.counts.failed} failed`);
  const counts = Object.fromEntries(['passed', 'failed', 'skipped'].map((k) => [k, half.counts[k] - minus(k) + again.counts[k]]));
  return {
    ...half,
    code: counts.failed > 0 ? half.code || again.code || 1 : again.code,
    counts,
    failures: [...half.failures.filter((f) => !failed.includes(f.file)), ...again.failures],
  };
}

const add = (name, rs) => ({
  name,
  code: rs.reduce((c, r) => c || r.code, 0),
  counts: Object.fromEntries(['passed', 'failed', 'skipped'].map((k) => [k, rs.reduce((n, r) => n + r.counts[k], 0)])),
  failures: rs.flatMap((r) => r.failures),
});

const [half0, half1] = labHalves();
const results = await Promise.all([
  Promise.all([
    runTier('lab-0', ['lab'], { nice: false, live: true, files: half0, env: { HOTLINE_LAB_SLOT: '0' } }),
    runTier('lab-1', ['lab'], { nice: false, live: true, files: half1, env: { HOTLINE_LAB_SLOT: '1' } }),
  ])
    .then((halves) => Promise.all(halves.map(againIfAsteriskDied)))
    .then(async (halves) => {
      // The multi-node lab (issue 14) follows the single-node halves: it uses half 0's callers' and agents' addresses.
      const multi = await runTier('lab-multi', ['lab-multi'], { nice: false, live: true });
      return add('lab', [...halves, multi]);
    }),
  runTier('unit-browser', ['unit', 'browser'], { nice: true, live: false }),
]);
const sum = (k) => results.reduce((n, r) => n + r.counts[k], 0);
for (const n of notes) process.stdout.write(`${n}\n`);
// Named last, just above the counts: a CI log keeps only its tail, and the unit tier's block ends after the lab's.
for (const f of results.flatMap((r) => r.failures)) process.stdout.write(`FAILED [${f.tier}] ${f.file} > ${f.name}: ${f.error}\n`);
for (const r of results) process.stdout.write(`[${r.name}] ${r.counts.passed} passed, ${r.counts.failed} failed, ${r.counts.skipped} skipped (exit ${r.code})\n`);
process.stdout.write(`\n${sum('passed')} passed, ${sum('failed')} failed, ${sum('skipped')} skipped\n`);
process.exit(results.some((r) => r.code !== 0) || sum('failed') > 0 ? 1 : 0);
