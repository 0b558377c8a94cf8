/**
 * Pacing fidelity (issue 18), the simulator paired with one lab run: the simulator's baseline draws its own talk
 * times, so one 8-minute lab run differs from it by the luck of its phones' draws too (at 5 agents one replication's
 * occupancy spans ±4 points between p10 and p90). This gives the simulator the talk times the lab's phones really
 * had, phone i's n-th call to agent i's n-th call (fresh draws past the last one), and everything else as in
 * bench/pacing-fidelity.ts: the lab run is then one sample of these replications, with the talk luck in common.
 * Reads the phones file that `bench/pacing-fidelity.ts --trace DIR` leaves (DIR/phones-N.json).
 * Run: `npx tsx bench/pacing-fidelity-paired.ts --phones DIR/phones-10.json [--minutes 8] [--replications 400]`.
 */
import { readFileSync } from 'node:fs';
import { hashSeed, mulberry32, standardNormal } from '../src/sim/prng.js';
import { runReplication } from '../src/sim/run-replication.js';
import { makeDialer } from '../src/sim/sim-dialers.js';
import { summarize } from '../src/sim/sim-metrics.js';
import { simParamsSchema } from '../src/sim/sim-params.js';
import { quantile } from '../src/sim/lab-comparison.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const argv = process.argv.slice(2);
const file = argv[argv.indexOf('--phones') + 1]!;
const minutes = num('--minutes', 8);
const replications = num('--replications', 400);
const phones = JSON.parse(readFileSync(file, 'utf8')) as { id: string; calls: { answeredAt?: number; endedAt?: number }[] }[];
const talks = phones.map((p) => p.calls.filter((c) => c.answeredAt !== undefined && c.endedAt !== undefined).map((c) => (c.endedAt! - c.answeredAt!) / 1000));
const agents = phones.length;
const sigma = Math.sqrt(Math.log(1 + 0.5 * 0.5));
const p = simParamsSchema.parse({
  agents, answerRate: 0.35, machineShare: 0, busyShare: 0.15, noAnswerShare: 0.3, invalidShare: 0.2, answerMinS: 3, answerMaxS: 10, ringTimeoutS: 15,
  talkMeanS: 20, talkCv: 0.5, wrapS: 3, patienceS: 2, hours: minutes / 60, replications, lines: agents * 4, cps: 10, tickS: 0.2,
  pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.35, talkMeanS: 20, talkCv: 0.5, wrapMeanS: 3 } },
});
const reps = Array.from({ length: replications }, (_, rep) => {
  const rand = mulberry32(hashSeed(rep, 0xfade));
  return runReplication(p, makeDialer({ kind: 'hotline' }, p), rep, (agent, nth) => talks[agent]?.[nth] ?? Math.exp(Math.log(20) - (sigma * sigma) / 2 + sigma * standardNormal(rand(), rand())));
});
const s = summarize('hotline', reps, p);
const occ = reps.map((r) => r.talkMs / r.loggedInMs);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
out(`${agents} agents, the lab phones' talk (${talks.flat().length} calls, mean ${mean(talks.flat()).toFixed(2)} s): occupancy ${pct(s.occupancy)} (p10–p90 ${pct(quantile(occ, 0.1))}–${pct(quantile(occ, 0.9))}), abandons ${pct(s.abandonRate)}, dials/h ${s.dialsPerHour.toFixed(0)}`);
