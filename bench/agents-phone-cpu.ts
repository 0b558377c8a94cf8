/**
 * Issue 13: Asterisk's CPU per call answered by a browser phone (headless Chromium with a fake microphone, JsSIP over
 * wss:// with DTLS-SRTP, as in tests/lab/browser-phone.lab.test.ts) against the same calls answered by SIPp agents'
 * desk phones (plain SIP, RTP in G.711), in one run: SIPp first, then the browsers, then SIPp again to bracket them.
 * Each phase: `--calls` callers to the 400 hotline press 1, queue and are answered by as many agents; once every one
 * talks, Asterisk's CPU (/proc/<pid>/stat, user + system) is read over `--seconds`; Asterisk's idle CPU with those
 * phones registered and no call (measured just before) is taken off. Chromium's own CPU is not counted.
 * Run as root, in slot 0 of the lab: `npx tsx bench/agents-phone-cpu.ts [--calls 3] [--seconds 30]`; prints the markdown.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Page } from 'playwright-core';
import { runningPid } from '../src/lab/asterisk-process.js';
import { labCli, labDown, labPaths, labUp } from '../src/lab/lab.js';
import { startAgentPhones } from '../src/lab/sipp-agents.js';
import { ulawTone, writeToneWav } from '../src/lab/tone.js';
import { TokensRepo } from '../src/store/tokens-repo.js';
import { launchChromium, openAs } from '../tests/browser/support.js';
import { labConfig, waitFor } from '../tests/lab/support.js';
import { startPhoneLab } from './agents-phone-lab.js';
import { benchCli } from './cli.js';
import { procStats } from './proc-stats.js';

const { num, out } = benchCli();
const calls = num('--calls', 3);
const seconds = num('--seconds', 30);
const heading = '### Asterisk CPU per call: browser phone against desk phone (issue 13)';
const ids = Array.from({ length: calls }, (_, i) => String(1001 + i));

const base = labConfig();
await labUp(base, { progress: () => undefined });
const pid = runningPid(labPaths(base));
if (!pid) throw new Error('the lab Asterisk is not running');
const p = await startPhoneLab(ids, '1004');
const { s } = p;
await Promise.all(p.lab.phones.map((ph) => ph.stop()));
p.lab.phones = [];
const dir = mkdtempSync(join(tmpdir(), 'hotline-bench-phone-'));
const mic = join(dir, 'mic.wav');
writeToneWav(mic, 440, 600_000);

interface Phase {
  phones: string;
  idleMsPerS: number;
  busyMsPerS: number;
  cpuSPerCallMin: number;
  formats: string;
}
const phases: Phase[] = [];
const cpuRate = async (ms: number) => {
  const a = procStats(pid).cpuMs;
  await sleep(ms);
  return (procStats(pid).cpuMs - a) / (ms / 1000);
};

/** Asterisk's codec facts of a channel: what the phone talks and whether Asterisk transcodes. */
async function formats(channelId: string): Promise<string> {
  const { name } = await p.ari<{ name: string }>('GET', `/channels/${channelId}`);
  const text = await labCli(p.config, `core show channel ${name}`);
  const pick = (key: string) => new RegExp(`${key}:\\s*(.*)`).exec(text)?.[1]?.trim() ?? '?';
  return `${pick('NativeFormats')}, transcode read ${pick('ReadTranscode')} write ${pick('WriteTranscode')}`;
}

/** One phase: the phones are ready; calls placed, answered (by `answer`), measured, hung up. */
async function phase(phones: string, answer: () => Promise<void>): Promise<void> {
  await sleep(3000);
  const idleMsPerS = await cpuRate(15_000);
  const answered = answer();
  const placed = await Promise.all(ids.map((_, i) => p.bridgedCall(`1380013${8000 + i}`, ulawTone(1000, (seconds + 60) * 1000), (seconds + 60) * 1000)));
  await answered;
  await sleep(1000);
  const busyMsPerS = await cpuRate(seconds * 1000);
  for (const c of placed) await waitFor(() => s.recordings.conversation(c.caller), 1000, 'a call still talking at the end of the window');
  const f = await formats(placed[0]!.leg);
  for (const c of placed) await p.ari('DELETE', `/channels/${c.caller}`).catch(() => undefined);
  await Promise.all(placed.map((c) => c.done.catch(() => undefined)));
  const cpuSPerCallMin = ((busyMsPerS - idleMsPerS) * 60) / 1000 / calls;
  phases.push({ phones, idleMsPerS, busyMsPerS, cpuSPerCallMin, formats: f });
  process.stderr.write(`${phones}: idle ${idleMsPerS.toFixed(1)} ms/s, busy ${busyMsPerS.toFixed(1)} ms/s, ${cpuSPerCallMin.toFixed(3)} CPU-s per call-minute (${f})\n`);
}

async function sippPhase(label: string): Promise<void> {
  p.lab.phones = await startAgentPhones(p.config, { answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' } }, { ids });
  await phase(label, async () => undefined);
  await Promise.all(p.lab.phones.map((ph) => ph.stop()));
  p.lab.phones = [];
}

async function browserPhase(): Promise<void> {
  const browser = await launchChromium({
    ignoreHTTPSErrors: true,
    args: ['--use-fake-device-for-media-stream', '--use-fake-ui-for-media-stream', `--use-file-for-fake-audio-capture=${mic}`, '--autoplay-policy=no-user-gesture-required', '--ignore-certificate-errors'],
  });
  try {
    const tokens = new TokensRepo(s.db);
    const pages: Page[] = [];
    for (const id of ids) {
      const page = await openAs(browser.context, p.lab.url, tokens.create({ name: `agent-${id}`, role: 'agent', agentId: id }, Date.now()).token, 'en', 'agent');
      await page.getByTestId('phone').waitFor();
      await page.locator('select[name=phoneKind]').selectOption('browser');
      await page.locator('[data-testid=phone-conn][data-conn=registered]').waitFor({ timeout: 30_000 });
      pages.push(page);
    }
    await waitFor(() => ids.every((id) => s.phones.kindOf(id) === 'browser'), 5000, 'every agent on the browser phone');
    const answer = async () => {
      await Promise.all(
        pages.map(async (page) => {
          await page.getByTestId('phone-ringing').waitFor({ timeout: 60_000 });
          await page.locator('[data-action=answer]').click();
          await page.locator('[data-testid=phone-call][data-call=talking]').waitFor({ timeout: 10_000 });
        }),
      );
    };
    await phase(`browser (Chromium, JsSIP, wss + DTLS-SRTP)`, answer);
  } finally {
    await browser.close();
    for (const id of ids) await s.phones.release(id).catch(() => undefined);
  }
}

try {
  await sippPhase('desk (SIPp, UDP + RTP)');
  await browserPhase();
  await sippPhase('desk again (SIPp, UDP + RTP)');
} finally {
  await p.lab.stop();
  await labDown(base);
  rmSync(dir, { recursive: true, force: true });
}

const desk = phases.filter((x) => x.phones.startsWith('desk'));
const deskMean = desk.reduce((a, x) => a + x.cpuSPerCallMin, 0) / desk.length;
const web = phases.find((x) => x.phones.startsWith('browser'))!;
const load = (await import('node:os')).loadavg().map((x) => x.toFixed(1)).join(' / ');
out(`${heading} (${new Date().toISOString().slice(0, 10)}, ${process.arch}, node ${process.version}, 2 cores shared with other helpers' lab runs, load ${load})`);
out('');
out(`${calls} calls at once per phase (small N: ${calls} headless Chromium pages are what the shared 2-core machine takes beside the lab), each a SIPp caller to the 400 hotline sending a 1 kHz tone, queued and answered by an agent; Asterisk's CPU over ${seconds} s of talk, minus its idle CPU with the same phones registered, same run.`);
out('');
out('| agents\' phones | Asterisk idle | Asterisk with the calls | CPU-s per call-minute | agent leg (Asterisk) |');
out('|---|---:|---:|---:|---|');
for (const x of phases) out(`| ${x.phones} | ${x.idleMsPerS.toFixed(1)} ms/s | ${x.busyMsPerS.toFixed(1)} ms/s | ${x.cpuSPerCallMin.toFixed(3)} | ${x.formats} |`);
out('');
out(`Browser against desk (mean of the two desk phases): ${(web.cpuSPerCallMin / deskMean).toFixed(2)}× (${web.cpuSPerCallMin.toFixed(3)} against ${deskMean.toFixed(3)} CPU-s per call-minute).`);
out('');
// A handle left open (not traced) keeps the process up once the run is over: end it here.
process.exit(0);
