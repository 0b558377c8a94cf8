/**
 * The chaos run (issue 17), before each release, under the lab lock:
 *   bench/chaos-run.sh [--kills 20] [--leads 200] [--write]   (takes a free lab slot as /work/lab-run.sh does)
 * An agentless campaign dials the SIPp carrier (busy, rings for ever, 404, a 1 s call, a survey answered with 1). The
 * service is killed with SIGKILL at random moments `--kills` times and started again each time; then Asterisk is
 * stopped and started under the same load. Afterwards the carrier's log, Asterisk's own channel record (CEL) and
 * SQLite are compared. `--write` puts the figures in docs/chaos.md (the section between the chaos markers).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseChannelTraces } from '../src/calls/channel-trace.js';
import { celFileOf } from '../src/calls/channel-trace-file.js';
import { labCelPath } from '../src/config/lab-cel-path.js';
import { systemClock } from '../src/clock.js';
import { projectRoot } from '../src/config/load.js';
import { changeCampaign, createCampaign } from '../src/dialer/campaign-commands.js';
import { labDown, labUp } from '../src/lab/lab.js';
import { carrierOptions, startCarrier } from '../src/lab/sipp-carrier.js';
import type { PhoneCall } from '../src/lab/sipp-trace.js';
import { AttemptsRepo, type AttemptRow } from '../src/store/attempts-repo.js';
import { CallsRepo } from '../src/store/calls-repo.js';
import { openDb } from '../src/store/db.js';
import { LeadsRepo } from '../src/store/leads-repo.js';
import { storeOf } from '../src/store/store.js';
import { freePort, labConfig, spawnService, waitFor } from '../tests/lab/support.js';
import { benchCli } from './cli.js';

const cli = benchCli();
const kills = cli.num('--kills', 20);
const leadCount = cli.num('--leads', 200);
const ringS = 15;
// The carrier's plan (asterisk/sipp/carrier.xml): what each behaviour must end as.
const plan: Record<string, string> = { '03': 'busy', '04': 'no-answer', '05': 'unallocated', '10': 'short-call', '11': 'success' };
const nns = Object.keys(plan);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

const port = await freePort();
const config = labConfig((c) => {
  c.service.port = port;
  c.ivr.dir = join(projectRoot, 'config/ivr');
  c.prompts.dir = join(c.lab.dir, 'prompts');
  c.acd.agents = [];
  c.dialer.tickMs = 100;
  c.service.logLevel = 'warn';
});
await labUp(config, { progress: () => undefined });
const db = openDb(config.store.path);
const leads = new LeadsRepo(db);
const attempts = new AttemptsRepo(db);
const calls = new CallsRepo(db, systemClock, 0);
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
const runStart = Date.now();
const campaign = createCampaign(
  storeOf(db),
  'chaos',
  { mode: 'agentless', flow: 'survey', windows: allDay, quietHours: [], ringTimeoutS: ringS, maxLines: 20, maxCallsPerSecond: 10, retry: { default: { delayS: 2, maxPerDay: 2, maxTotal: 2 }, byOutcome: {} } },
  runStart,
);
const nnOf = new Map<string, string>();
for (let i = 0; i < leadCount; i++) {
  const nn = nns[i % nns.length]!;
  const phone = `+861391${String(Math.floor(i / nns.length)).padStart(3, '0')}00${nn}`;
  nnOf.set(phone, nn);
  leads.insert({ campaignId: campaign.id, phone, now: runStart });
}
const carrier = await startCarrier(carrierOptions(config));
changeCampaign(storeOf(db), campaign.id, 'start', Date.now());

const restartMs: number[] = [];
let svc = await spawnService(config);
for (let k = 0; k < kills; k++) {
  await sleep(1000 + Math.random() * 4000);
  await svc.kill('SIGKILL');
  const t = Date.now();
  svc = await spawnService(config);
  restartMs.push(Date.now() - t);
  process.stderr.write(`kill ${k + 1}/${kills}: healthy again after ${restartMs.at(-1)} ms\n`);
}

// Asterisk stopped and started under load; the reconnect is timed from when ARI answers again.
await sleep(3000);
await labDown(config, { progress: () => undefined });
await sleep(2000);
await labUp(config, { progress: () => undefined });
const ariBack = Date.now();
const health = `http://${config.service.host}:${config.service.port}/health`;
await waitFor(async () => (await fetch(health).catch(() => null))?.status === 200, 30_000, 'hotline to reconnect');
const reconnectMs = Date.now() - ariBack;
process.stderr.write(`Asterisk restarted: hotline reconnected ${reconnectMs} ms after ARI answered\n`);

const final = new Set(['done-success', 'done-failed', 'invalid-number', 'expired']);
await waitFor(() => attempts.open().length === 0 && leads.ofCampaign(campaign.id).every((l) => final.has(l.state)), 240_000, 'every lead to end').catch((err) =>
  process.stderr.write(`${(err as Error).message}\n`),
);
await svc.kill('SIGTERM');
await carrier.stop();

const report = compare(carrier.calls(), attempts.ofCampaign(campaign.id));
const lines = [
  `Run of ${new Date(runStart).toISOString().slice(0, 16)}Z: ${leadCount} leads, ${kills} kills -9 of the service, one Asterisk stop/start under load,`,
  `${report.invites} INVITEs at the carrier, ${report.attempts} attempts (shared 2-core machine).`,
  '',
  '| check | this branch |',
  '| --- | --- |',
  `| restart to /health, median (max) | ${median(restartMs)} ms (${Math.max(...restartMs)} ms) |`,
  `| reconnect after Asterisk answered again | ${reconnectMs} ms |`,
  `| numbers dialed twice for one attempt | ${report.twice} |`,
  `| attempts whose outcome differs from the carrier's answer | ${report.wrong} (${report.wrongDetail || 'none'}) |`,
  `| of them \`failed\` where the carrier said busy / no answer / 404 | ${report.failedButKnown} |`,
  `| ringing calls cancelled early (dropped by a restart) | ${report.droppedRinging} |`,
  `| call records left open | ${report.open} |`,
  `| outbound legs recorded as inbound calls | ${report.inbound} |`,
  `| channels Asterisk saw with no call record | ${report.unrecorded} |`,
  `| attempts counted with no channel in Asterisk (no INVITE) | ${report.noInvite} |`,
  `| attempts counted that never reached the carrier (no INVITE paired) | ${report.unreached} |`,
  `| calls marked cut by the media-server loss | ${report.cut} |`,
  `| attempts by how a restart settled them | ${report.reconciled} |`,
];
for (const l of lines) cli.out(l);
if (cli.flag('--write')) {
  const file = join(projectRoot, 'docs/chaos.md');
  const text = readFileSync(file, 'utf8');
  const [head, rest] = text.split('<!-- chaos:start -->');
  const tail = rest?.split('<!-- chaos:end -->')[1] ?? '\n';
  writeFileSync(file, `${head}<!-- chaos:start -->\n${lines.join('\n')}\n<!-- chaos:end -->${tail}`);
}
db.close();
process.exit(0);

/** The carrier's log against the attempts: each INVITE is paired with the latest attempt dialed before it. */
function compare(phoneCalls: PhoneCall[], rows: AttemptRow[]) {
  const byPhone = new Map<string, AttemptRow[]>();
  for (const a of rows) byPhone.set(a.phone, [...(byPhone.get(a.phone) ?? []), a]);
  const invitesOf = new Map<AttemptRow, number>();
  let twice = 0;
  let wrong = 0;
  let failedButKnown = 0;
  let droppedRinging = 0;
  const wrongKinds = new Map<string, number>();
  for (const c of phoneCalls) {
    const phone = [...nnOf.keys()].find((p) => c.dialed?.endsWith(p.slice(-11)));
    if (!phone) continue;
    const mine = (byPhone.get(phone) ?? []).filter((a) => (a.dialedAt ?? 0) <= c.invitedAt + 50);
    const a = mine.at(-1);
    if (!a) continue;
    invitesOf.set(a, (invitesOf.get(a) ?? 0) + 1);
    const nn = nnOf.get(phone)!;
    if (c.status === 487 && c.endedAt !== undefined && c.endedAt - c.invitedAt < (ringS - 1) * 1000) droppedRinging++;
    const expected = c.status === 486 ? 'busy' : c.status === 404 ? 'unallocated' : c.status === 487 ? 'no-answer' : plan[nn]!;
    if (a.outcome !== expected) {
      wrong++;
      const kind = `${expected}→${a.outcome}`;
      wrongKinds.set(kind, (wrongKinds.get(kind) ?? 0) + 1);
      if (a.outcome === 'failed' && ['busy', 'no-answer', 'unallocated'].includes(expected)) failedButKnown++;
    }
  }
  for (const n of invitesOf.values()) if (n > 1) twice++;
  // A dial the carrier never saw that still counts against its lead (a claim taken back leaves no row).
  const unreached = rows.filter((a) => !invitesOf.has(a)).length;
  const traces = parseChannelTraces(readFileSync(celFileOf(config.telephony.celFile, config.lab.dir, labCelPath(config)), 'utf8'));
  let unrecorded = 0;
  let noInvite = 0;
  for (const t of traces.byId.values()) {
    if (t.startedAt === null || t.startedAt < runStart || !t.name.startsWith('PJSIP/')) continue;
    if (!calls.get(t.id)) unrecorded++;
  }
  for (const a of rows) if (a.channelId && !traces.byId.has(a.channelId)) noInvite++;
  const mine = calls.search({ from: runStart, limit: 100_000 });
  const reconciled = new Map<string, number>();
  for (const a of rows) reconciled.set(a.reconciled ?? 'seen', (reconciled.get(a.reconciled ?? 'seen') ?? 0) + 1);
  return {
    invites: phoneCalls.length,
    attempts: rows.length,
    twice,
    wrong,
    wrongDetail: [...wrongKinds].map(([k, n]) => `${k}: ${n}`).join(', '),
    failedButKnown,
    droppedRinging,
    open: mine.filter((r) => r.endedAt === null).length,
    inbound: mine.filter((r) => r.direction === 'inbound').length,
    unrecorded,
    noInvite,
    unreached,
    cut: mine.filter((r) => r.reconciled === 'media-server-lost').length,
    reconciled: [...reconciled].map(([k, n]) => `${k} ${n}`).join(', '),
  };
}
