import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';
import { run, tailLines } from '../process/run.js';
import { labAudioDir } from './audio.js';
import { announcementTexts, earlyMediaClasses, earlyMediaVariants, type EarlyMediaClass, type EarlyMediaVariant } from './early-media-plan.js';
import { pcapFile, SAMPLES_PER_FRAME, ulawRtpPackets } from './pcap.js';

/** How the early-media recordings are made; a change here remakes them (the stamp is its hash). */
const recipe = {
  v: 3,
  // "Hello? Who is it?" then silence (as audio.ts's human.pcap): the person who answers after ring-back or music.
  person: { leadMs: 200, text: '喂，谁呀', tailMs: 8000 },
  texts: announcementTexts,
  gapMs: 400,
  ringBack: { hz: 450, onMs: 1000, offMs: 4000, vol: 0.3 },
  // A plucked tune (C major, 0.3 s a note) stands in for colour ring-back (彩铃).
  music: { noteMs: 300, notes: [523, 659, 784, 659, 698, 880, 784, 659, 587, 698, 659, 523, 587, 494, 523, 392, 523], vol: 0.5 },
  noiseVol: 0.05,
  midSentenceCutS: 1.2,
};

/** Durations in ms of every early-media pcap, by file name relative to the audio directory (what the scenario waits). */
export type EarlyMediaManifest = Record<string, number>;

async function tool(cmd: string, argv: string[]): Promise<void> {
  // No dither from sox: silence stays digital silence, as a carrier's recordings have it.
  const args = cmd === 'sox' ? ['-D', ...argv] : argv;
  let r;
  try {
    r = await run(cmd, args, { timeoutMs: 60_000 });
  } catch (error) {
    throw new HotlineError('LAB_AUDIO_FAILED', `cannot run ${cmd}: ${(error as Error).message} (install espeak-ng and sox)`, { error });
  }
  if (r.code !== 0) throw new HotlineError('LAB_AUDIO_FAILED', `${cmd} ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${tailLines(r.stderr || r.stdout, 10)}`);
}

const pcm8k = ['-r', '8000', '-c', '1', '-e', 'signed', '-b', '16', '-t', 'raw'];
const trimSilence = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'];

async function speak(work: string, name: string, voice: string, text: string): Promise<string> {
  const wav = join(work, `${name}.wav`);
  const raw = join(work, `${name}.raw`);
  await tool('espeak-ng', ['-v', voice, '-w', wav, text]);
  await tool('sox', [wav, ...pcm8k, raw, ...trimSilence]);
  return raw;
}

async function silence(work: string, name: string, ms: number): Promise<string> {
  const raw = join(work, `${name}.raw`);
  writeFileSync(raw, Buffer.alloc(Math.round(ms * 8) * 2));
  return raw;
}

async function ringBack(work: string): Promise<string> {
  const tone = join(work, 'rb-tone.raw');
  const out = join(work, 'ring-back.raw');
  await tool('sox', ['-n', ...pcm8k, tone, 'synth', String(recipe.ringBack.onMs / 1000), 'sine', String(recipe.ringBack.hz), 'vol', String(recipe.ringBack.vol)]);
  await concat([tone, await silence(work, 'rb-off', recipe.ringBack.offMs)], out);
  return out;
}

async function music(work: string): Promise<string> {
  const notes: string[] = [];
  for (const [i, hz] of recipe.music.notes.entries()) {
    const f = join(work, `note${i}.raw`);
    await tool('sox', ['-n', ...pcm8k, f, 'synth', String(recipe.music.noteMs / 1000), 'pluck', String(hz), 'vol', String(recipe.music.vol)]);
    notes.push(f);
  }
  const out = join(work, 'music.raw');
  await concat(notes, out);
  return out;
}

async function concat(parts: string[], out: string): Promise<void> {
  writeFileSync(out, Buffer.concat(parts.map((p) => readFileSync(p))));
}

/** The class's announcement as 8 kHz PCM: Mandarin, a gap, English, a gap, the Mandarin again. */
async function announcement(work: string, cls: EarlyMediaClass): Promise<string> {
  const zh = await speak(work, `${cls}-zh`, 'cmn', announcementTexts[cls].zh);
  const en = await speak(work, `${cls}-en`, 'en', announcementTexts[cls].en);
  const gap = await silence(work, 'gap', recipe.gapMs);
  const out = join(work, `${cls}.raw`);
  await concat([zh, gap, en, gap, zh], out);
  return out;
}

/** A variant of an announcement, encoded as the carrier sends it (µ-law, or A-law for the alaw variant). */
async function variant(work: string, base: string, ring: string, cls: EarlyMediaClass, v: EarlyMediaVariant): Promise<{ bytes: Buffer; alaw: boolean }> {
  const src = ['-t', 'raw', '-r', '8000', '-c', '1', '-e', 'signed', '-b', '16'];
  const out = join(work, `${cls}-${v}.g711`);
  const enc = (alaw: boolean) => ['-t', 'raw', '-r', '8000', '-c', '1', '-e', alaw ? 'a-law' : 'u-law', out];
  switch (v) {
    case 'clean':
      await tool('sox', [...src, base, ...enc(false)]);
      break;
    case 'minus-12db':
      await tool('sox', [...src, base, ...enc(false), 'gain', '-12']);
      break;
    case 'noise': {
      const noise = join(work, `${cls}-noise.raw`);
      const seconds = readFileSync(base).length / 16000;
      await tool('sox', ['-n', ...pcm8k, noise, 'synth', String(seconds), 'whitenoise', 'vol', String(recipe.noiseVol)]);
      await tool('sox', ['-m', ...src, base, ...src, noise, ...enc(false)]);
      break;
    }
    case 'ring-back-lead-in': {
      const joined = join(work, `${cls}-lead.raw`);
      await concat([ring, base], joined);
      await tool('sox', [...src, joined, ...enc(false)]);
      break;
    }
    case 'alaw':
      await tool('sox', [...src, base, ...enc(true)]);
      break;
    case 'mid-sentence':
      await tool('sox', [...src, base, ...enc(false), 'trim', String(recipe.midSentenceCutS)]);
      break;
  }
  return { bytes: readFileSync(out), alaw: v === 'alaw' };
}

// Early media is its own RTP source: when a person answers after ring-back, carrier.xml plays human.pcap (SSRC
// 0x484c4e31, sequence from 1), and Asterisk drops a stream that goes back in sequence under the same SSRC.
const EARLY_SSRC = 0x45414d31;

/** G.711 bytes as an RTP pcap: PT 0, or PT 8 for A-law (padded with A-law silence to whole frames). */
function g711Pcap(bytes: Uint8Array, alaw: boolean): Buffer {
  if (!alaw) return pcapFile(ulawRtpPackets(bytes, { ssrc: EARLY_SSRC }));
  const whole = new Uint8Array(Math.ceil(bytes.length / SAMPLES_PER_FRAME) * SAMPLES_PER_FRAME).fill(0xd5);
  whole.set(bytes);
  return pcapFile(ulawRtpPackets(whole, { ssrc: EARLY_SSRC }).map((p) => ({ ...p, payloadType: 8 })));
}

function durationMs(bytes: Uint8Array): number {
  return Math.ceil(bytes.length / SAMPLES_PER_FRAME) * 20;
}

/** Where the early-media recordings live: `${labDir}/audio/early` (the carrier runs in `${labDir}/audio`). */
export function earlyMediaDir(labDir: string): string {
  return join(labAudioDir(labDir), 'early');
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Makes the early-media recordings (espeak-ng and sox, at lab setup time; never committed) unless the directory holds
 * this recipe's already, and returns their durations. Its own stamp, apart from audio.ts's, so worktrees with older
 * lab audio recipes do not remake each other's files.
 */
export async function prepareEarlyMediaAudio(labDir: string): Promise<EarlyMediaManifest> {
  const dir = earlyMediaDir(labDir);
  const stampFile = join(dir, '.stamp');
  const manifestFile = join(dir, 'manifest.json');
  const stamp = createHash('sha256').update(JSON.stringify(recipe)).digest('hex');
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && existsSync(manifestFile)) {
    return JSON.parse(readFileSync(manifestFile, 'utf8')) as EarlyMediaManifest;
  }
  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'hotline-early-'));
  const manifest: EarlyMediaManifest = {};
  const put = (name: string, bytes: Uint8Array, alaw = false) => {
    writeAtomic(join(dir, name), g711Pcap(bytes, alaw));
    manifest[`early/${name}`] = durationMs(bytes);
  };
  const toUlaw = async (raw: string) => {
    const out = `${raw}.ul`;
    await tool('sox', ['-t', 'raw', '-r', '8000', '-c', '1', '-e', 'signed', '-b', '16', raw, '-t', 'raw', '-e', 'u-law', out]);
    return readFileSync(out);
  };
  try {
    // One RTP stream from the 183 through the answer, as a carrier's media gateway sends it: the person's voice goes on
    // from the ring-back or music (the scene answers with 200 when they end) without a new source.
    const ring = await ringBack(work);
    const person = join(work, 'person.raw');
    await concat([await silence(work, 'p-lead', recipe.person.leadMs), await speak(work, 'person', 'cmn', recipe.person.text), await silence(work, 'p-tail', recipe.person.tailMs)], person);
    const tune = await music(work);
    manifest['early/ring-back.pcap'] = durationMs(await toUlaw(ring));
    manifest['early/music.pcap'] = durationMs(await toUlaw(tune));
    const ringThenPerson = join(work, 'rb-person.raw');
    await concat([ring, person], ringThenPerson);
    const musicThenPerson = join(work, 'music-person.raw');
    await concat([tune, person], musicThenPerson);
    writeAtomic(join(dir, 'ring-back-person.pcap'), g711Pcap(await toUlaw(ringThenPerson), false));
    writeAtomic(join(dir, 'music-person.pcap'), g711Pcap(await toUlaw(musicThenPerson), false));
    for (const cls of earlyMediaClasses) {
      const base = await announcement(work, cls);
      for (const v of earlyMediaVariants) {
        const { bytes, alaw } = await variant(work, base, ring, cls, v);
        put(`${cls}-${v}.pcap`, bytes, alaw);
      }
    }
    writeAtomic(manifestFile, JSON.stringify(manifest, null, 1));
    writeAtomic(stampFile, stamp);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  return manifest;
}
