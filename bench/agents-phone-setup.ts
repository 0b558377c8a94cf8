/**
 * Issue 13's set-up times, through the API as a supervisor would drive them, on the lab: one caller to the 400
 * hotline talks to SIPp agent 1001; `--reps` times each: an attended consult to 1002 (then cancelled), a blind transfer
 * (back and forth between 1001 and 1002), a monitor start (listen, ringing the supervisor's SIPp phone 1003; then
 * stopped) and a mode switch (listen → whisper → barge → listen …). Every SIPp phone answers at once. The baseline, in
 * the same run: ARI originating a channel to the same kind of SIPp phone until it is up (ring + answer, polled every
 * 2 ms), which every transfer and every monitor start contains.
 * Run as root, in slot 0 of the lab: `npx tsx bench/agents-phone-setup.ts [--reps 30]`; it prints the
 * markdown table for docs/benchmarks.md.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { labDown, labUp } from '../src/lab/lab.js';
import { percentile } from '../src/lab/tone-onsets.js';
import { ulawTone } from '../src/lab/tone.js';
import { labConfig, waitFor } from '../tests/lab/support.js';
import { startPhoneLab } from './agents-phone-lab.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const reps = num('--reps', 30);
const heading = '### Transfer and snoop set-up (issue 13)';

const base = labConfig();
await labUp(base, { progress: () => undefined });
const p = await startPhoneLab(['1001', '1002'], '1003');
const { s, ari, api } = p;
const samples = new Map<string, number[]>();
const add = (what: string, ms: number) => samples.set(what, [...(samples.get(what) ?? []), ms]);
const ready = (id: string) => waitFor(() => s.acd.agentList().find((a) => a.id === id)?.state === 'ready', 10_000, `agent ${id} ready`);
const noSupervisorLegs = () => waitFor(async () => !(await ari<{ id: string }[]>('GET', '/channels')).some((c) => c.id.startsWith('sv-')) || undefined, 10_000, 'the supervisor legs gone');
/** Retries while the service still settles the previous step (a reserve not yet released, a leg not yet gone). */
async function step(what: string, method: string, path: string, body: unknown, ok: (j: Record<string, unknown>) => boolean): Promise<Record<string, unknown>> {
  for (let i = 0; ; i++) {
    const r = await api(method, path, body);
    if (r.status === 200 && ok(r.json)) {
      add(what, r.ms);
      return r.json;
    }
    if (i >= 20) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.json)}`);
    await sleep(100);
  }
}

let wallS = 0;
let againNote = '';
try {
  // Baseline: ring and answer a SIPp phone from ARI, nothing else.
  const dial = s.phones.dialStringOf('1002');
  for (let i = 0; i < reps; i++) {
    // A hearing helper's prefix: the service's reconciler leaves such a channel alone.
    const id = `em-ext-base-${i}`;
    const t0 = performance.now();
    await ari('POST', `/channels?${new URLSearchParams({ endpoint: dial, app: p.config.ari.app, appArgs: 'early-media', channelId: id, timeout: '10' }).toString()}`);
    for (;;) {
      const c = await ari<{ state: string }>('GET', `/channels/${id}`).catch(() => undefined);
      if (c?.state === 'Up') break;
      await sleep(2);
    }
    add('baseline: ARI ring + answer of a SIPp phone', performance.now() - t0);
    await ari('DELETE', `/channels/${id}`).catch(() => undefined);
    await sleep(150);
  }

  const t0 = Date.now();
  must(s.acd.agentEvent('1002', { type: 'pause', reason: 'bench' }));
  const call = await p.bridgedCall('13800138000', ulawTone(1000, 600_000), 600_000);
  must(s.acd.agentEvent('1002', { type: 'ready' }));
  const path = `/calls/${call.caller}`;

  for (let i = 0; i < reps; i++) {
    const c = await step('attended: consult (caller on hold, ring, answer, bridge)', 'POST', `${path}/transfer`, { target: { kind: 'agent', agentId: '1002' }, mode: 'consult' }, (j) => j['state'] === 'consulting');
    await step('attended: cancel (back to the caller)', 'POST', `${path}/transfer/cancel`, undefined, (j) => j['state'] === 'talking');
    await waitFor(() => s.repo.get(c['legId'] as string)?.endedAt, 10_000, 'the consult leg closed');
    await ready('1002');
  }

  for (let i = 0; i < reps; i++) {
    const r = await step('monitor start: listen (ring the supervisor, snoop, bridge)', 'POST', `${path}/monitor`, { mode: 'listen', endpoint: '1003' }, (j) => j['mode'] === 'listen');
    add('monitor start: listen, as the service times it', r['setupMs'] as number);
    await step('monitor stop', 'DELETE', `${path}/monitor`, undefined, (j) => j['mode'] === null);
    await noSupervisorLegs();
  }

  await step('monitor start: listen (ring the supervisor, snoop, bridge)', 'POST', `${path}/monitor`, { mode: 'listen', endpoint: '1003' }, (j) => j['mode'] === 'listen');
  const modes = ['whisper', 'barge', 'listen'] as const;
  for (let i = 0; i < reps * modes.length; i++) {
    const mode = modes[i % modes.length]!;
    const from = modes[(i + modes.length - 1) % modes.length]!;
    const r = await step(`mode switch ${from} → ${mode}`, 'PATCH', `${path}/monitor`, { mode }, (j) => j['mode'] === mode);
    add(`mode switch ${from} → ${mode}, as the service times it`, r['setupMs'] as number);
  }
  await step('monitor stop', 'DELETE', `${path}/monitor`, undefined, (j) => j['mode'] === null);
  await noSupervisorLegs();

  wallS = (Date.now() - t0) / 1000;
  await ari('DELETE', `/channels/${call.caller}`).catch(() => undefined);
  await call.done.catch(() => undefined);

  // A blind transfer hands the caller over for good, so each one is a call of its own, to whichever agent is free.
  for (let i = 0; i < reps; i++) {
    await Promise.all([ready('1001'), ready('1002')]);
    const t1 = Date.now();
    const c = await p.bridgedCall(`1380013${String(8100 + i)}`, ulawTone(1000, 30_000), 30_000);
    const to = c.agentId === '1001' ? '1002' : '1001';
    await step('blind transfer (caller on hold, ring, answer, hand over)', 'POST', `/calls/${c.caller}/transfer`, { target: { kind: 'agent', agentId: to } }, (j) => j['state'] === 'transferred');
    if (i === 0) {
      const again = await api('POST', `/calls/${c.caller}/transfer`, { target: { kind: 'agent', agentId: c.agentId } });
      againNote = `${again.status} ${String(again.json['code'] ?? again.json['state'])}`;
    }
    await ari('DELETE', `/channels/${c.caller}`).catch(() => undefined);
    await c.done.catch(() => undefined);
    wallS += (Date.now() - t1) / 1000;
  }
} finally {
  await p.lab.stop();
  await labDown(base);
}

function must(r: unknown): void {
  if (r instanceof Error) throw r;
}

const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' / ');
out(`${heading} (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version}, 2 cores shared with other helpers' lab runs, load ${load})`);
out('');
out(`One caller to the 400 hotline talking to SIPp agent 1001, all driven through the API with a supervisor token; every SIPp phone answers at once. Wall time of each request (localhost HTTP included) unless it says "as the service times it". ${reps} repetitions each, in one run of ${wallS.toFixed(0)} s; the baseline (first row) in the same run.`);
out('');
out('| step | n | p50 | p95 | max |');
out('|---|---:|---:|---:|---:|');
for (const [what, xs] of samples) out(`| ${what} | ${xs.length} | ${percentile(xs, 50).toFixed(1)} ms | ${percentile(xs, 95).toFixed(1)} ms | ${Math.max(...xs).toFixed(1)} ms |`);
out('');
out(`A second blind transfer of a call already transferred once: ${againNote}.`);
// A handle left open (not traced) keeps the process up once the run is over: end it here.
process.exit(0);
