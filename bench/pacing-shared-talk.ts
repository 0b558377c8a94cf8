/**
 * Pacing fidelity (issue 18), a what-if in the simulator: the lab's agent phones are SIPp processes that draw each
 * call's talk time from GSL, and SIPp seeds GSL from GSL_RNG_SEED, 0 when unset. Every phone then draws the same
 * sequence: every agent's n-th call talks as long as every other agent's n-th call, so agents who start together
 * stay in step, busy and free together. The model takes their talk times as independent. This runs the fidelity
 * campaign (bench/pacing-fidelity.ts) three ways over the same replications: talk drawn per customer (the
 * simulator), one sequence shared by every agent (the lab's phones before they were seeded apart; a new one in
 * each replication, and the lab's own, the same in every replication), and one sequence per agent (the lab's phones
 * now). Run: `npx tsx bench/pacing-shared-talk.ts [--minutes 8] [--replications 400]`.
 */
import { hashSeed, mulberry32, standardNormal } from '../src/sim/prng.js';
import { runReplication, type TalkOf } from '../src/sim/run-replication.js';
import { makeDialer } from '../src/sim/sim-dialers.js';
import { abandonRateOf, summarize } from '../src/sim/sim-metrics.js';
import { simParamsSchema } from '../src/sim/sim-params.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const minutes = num('--minutes', 8);
const replications = num('--replications', 400);
const TALK_MEAN_S = 20;
const TALK_CV = 0.5;
const sigma = Math.sqrt(Math.log(1 + TALK_CV * TALK_CV));

/** The n-th draw of a talk-time sequence of its own (log-normal, mean 20 s, cv 0.5). */
function sequence(seed: number): (nth: number) => number {
  const drawn: number[] = [];
  const rand = mulberry32(seed);
  return (nth) => {
    while (drawn.length <= nth) drawn.push(Math.exp(Math.log(TALK_MEAN_S) - (sigma * sigma) / 2 + sigma * standardNormal(rand(), rand())));
    return drawn[nth]!;
  };
}

/**
 * The talk times, s, every unseeded lab phone drew for its calls in order (SIPp 3.6.1, GSL's default seed,
 * `<sample distribution="lognormal">` for a mean of 20 s and cv 0.5, read from a phone's log): the same in every
 * phone and every run. Every agent's 11th call talks 48 s.
 */
const SIPP_SEED_0 = [
  17.3, 8.5, 20.4, 31.6, 13.4, 18.5, 13.8, 13.1, 17.0, 19.5, 48.3, 20.1, 15.1, 13.9, 34.1, 20.5, 20.8, 10.7, 11.5, 18.7, 15.3, 8.9, 10.9, 22.9, 17.3,
  7.0, 9.5, 33.8, 10.0, 29.5, 44.0, 13.1, 11.8, 12.3, 32.8, 19.1, 19.7, 23.0, 9.2, 16.8,
];

const WORLDS = [
  'per customer (the simulator)',
  'one sequence for every agent (lab phones, GSL seed 0)',
  "the lab phones' own seed-0 sequence for every agent",
  'one sequence per agent (lab phones, seeded apart)',
] as const;
type World = (typeof WORLDS)[number];
function talkOf(world: World, rep: number): TalkOf | undefined {
  if (world === 'per customer (the simulator)') return undefined;
  if (world === "the lab phones' own seed-0 sequence for every agent") return (_agent, nth) => SIPP_SEED_0[nth % SIPP_SEED_0.length]!;
  if (world === 'one sequence for every agent (lab phones, GSL seed 0)') {
    const shared = sequence(hashSeed(rep, 0x5eed));
    return (_agent, nth) => shared(nth);
  }
  const own = new Map<number, (nth: number) => number>();
  return (agent, nth) => {
    if (!own.has(agent)) own.set(agent, sequence(hashSeed(rep, 0x5eed, agent + 1)));
    return own.get(agent)!(nth);
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
out('| agents | talk times | occupancy | abandon rate | replications with ≥ 5 abandons | dials/h |');
out('|---:|---|---:|---:|---:|---:|');
for (const agents of [5, 10]) {
  const p = simParamsSchema.parse({
    agents, answerRate: 0.35, machineShare: 0, busyShare: 0.15, noAnswerShare: 0.3, invalidShare: 0.2, answerMinS: 3, answerMaxS: 10, ringTimeoutS: 15,
    talkMeanS: TALK_MEAN_S, talkCv: TALK_CV, wrapS: 3, patienceS: 2, hours: minutes / 60, replications, lines: agents * 4, cps: 10, tickS: 0.2,
    pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.35, talkMeanS: TALK_MEAN_S, talkCv: TALK_CV, wrapMeanS: 3 } },
  });
  for (const world of WORLDS) {
    const reps = Array.from({ length: replications }, (_, rep) => runReplication(p, makeDialer({ kind: 'hotline' }, p), rep, talkOf(world, rep)));
    const s = summarize('hotline', reps, p);
    out(`| ${agents} | ${world} | ${pct(s.occupancy)} | ${pct(s.abandonRate)} | ${reps.filter((r) => r.abandons >= 5).length} of ${replications} (max rate ${pct(Math.max(...reps.map(abandonRateOf)))}) | ${s.dialsPerHour.toFixed(0)} |`);
  }
}
