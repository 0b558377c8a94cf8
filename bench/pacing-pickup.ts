/**
 * Pacing fidelity (issue 18), the simulator's side of the lab's pick-up: an agent's phone rings ~0.32 s before the
 * bridge, so a live answer really has 2 − 0.32 s to find a free agent while the model plans with 2 s. Runs the
 * fidelity campaign (bench/pacing-fidelity.ts) in the simulator three ways over the same replications: as the
 * fidelity bench does (2 s everywhere), the world's patience cut by the pick-up with the model unaware, and the model
 * told too. Run: `npx tsx bench/pacing-pickup.ts [--minutes 8] [--replications 400] [--pickup-ms 320]`.
 */
import { runReplication } from '../src/sim/run-replication.js';
import { makeDialer } from '../src/sim/sim-dialers.js';
import { summarize } from '../src/sim/sim-metrics.js';
import { simParamsSchema, type SimParams } from '../src/sim/sim-params.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const minutes = num('--minutes', 8);
const replications = num('--replications', 400);
const pickupS = num('--pickup-ms', 320) / 1000;
const params = (agents: number, patienceS: number): SimParams =>
  simParamsSchema.parse({
    agents, answerRate: 0.35, machineShare: 0, busyShare: 0.15, noAnswerShare: 0.3, invalidShare: 0.2, answerMinS: 3, answerMaxS: 10, ringTimeoutS: 15,
    talkMeanS: 20, talkCv: 0.5, wrapS: 3, patienceS, hours: minutes / 60, replications, lines: agents * 4, cps: 10, tickS: 0.2,
    pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.35, talkMeanS: 20, talkCv: 0.5, wrapMeanS: 3 } },
  });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
out(`| agents | world patience / model's | occupancy | abandon rate | dials/h |`);
out('|---:|---|---:|---:|---:|');
for (const agents of [5, 10]) {
  for (const [world, model] of [[2, 2], [2 - pickupS, 2], [2 - pickupS, 2 - pickupS]] as const) {
    const w = params(agents, world);
    const m = params(agents, model);
    const reps = Array.from({ length: replications }, (_, rep) => runReplication(w, makeDialer({ kind: 'hotline' }, m), rep));
    const s = summarize('hotline', reps, w);
    out(`| ${agents} | ${world.toFixed(2)} s / ${model.toFixed(2)} s | ${pct(s.occupancy)} | ${pct(s.abandonRate)} | ${s.dialsPerHour.toFixed(0)} |`);
  }
}
