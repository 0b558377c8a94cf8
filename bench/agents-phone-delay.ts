/**
 * Issue 13's audio one-way delay, with timestamped tone bursts: a SIPp caller to the 400 hotline, bridged to SIPp agent
 * 1001, sends 1 kHz bursts (200 ms on, 300 ms off). The bench listens at several points through its own ARI snoops
 * (tests/lab/snoop-ear.ts), every chunk stamped on one sub-millisecond clock as it arrives: what Asterisk reads from
 * the caller (the reference), what it sends the agent's phone (the bridge path), and what it sends the supervisor's
 * SIPp phone 1002 while listening (the snoop path) and then barging (the supervisor's leg in the bridge). Each burst's
 * onset at a point minus its onset at the reference is that path's delay inside Asterisk (src/lab/tone-onsets.ts).
 * The baseline, same run: a second ear on the reference itself, which is the measurement's own error (each ear is a
 * snoop read on its own 20 ms timer). Network and the phones' jitter buffers are outside it (all on loopback).
 * Run as root, in slot 0 of the lab: `npx tsx bench/agents-phone-delay.ts [--seconds 20]`; it prints the markdown.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { labDown, labUp } from '../src/lab/lab.js';
import { pairedDelays, percentile, toneOnsets } from '../src/lab/tone-onsets.js';
import { ulawSilence } from '../src/lab/pcap.js';
import { ulawTone } from '../src/lab/tone.js';
import { snoopEar, type Ear } from '../tests/lab/snoop-ear.js';
import { labConfig, waitFor } from '../tests/lab/support.js';
import { startPhoneLab } from './agents-phone-lab.js';
import { benchCli } from './cli.js';

const { num, out } = benchCli();
const seconds = num('--seconds', 20);
const heading = '### Audio one-way delay (issue 13)';
const hz = 1000;

/** `ms` of 200 ms bursts every 500 ms. */
function bursts(ms: number): Uint8Array {
  const one = new Uint8Array([...ulawTone(hz, 200), ...ulawSilence(300)]);
  const all = new Uint8Array(Math.ceil(ms / 500) * one.length);
  for (let i = 0; i < all.length; i += one.length) all.set(one, i);
  return all;
}

const now = () => performance.timeOrigin + performance.now();
const base = labConfig();
await labUp(base, { progress: () => undefined });
const p = await startPhoneLab(['1001'], '1002');
const ears: Ear[] = [];
const listen = async (channel: string, tag: string, spy: 'in' | 'out') => {
  const ear = await snoopEar(p.config, channel, tag, { spy, now });
  ears.push(ear);
  return ear;
};
const rows: { path: string; ms: number[]; bursts: number }[] = [];
try {
  const call = await p.bridgedCall('13800138000', bursts(2 * seconds * 1000 + 30_000), 2 * seconds * 1000 + 20_000);
  const reference = await listen(call.caller, 'd-ref', 'in');
  const again = await listen(call.caller, 'd-ref2', 'in');
  const agent = await listen(call.leg, 'd-agent', 'out');
  const started = await p.api('POST', `/calls/${call.caller}/monitor`, { mode: 'listen', endpoint: '1002' });
  if (started.status !== 200) throw new Error(`monitor: ${started.status} ${JSON.stringify(started.json)}`);
  const svLeg = await waitFor(async () => (await p.ari<{ id: string }[]>('GET', '/channels')).map((c) => c.id).find((id) => id.startsWith('sv-leg-')), 5000, "the supervisor's leg");
  const supervisor = await listen(svLeg, 'd-sv', 'out');
  await sleep(500);
  const l0 = now();
  await sleep(seconds * 1000);
  const l1 = now();
  const barged = await p.api('PATCH', `/calls/${call.caller}/monitor`, { mode: 'barge' });
  if (barged.status !== 200) throw new Error(`barge: ${barged.status} ${JSON.stringify(barged.json)}`);
  await sleep(500);
  const b0 = now();
  await sleep(seconds * 1000);
  const b1 = now();

  const onsets = (ear: Ear, from: number, to: number) => toneOnsets(ear.heard().filter((c) => c.at >= from && c.at < to), { hz });
  const window = { fromMs: -40, toMs: 250 };
  const measure = (path: string, ear: Ear, from: number, to: number) => {
    const sent = onsets(reference, from, to);
    rows.push({ path, ms: pairedDelays(sent, onsets(ear, from - 50, to + 300), window), bursts: sent.length });
  };
  measure('baseline: a second ear on the caller (the measurement error)', again, l0, b1);
  measure('bridge: caller → agent', agent, l0, l1);
  measure('snoop (listen): caller → supervisor', supervisor, l0, l1);
  measure('bridge while barging: caller → agent', agent, b0, b1);
  measure('barge (supervisor in the bridge): caller → supervisor', supervisor, b0, b1);
  await p.api('DELETE', `/calls/${call.caller}/monitor`);
  await p.ari('DELETE', `/channels/${call.caller}`).catch(() => undefined);
  await call.done.catch(() => undefined);
} finally {
  await Promise.all(ears.map((e) => e.close().catch(() => undefined)));
  await p.lab.stop();
  await labDown(base);
}

const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' / ');
out(`${heading} (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version}, 2 cores shared with other helpers' lab runs, load ${load})`);
out('');
out(`1 kHz bursts (200 ms on, 300 ms off) from a SIPp caller bridged to a SIPp agent; ${seconds} s listening, then ${seconds} s barging. Delay of each burst's onset (10 ms frames) after its onset in what Asterisk reads from the caller; the baseline row is a second ear on that same point, in the same run.`);
out('');
out('| path | bursts heard / sent | p50 | p95 | min | max |');
out('|---|---:|---:|---:|---:|---:|');
for (const r of rows) {
  const f = (x: number) => (Number.isFinite(x) ? `${x.toFixed(1)} ms` : '–');
  out(`| ${r.path} | ${r.ms.length} / ${r.bursts} | ${f(percentile(r.ms, 50))} | ${f(percentile(r.ms, 95))} | ${f(Math.min(...r.ms))} | ${f(Math.max(...r.ms))} |`);
}
out('');
// A handle left open (not traced) keeps the process up once the run is over: end it here.
process.exit(0);
