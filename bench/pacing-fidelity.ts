/**
 * Pacing fidelity (issue 18): the same predictive campaign on the lab and in the simulator, with matching parameters,
 * at 5 and 10 agents. On the lab: SIPp agents' phones that pick up after a short ring and hang up after a talk time
 * drawn per call (log-normal), and the SIPp carrier answering the list's live numbers after a uniformly drawn ring.
 * In the simulator: hotline's own `pace` over the same parameters, many replications of the same length (the lab run
 * is one sample of it). Prints occupancy, abandon rate and dials per hour side by side, and the lab's own timings
 * that explain a difference: the agents' pick-up (live answer → agent bridged), the dial delay (lead queued →
 * originate sent), the carrier's answer delay and the talk and wrap-up the agents really had.
 * Run as root, on one lab slot: `npx tsx bench/pacing-fidelity.ts [--minutes 6] [--agents 5,10] [--replications 400]
 * [--seed N] [--write] [--trace DIR]`; --write replaces its section in docs/benchmarks.md; --trace runs the service at debug level
 * and leaves in DIR, per agent count, its log (every pacing launch with the state it was decided on), the attempts
 * and each agent phone's calls, to explain an abandon.
 */
import { randomInt } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { changeCampaign, createCampaign } from '../src/dialer/campaign-commands.js';
import { labDown, labUp } from '../src/lab/lab.js';
import { startAgentPhones, type AgentPhone } from '../src/lab/sipp-agents.js';
import { carrierOptions, startCarrier } from '../src/lab/sipp-carrier.js';
import { runAll } from '../src/sim/experiment.js';
import { fidelityGap, labFigures, quantile, sameAbandons, type PacingFigures } from '../src/sim/lab-comparison.js';
import { summarize } from '../src/sim/sim-metrics.js';
import { simParamsSchema } from '../src/sim/sim-params.js';
import { storeOf } from '../src/store/store.js';
import { serviceConfig } from '../tests/lab/service-lab.js';
import { labConfig, startLabService, waitFor } from '../tests/lab/support.js';
import { benchCli, writeDocSection } from './cli.js';

const { flag, num, out, lines } = benchCli();
const argv = process.argv.slice(2);
const minutes = num('--minutes', 6);
const replications = num('--replications', 400);
const traceDir = argv.includes('--trace') ? argv[argv.indexOf('--trace') + 1]! : null;
// The agent phones' draws: phone i of a run draws from seed + i (src/lab/sipp-agents.ts), a new seed per agent count.
const seed = num('--seed', randomInt(2 ** 30));
const agentCounts = (argv.includes('--agents') ? argv[argv.indexOf('--agents') + 1]! : '5,10').split(',').map(Number);
const heading = '## Pacing fidelity: lab against the simulator (issue 18)';

// The campaign, the same on both sides. Short calls, so a few minutes hold many pacing cycles.
const TALK_MEAN_S = 20;
const TALK_CV = 0.5;
const WRAP_S = 3;
const PICKUP_MS = 300;
const ANSWER_S = [3, 10] as const;
const RING_TIMEOUT_S = 15;
const TICK_MS = 200;
const CPS = 10;
const linesFor = (agents: number) => agents * 4;
// The list, by the carrier's numbering plan (last two digits): 7 in 20 a person, 3 busy (486), 6 ring to the
// time-out, 4 rejected (603).
const PLAN = ['00', '04', '03', '00', '09', '04', '00', '03', '04', '00', '09', '04', '00', '03', '04', '00', '09', '04', '00', '09'];
const share = (nn: string) => PLAN.filter((x) => x === nn).length / PLAN.length;
const LIVE = share('00');
const pacingSettings = { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start' as const, prior: { answerRate: LIVE, talkMeanS: TALK_MEAN_S, talkCv: TALK_CV, wrapMeanS: WRAP_S } };

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const s1 = (x: number) => (Number.isFinite(x) ? (x / 1000).toFixed(2) : '–');

function simulate(agents: number, hours = minutes / 60, count = replications) {
  const p = simParamsSchema.parse({
    agents,
    answerRate: LIVE,
    machineShare: 0,
    busyShare: share('03'),
    noAnswerShare: share('04'),
    invalidShare: share('09'),
    answerMinS: ANSWER_S[0],
    answerMaxS: ANSWER_S[1],
    ringTimeoutS: RING_TIMEOUT_S,
    talkMeanS: TALK_MEAN_S,
    talkCv: TALK_CV,
    wrapS: WRAP_S,
    patienceS: 2,
    hours,
    replications: count,
    lines: linesFor(agents),
    cps: CPS,
    tickS: TICK_MS / 1000,
    pacing: pacingSettings,
  });
  const reps = runAll({ kind: 'hotline' }, p);
  const m = summarize('hotline', reps, p);
  const occ = reps.map((r) => r.talkMs / r.loggedInMs).sort((a, b) => a - b);
  return { ...m, occP10: quantile(occ, 0.1), occP90: quantile(occ, 0.9), reps: reps.map((r) => ({ abandons: r.abandons, occupancy: r.talkMs / r.loggedInMs })) };
}

interface LabRun {
  readonly figures: PacingFigures;
  readonly pickup: number[];
  readonly dialDelay: number[];
  readonly answerDelay: number[];
  readonly talk: number[];
  readonly reasons: Record<string, number>;
  readonly load: readonly [number, number];
}

async function labRun(agents: number): Promise<LabRun> {
  const ids = Array.from({ length: agents }, (_, i) => String(1001 + i));
  // A lab service's config (free port, the sample IVR, the shared prompt cache), logging only warnings.
  const config = await serviceConfig((c) => {
    c.service.logLevel = traceDir === null ? 'warn' : 'debug';
    c.dialer.tickMs = TICK_MS;
    c.lab.agents = Array.from({ length: 10 }, (_, i) => ({ id: String(1001 + i), password: `lab-agent-${1001 + i}` }));
    c.acd.agents = ids.map((id) => ({ id, name: id, skills: { general: 5 } }));
    for (const g of c.acd.groups) g.wrapUpS = WRAP_S;
  });
  const carrier = await startCarrier({ ...carrierOptions(config), answerDelayMs: { min: ANSWER_S[0] * 1000, max: ANSWER_S[1] * 1000 } });
  const { service: s, logs } = await startLabService(config);
  let phones: AgentPhone[] = [];
  const { buildHttp } = await import('../src/http/app.js');
  const http = buildHttp(s);
  try {
    await s.promptsReady();
    await http.listen({ host: '127.0.0.1', port: config.service.port });
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: PICKUP_MS }, talk: { kind: 'log-normal', meanMs: TALK_MEAN_S * 1000, cv: TALK_CV } }, { ids, seed: seed + agents * 100 });
    const store = storeOf(s.db);
    const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
    const campaign = createCampaign(
      store,
      `fidelity-${agents}`,
      {
        mode: 'predictive',
        skillGroup: 'general',
        amd: false,
        windows: allDay,
        quietHours: [],
        ringTimeoutS: RING_TIMEOUT_S,
        maxLines: linesFor(agents),
        maxCallsPerSecond: CPS,
        retry: { default: { delayS: 3600, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} },
        pacing: pacingSettings,
      },
      Date.now(),
    );
    // Every number distinct (139 1XYZ 00NN behaves as 139 0000 00NN).
    for (let i = 0; i < 1000; i++) s.leads.insert({ campaignId: campaign.id, phone: `+861391${String(i).padStart(3, '0')}00${PLAN[i % PLAN.length]}`, now: Date.now() });
    const load0 = loadavg()[0]!;
    const from = Date.now();
    changeCampaign(store, campaign.id, 'start', from);
    const reasons: Record<string, number> = {};
    const runMs = minutes * 60_000;
    while (Date.now() - from < runMs) {
      await new Promise((r) => setTimeout(r, 1000));
      const d = s.dialer.lastPacing(campaign.id);
      if (d) reasons[d.reason] = (reasons[d.reason] ?? 0) + 1;
    }
    const to = Date.now();
    changeCampaign(store, campaign.id, 'pause', to);
    const load1 = loadavg()[0]!;
    await waitFor(() => s.dialer.liveCount(campaign.id) === 0, 180_000, 'calls to end');
    const attempts = s.attempts.ofCampaign(campaign.id);
    if (traceDir !== null) {
      mkdirSync(traceDir, { recursive: true });
      writeFileSync(join(traceDir, `service-${agents}.log`), logs());
      writeFileSync(join(traceDir, `attempts-${agents}.json`), JSON.stringify({ from, to, attempts }));
      writeFileSync(join(traceDir, `phones-${agents}.json`), JSON.stringify(phones.map((p) => ({ id: p.id, calls: p.calls() }))));
    }
    const inRun = attempts.filter((a) => a.dialedAt !== null && a.dialedAt < to);
    const connected = inRun.filter((a) => a.connectedAt !== null);
    return {
      figures: labFigures(attempts, agents, from, to),
      pickup: connected.map((a) => a.connectedAt! - a.answeredAt!),
      dialDelay: inRun.filter((a) => a.ringingAt !== null).map((a) => a.ringingAt! - a.dialedAt!),
      answerDelay: inRun.filter((a) => a.answeredAt !== null).map((a) => a.answeredAt! - a.dialedAt!),
      talk: connected.filter((a) => a.endedAt !== null).map((a) => a.endedAt! - a.connectedAt!),
      reasons,
      load: [load0, load1],
    };
  } finally {
    await Promise.all(phones.map((p) => p.stop()));
    await http.close();
    await s.stop();
    await carrier.stop();
  }
}

const base = labConfig((c) => {
  c.lab.agents = Array.from({ length: 10 }, (_, i) => ({ id: String(1001 + i), password: `lab-agent-${1001 + i}` }));
});
const rows: { agents: number; sim: ReturnType<typeof simulate>; steady: ReturnType<typeof simulate>; simS: number; lab: LabRun }[] = [];
await labDown(base);
await labUp(base, { progress: () => undefined });
try {
  for (const agents of agentCounts) {
    const t0 = performance.now();
    const sim = simulate(agents);
    // Where the campaign heads once the guard has enough live answers behind it (the runs here start cold).
    const steady = simulate(agents, 4, 5);
    const simS = (performance.now() - t0) / 1000;
    process.stderr.write(`  N=${agents}: simulator ${simS.toFixed(0)} s, occupancy ${pct(sim.occupancy)}; lab run of ${minutes} min…\n`);
    const lab = await labRun(agents);
    process.stderr.write(`  N=${agents}: lab occupancy ${pct(lab.figures.occupancy)}, abandons ${lab.figures.abandons}/${lab.figures.lives}\n`);
    rows.push({ agents, sim, steady, simS, lab });
  }
} finally {
  // The lab this bench started stops with it (by PID), so a test run after it finds the ports free.
  await labDown(base);
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
out(`${heading} (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version}, lab slot ${process.env.HOTLINE_LAB_SLOT ?? '0'})`);
out('');
out(
  `One predictive campaign of ${minutes} min per agent count on the lab (one run) and in the simulator (${replications} replications of the same ${minutes} min, from the same cold start; ` +
    `p10–p90 is the spread of one replication's occupancy, the range one lab run can fall in by chance). Both: talk log-normal mean ${TALK_MEAN_S} s (cv ${TALK_CV}), ` +
    `after-call work ${WRAP_S} s, ${pct(LIVE)} of dials a person who answers after ${ANSWER_S[0]}–${ANSWER_S[1]} s (uniform), ${pct(share('03'))} busy, ${pct(share('04'))} ring to the ${RING_TIMEOUT_S} s time-out, ` +
    `${pct(share('09'))} rejected; 2 s to reach an agent; target 2%, limit 3% since the start; the prior set to the true figures; tick ${TICK_MS} ms, ${CPS} calls/s, 4 lines per agent. ` +
    `Lab: SIPp agents' phones ring ${PICKUP_MS} ms then answer, and hang up after a talk time drawn per call, each phone from its own seed (${seed} + 100 × agents + the phone's index); the SIPp carrier answers after a uniformly drawn ring. Occupancy is talk time (agent bridged to hang-up) / logged-in time.`,
);
out('');
out('| agents | occupancy lab | occupancy sim (p10–p90) | lab − sim | abandon lab | abandon sim | sim at the lab\'s abandons: occupancy (p10–p90; replications) | lab − that | dials/h lab | dials/h sim | lab / sim dials | goal (±3 pts at the same abandons) | sim after 4 h (occupancy, abandon) |');
out('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|');
const signed = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)} pts`;
for (const r of rows) {
  const g = fidelityGap(r.lab.figures, r.sim);
  const f = r.lab.figures;
  const same = sameAbandons(r.sim.reps, f.abandons);
  const band = same === null ? '' : same.abandons[0] === same.abandons[1] ? `${same.abandons[0]} abandons` : `${same.abandons[0]}–${same.abandons[1]} abandons`;
  const sameCell = same === null ? '–' : `${pct(same.occupancy)} (${pct(same.p10)}–${pct(same.p90)}; ${same.count} with ${band})`;
  const gap = same === null ? Number.NaN : (f.occupancy - same.occupancy) * 100;
  out(
    `| ${r.agents} | ${pct(f.occupancy)} | ${pct(r.sim.occupancy)} (${pct(r.sim.occP10)}–${pct(r.sim.occP90)}) | ${signed(g.occupancyPts)} | ${pct(f.abandonRate)} (${f.abandons}/${f.lives}) | ${pct(r.sim.abandonRate)} | ${sameCell} | ${same === null ? '–' : signed(gap)} | ` +
      `${f.dialsPerHour.toFixed(0)} | ${r.sim.dialsPerHour.toFixed(0)} | ${g.dialsRatio.toFixed(2)} | ${Math.abs(gap) <= 3 ? 'met' : 'not met'} | ${pct(r.steady.occupancy)}, ${pct(r.steady.abandonRate)} |`,
  );
}
out('');
out('What the lab really did (seconds; p50 / p90 unless said): where it differs from the simulator, which connects at the answer, dials at the tick and knows its talk and wrap-up exactly.');
out('');
out('| agents | agent pick-up (answer → bridged) | dial → ringing (ARI + SIP) | carrier answer delay (mean) | talk (mean, sampled) | pacing reasons (1 s samples) | load average (1 min, start → end) |');
out('|---:|---:|---:|---:|---:|---|---|');
for (const r of rows) {
  const l = r.lab;
  const reasons = Object.entries(l.reasons).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
  out(
    `| ${r.agents} | ${s1(quantile(l.pickup, 0.5))} / ${s1(quantile(l.pickup, 0.9))} | ${s1(quantile(l.dialDelay, 0.5))} / ${s1(quantile(l.dialDelay, 0.9))} | ${s1(mean(l.answerDelay))} | ${s1(mean(l.talk))} | ${reasons} | ${l.load[0].toFixed(2)} → ${l.load[1].toFixed(2)} |`,
  );
}
out('');
out(`Run: \`npx tsx bench/pacing-fidelity.ts --minutes ${minutes} --agents ${agentCounts.join(',')} --replications ${replications} --write\` (as root, on a lab slot; it starts and stops that slot's Asterisk). Simulator time: ${rows.map((r) => `${r.simS.toFixed(0)} s`).join(', ')}.`);
if (flag('--write')) writeDocSection(heading, lines);
// The service's pools and SIPp watchers leave handles behind; a bench that holds a lab slot must let it go.
process.exit(0);
