/**
 * Pacing fidelity (issue 18), a what-if in the simulator: hotline's engine learns an attempt when it settles
 * (src/dialer/campaign-pacing.ts `settled`), so a live dial's result and its live answer reach the statistics and the
 * abandon window only when the call ends (after the talk, or after the identification message), while the
 * simulator tells them at the answer. This wraps the simulator's hotline dialer so the news arrives as on the lab:
 * a live dial's end and its live answer are held until a talk ends (oldest first), an abandon's until the message
 * has played (4 s). Same campaign as bench/pacing-fidelity.ts, same replications.
 * Run: `npx tsx bench/pacing-lag.ts [--minutes 8] [--replications 400]`.
 */
import { runReplication } from '../src/sim/run-replication.js';
import { makeDialer, type SimDialer, type SimNews } from '../src/sim/sim-dialers.js';
import { abandonRateOf, summarize } from '../src/sim/sim-metrics.js';
import { simParamsSchema } from '../src/sim/sim-params.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const minutes = num('--minutes', 8);
const replications = num('--replications', 400);
const MESSAGE_MS = 4000;

/** The dialer hearing live answers as the lab's engine does: when the attempt settles. */
function lagging(inner: SimDialer): SimDialer {
  const held: SimNews[][] = [];
  const later: { at: number; news: SimNews[] }[] = [];
  const liveDials: SimNews[] = [];
  const release = (now: number) => {
    while (later.length > 0 && later[0]!.at <= now) for (const n of later.shift()!.news) inner.hear({ ...n, now });
  };
  return {
    decide(v) {
      release(v.now);
      return inner.decide(v);
    },
    hear(n) {
      release(n.now);
      if (n.type === 'dial-ended' && n.result === 'live') liveDials.push(n);
      else if (n.type === 'live' && !n.abandoned) held.push([liveDials.shift() ?? n, n]);
      else if (n.type === 'live' && n.abandoned) later.push({ at: n.now + MESSAGE_MS, news: [liveDials.shift() ?? n, n] });
      else if (n.type === 'talk') {
        for (const h of held.shift() ?? []) inner.hear({ ...h, now: n.now });
        inner.hear(n);
      } else inner.hear(n);
    },
  };
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
out('| agents | news of live answers | occupancy | abandon rate | replications with ≥ 5 abandons | dials/h |');
out('|---:|---|---:|---:|---:|---:|');
for (const agents of [5, 10]) {
  const p = simParamsSchema.parse({
    agents, answerRate: 0.35, machineShare: 0, busyShare: 0.15, noAnswerShare: 0.3, invalidShare: 0.2, answerMinS: 3, answerMaxS: 10, ringTimeoutS: 15,
    talkMeanS: 20, talkCv: 0.5, wrapS: 3, patienceS: 2, hours: minutes / 60, replications, lines: agents * 4, cps: 10, tickS: 0.2,
    pacing: { abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: 'since-start', prior: { answerRate: 0.35, talkMeanS: 20, talkCv: 0.5, wrapMeanS: 3 } },
  });
  for (const lag of [false, true]) {
    const reps = Array.from({ length: replications }, (_, rep) => runReplication(p, lag ? lagging(makeDialer({ kind: 'hotline' }, p)) : makeDialer({ kind: 'hotline' }, p), rep));
    const s = summarize('hotline', reps, p);
    out(`| ${agents} | ${lag ? 'when the attempt settles (the lab engine)' : 'at the answer (the simulator)'} | ${pct(s.occupancy)} | ${pct(s.abandonRate)} | ${reps.filter((r) => r.abandons >= 5).length} of ${replications} (max rate ${pct(Math.max(...reps.map(abandonRateOf)))}) | ${s.dialsPerHour.toFixed(0)} |`);
  }
}
