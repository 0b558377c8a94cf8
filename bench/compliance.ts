/**
 * The compliance properties (tests/unit/dialer/compliance-properties.ts) at 100,000 cases each, seeded; the unit tier
 * runs the same at 1,000. Prints a Markdown table for docs/hardening.md.
 *   npx tsx bench/compliance.ts [--runs N] [--seed S]
 */
import { cpus, loadavg } from 'node:os';
import { gateMatchesRules, retryAtIsAllowed } from '../tests/unit/dialer/compliance-properties.js';

const arg = (name: string, dflt: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : dflt;
};
const runs = arg('runs', 100_000);
const seed = arg('seed', 20261207);

const rows: string[] = [];
for (const [name, prop] of [
  ['dial gate = independent reading of windows, quiet hours, holidays, deadline, DNC, China caps', gateMatchesRules],
  ['a dial the policy puts off is allowed at its retry time', retryAtIsAllowed],
] as const) {
  const t0 = performance.now();
  let result = 'pass';
  try {
    prop(runs, seed);
  } catch (err) {
    result = `FAIL: ${(err as Error).message.split('\n').slice(0, 3).join(' ')}`;
  }
  const s = (performance.now() - t0) / 1000;
  rows.push(`| ${name} | ${runs.toLocaleString('en')} | ${seed} | ${result} | ${s.toFixed(1)} s |`);
  console.error(`${name}: ${result} in ${s.toFixed(1)} s`);
}
console.log(`Node ${process.version}, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')} at the start of the last property`);
console.log('| property | cases | seed | result | time |\n|---|---|---|---|---|');
console.log(rows.join('\n'));
if (rows.some((r) => r.includes('FAIL'))) process.exitCode = 1;
