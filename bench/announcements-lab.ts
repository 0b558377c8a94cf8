/**
 * Carrier announcements on the lab (issue 11): the same campaign of dead numbers dialed with every leg heard and with
 * hearing switched off (the plain dialer, the baseline), in the same run, at 20 and 60 lines. Each number is one of
 * the lab carrier's "183 + announcement, then 480" scenes (src/lab/early-media-plan.ts: six classes, six variants,
 * nine numbers each), so every dial is a dead number announced in early media.
 * Prints, per run: line seconds per dial (dialed → ended), what the dials ended as, the service's CPU per dial and
 * per second of run, and Asterisk's CPU per dial; with --write, replaces its section in docs/benchmarks.md.
 * Run as root: `npx tsx bench/announcements-lab.ts [--dials 120] [--write]`.
 */
import { changeCampaign, createCampaign } from '../src/dialer/campaign-commands.js';
import { runningPid } from '../src/lab/asterisk-process.js';
import { earlyMediaClasses, earlyMediaNumber, earlyMediaVariants } from '../src/lab/early-media-plan.js';
import { labDown, labPaths, labUp } from '../src/lab/lab.js';
import { carrierOptions, startCarrier } from '../src/lab/sipp-carrier.js';
import { openDb } from '../src/store/db.js';
import { storeOf } from '../src/store/store.js';
import { serviceConfig } from '../tests/lab/service-lab.js';
import { labConfig, spawnService, waitFor } from '../tests/lab/support.js';
import { benchCli, writeDocSection } from './cli.js';
import { procStats } from './proc-stats.js';

const { flag, num, out, lines } = benchCli();
const dials = num('--dials', 120);
const heading = '## Carrier announcements on the lab (issue 11)';

// Every "then 480" scene on every block: 6 classes × 6 variants × 9 numbers.
const numbers: string[] = [];
for (let block = 0; block <= 8; block++) {
  for (const cls of earlyMediaClasses) for (const variant of earlyMediaVariants) numbers.push(`+86${earlyMediaNumber({ kind: 'announcement', cls, delivery: 'then-480', variant }, block)}`);
}
if (dials > numbers.length) throw new Error(`at most ${numbers.length} dials: the carrier has that many announced dead numbers`);

const base = labConfig();
await labUp(base, { progress: () => undefined });
const asteriskPid = runningPid(labPaths(base));
if (!asteriskPid) throw new Error('the lab Asterisk is not running');
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));

interface Run {
  heard: boolean;
  lines: number;
  secondsPerDial: number;
  p95: number;
  outcomes: string;
  serviceMsPerDial: number;
  serviceCpuPct: number;
  asteriskMsPerDial: number;
  wallS: number;
}

async function run(heard: boolean, lineCount: number, phones: readonly string[]): Promise<Run> {
  // A lab service's config (free port, the sample IVR, the shared prompt cache), logging only warnings.
  const config = await serviceConfig((c) => {
    c.service.logLevel = 'warn';
    c.acd.agents = [];
    c.dialer.tickMs = 50;
    c.announcements.hear.enabled = heard;
  });
  const carrier = await startCarrier(carrierOptions(config));
  try {
    const db = openDb(config.store.path);
    const store = storeOf(db);
    const campaign = createCampaign(
      store,
      'bench',
      { mode: 'agentless', flow: 'survey', amd: false, windows: allDay, quietHours: [], ringTimeoutS: 30, maxLines: lineCount, maxCallsPerSecond: 100, retry: { default: { delayS: 3600, maxPerDay: 1, maxTotal: 1 }, byOutcome: {} } },
      Date.now(),
    );
    for (const phone of phones) store.leads.insert({ campaignId: campaign.id, phone, now: Date.now() });
    const svc = await spawnService(config);
    const s0 = procStats(svc.pid);
    const a0 = procStats(asteriskPid!);
    const t0 = Date.now();
    changeCampaign(store, campaign.id, 'start', Date.now());
    await waitFor(() => (db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE campaign_id = ? AND ended_at IS NOT NULL').get(campaign.id) as { n: number }).n >= phones.length, phones.length * 30_000, 'every dial to end');
    const wallS = (Date.now() - t0) / 1000;
    const s1 = procStats(svc.pid);
    const a1 = procStats(asteriskPid!);
    const held = (db.prepare('SELECT ended_at - dialed_at AS ms FROM attempts WHERE campaign_id = ? ORDER BY ms').all(campaign.id) as Array<{ ms: number }>).map((r) => r.ms / 1000);
    const outcomes = db.prepare('SELECT outcome, COUNT(*) AS n FROM attempts WHERE campaign_id = ? GROUP BY outcome ORDER BY n DESC').all(campaign.id) as Array<{ outcome: string; n: number }>;
    await svc.kill('SIGTERM');
    db.close();
    const cpu = s1.cpuMs - s0.cpuMs;
    return {
      heard,
      lines: lineCount,
      secondsPerDial: held.reduce((a, b) => a + b, 0) / held.length,
      p95: held[Math.min(held.length - 1, Math.floor(held.length * 0.95))]!,
      outcomes: outcomes.map((o) => `${o.outcome} ${o.n}`).join(', '),
      serviceMsPerDial: cpu / phones.length,
      serviceCpuPct: (cpu / (wallS * 1000)) * 100,
      asteriskMsPerDial: (a1.cpuMs - a0.cpuMs) / phones.length,
      wallS,
    };
  } finally {
    await carrier.stop();
  }
}

const runs: Run[] = [];
try {
  for (const lineCount of [20, 60]) {
    // Different numbers for each run, so no hearing meets a leg another run's service left behind.
    const offset = lineCount === 20 ? 0 : numbers.length - dials;
    const phones = numbers.slice(offset, offset + dials);
    for (const heard of [false, true]) runs.push(await run(heard, lineCount, phones));
  }
} finally {
  // The lab this bench started stops with it (by PID), so a test run after it finds the ports free.
  await labDown(base);
}

out(`${heading} (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version})`);
out('');
out(`${dials} dials of announced dead numbers per run (183 + a 10–18 s announcement, then 480), agentless, AMD off; the plain dialer (hearing off) is the baseline, run first at each line count. A fresh library each run: the first hearing of each recording is unknown, later ones match it.`);
out('');
out('| lines | hearing | line s per dial (mean, p95) | dials ended as | service CPU per dial | service CPU of one core | Asterisk CPU per dial | run |');
out('|---:|---|---:|---|---:|---:|---:|---:|');
for (const r of runs) {
  out(`| ${r.lines} | ${r.heard ? 'on' : 'off (baseline)'} | ${r.secondsPerDial.toFixed(1)} s, ${r.p95.toFixed(1)} s | ${r.outcomes} | ${r.serviceMsPerDial.toFixed(0)} ms | ${r.serviceCpuPct.toFixed(0)}% | ${r.asteriskMsPerDial.toFixed(0)} ms | ${r.wallS.toFixed(0)} s |`);
}
out('');
out('Run: `npx tsx bench/announcements-lab.ts [--dials 120] [--write]` (as root; it starts the lab).');
if (flag('--write')) writeDocSection(heading, lines);
