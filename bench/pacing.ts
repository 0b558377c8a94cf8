/**
 * Pacing benchmark (issue 5). For each point of the grid N ∈ {5, 10, 20, 50, 100} agents × p ∈ {0.1, 0.3, 0.5}
 * live-answer probability (talk log-normal with mean 120 s, after-call work 15 s, answers after 5–25 s), runs
 * progressive, the best fixed ratio, VICIdial ADAPT_HARD_LIMIT and hotline predictive over the same replications of
 * 8 h (common random numbers), and prints each one's occupancy, abandon rate and compliance-window breaches.
 * Each (point, algorithm) is a job for a pool of worker processes (one per core).
 * Run: `npx tsx bench/pacing.ts [--replications N] [--hours H] [--workers W] [--write]`; --write updates the pacing
 * section of docs/benchmarks.md.
 */
import { fork } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { bestRatio, runAll } from '../src/sim/experiment.js';
import { algorithmName, type AlgorithmSpec } from '../src/sim/sim-dialers.js';
import { abandonRateOf, summarize, type AlgorithmMetrics } from '../src/sim/sim-metrics.js';
import { simParamsSchema } from '../src/sim/sim-params.js';
import { benchCli, writeDocSection } from './cli.js';

const AGENTS = [5, 10, 20, 50, 100];
const ANSWER_RATES = [0.1, 0.3, 0.5];
const KINDS = ['progressive', 'ratio', 'vicidial', 'hotline'] as const;
type Kind = (typeof KINDS)[number];

interface Job {
  readonly agents: number;
  readonly answerRate: number;
  readonly kind: Kind;
  readonly replications: number;
  readonly hours: number;
}

interface JobResult {
  readonly job: Job;
  readonly metrics: AlgorithmMetrics;
  readonly ratio: number | null;
  /** The highest abandon rate of any replication. */
  readonly worstReplication: number;
  readonly seconds: number;
}

function runJob(job: Job): JobResult {
  const t0 = performance.now();
  const p = simParamsSchema.parse({ agents: job.agents, answerRate: job.answerRate, talkMeanS: 120, wrapS: 15, answerMinS: 5, answerMaxS: 25, replications: job.replications, hours: job.hours });
  let ratio: number | null = null;
  let spec: AlgorithmSpec;
  let reps;
  if (job.kind === 'ratio') {
    const found = bestRatio(p);
    ratio = found.ratio;
    spec = { kind: 'ratio', ratio };
    reps = found.reps;
  } else {
    spec = { kind: job.kind };
    reps = runAll(spec, p);
  }
  return {
    job,
    metrics: summarize(algorithmName(spec), reps, p),
    ratio,
    worstReplication: Math.max(...reps.map(abandonRateOf)),
    seconds: (performance.now() - t0) / 1000,
  };
}

if (process.argv.includes('--worker')) {
  process.on('message', (job: Job) => process.send!(runJob(job)));
} else {
  const { flag, num, out, lines } = benchCli();
  const replications = num('--replications', 30);
  const hours = num('--hours', 8);
  const workers = Math.max(1, num('--workers', availableParallelism()));
  // Heaviest first (hotline's model and the ratio search grow with the agents), so the pool ends together.
  const cost = (j: Job) => j.agents * (j.kind === 'hotline' ? 4 : j.kind === 'ratio' ? 3 : 1) / j.answerRate ** 0.3;
  const jobs: Job[] = AGENTS.flatMap((agents) => ANSWER_RATES.flatMap((answerRate) => KINDS.map((kind) => ({ agents, answerRate, kind, replications, hours })))).sort((a, b) => cost(b) - cost(a));
  const t0 = performance.now();
  const results: JobResult[] = [];
  await new Promise<void>((resolve, reject) => {
    let next = 0;
    let running = 0;
    for (let w = 0; w < Math.min(workers, jobs.length); w++) {
      const child = fork(process.argv[1]!, ['--worker'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
      const feed = () => {
        if (next >= jobs.length) {
          child.disconnect();
          if (--running === 0) resolve();
          return;
        }
        child.send(jobs[next++]!);
      };
      child.on('message', (r: JobResult) => {
        results.push(r);
        process.stderr.write(`  ${results.length}/${jobs.length} N=${r.job.agents} p=${r.job.answerRate} ${r.job.kind}: ${r.seconds.toFixed(0)} s\n`);
        feed();
      });
      child.on('error', reject);
      child.on('exit', (code) => {
        if (code !== 0 && code !== null) reject(new Error(`worker exited with ${code}`));
      });
      running++;
      feed();
    }
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = results.reduce((a, r) => a + r.seconds, 0);

  const at = (agents: number, answerRate: number, kind: Kind) => results.find((r) => r.job.agents === agents && r.job.answerRate === answerRate && r.job.kind === kind)!;
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const cell = (r: JobResult) => `${pct(r.metrics.occupancy)} (${pct(r.metrics.abandonRate)}${r.metrics.windowBreaches > 0 ? `, ${r.metrics.windowBreaches} over` : ''})`;
  out(`## Pacing (issue 5) (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version})`);
  out('');
  out(
    `Occupancy (talk time / logged-in time) and, in brackets, the abandon rate over all replications and how many of the ${replications} replications went over 3% in their window ("over"). ` +
      `Each point: ${replications} replications of ${hours} h, common random numbers; talk log-normal mean 120 s (cv 1), after-call work 15 s, answers after 5–25 s, ` +
      'other dials: machine 15%, busy 15%, no answer (25 s ring) 55%, invalid 15%. Hotline predictive with its defaults (target 2%, limit 3%); ' +
      'the best ratio is the highest fixed ratio (lines per agent ready or on a call, 0.05 steps) with no replication over 3%, found afterwards with the results in hand; VICIdial is ADAPT_HARD_LIMIT with its defaults (drop limit 3%, max level 3.0, intensity 0).',
  );
  out('');
  out('| agents | p | progressive | best ratio | VICIdial ADAPT_HARD_LIMIT | hotline predictive | hotline − VICIdial | hotline − best ratio | hotline worst replication |');
  out('| --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  let beatsVici = 0;
  let beatsRatio = 0;
  for (const agents of AGENTS) {
    for (const answerRate of ANSWER_RATES) {
      const [pr, ra, vi, ho] = KINDS.map((k) => at(agents, answerRate, k));
      const dv = ho!.metrics.occupancy - vi!.metrics.occupancy;
      const dr = ho!.metrics.occupancy - ra!.metrics.occupancy;
      if (dv > 0) beatsVici++;
      if (dr > 0) beatsRatio++;
      const pts = (d: number) => `${d >= 0 ? '+' : ''}${(d * 100).toFixed(1)} pts`;
      out(`| ${agents} | ${answerRate} | ${pct(pr!.metrics.occupancy)} | ${cell(ra!)} r=${ra!.ratio!.toFixed(2)} | ${cell(vi!)} | ${cell(ho!)} | ${pts(dv)} | ${pts(dr)} | ${pct(ho!.worstReplication)} |`);
    }
  }
  out('');
  out(`Hotline predictive has a higher occupancy than VICIdial at ${beatsVici} of 15 points and than the best fixed ratio at ${beatsRatio} of 15. ` + `Run time: ${wall.toFixed(0)} s wall on ${workers} worker processes (${cpu.toFixed(0)} s of simulation in all).`);
  if (flag('--write')) writeDocSection('## Pacing (issue 5)', lines);
}
