import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HotlineError } from '../errors.js';
import { run, tailLines } from '../process/run.js';
import { ulawPcap, ulawSilence, ulawWithKeysPcap, type StreamSegment } from './pcap.js';

/** What the far end says or sounds like, as the carrier plays it (file names are the ones carrier.xml uses). */
export interface AudioRecipe {
  file: string;
  parts: ReadonlyArray<AudioPart>;
}

/** One piece of a recording: speech, a tone or silence. */
export type AudioPart =
  | { kind: 'speech'; text: string }
  | { kind: 'key'; key: string }
  | { kind: 'tone'; hz: number; ms: number }
  | { kind: 'silence'; ms: number };

/**
 * The carrier's recordings. Every one ends in real silence packets: Asterisk's AMD decides on frames, and with no RTP
 * at all it ends NOTSURE/TOOLONG instead of HUMAN. The short lead-in lets AMD start before the first word.
 */
export const labRecordings: readonly AudioRecipe[] = [
  // "Hello? Who is it?": two words in 1 s, then silence, which AMD calls HUMAN. espeak's 喂，你好 is not used:
  // its syllables come out as four voiced bursts, and AMD (maximum_number_of_words = 3) calls that a MACHINE.
  { file: 'human.pcap', parts: [{ kind: 'silence', ms: 200 }, { kind: 'speech', text: '喂，谁呀' }, { kind: 'silence', ms: 6000 }] },
  // About 8 s of speech: AMD's MACHINE (too many words, too long a greeting), then the beep it announces.
  {
    file: 'machine.pcap',
    parts: [
      { kind: 'silence', ms: 200 },
      { kind: 'speech', text: '您好，您拨打的用户暂时无法接听，请在提示音后留言' },
      { kind: 'silence', ms: 300 },
      { kind: 'tone', hz: 1000, ms: 400 },
      { kind: 'silence', ms: 6000 },
    ],
  },
  // A customer who answers a survey: "hello?", then key 1 (or 2) about 10 s later, when the question has been asked
  // (after AMD, if the campaign runs it), then silence while the answer is recorded (real silence packets: with no RTP at all the recording's silence
  // detection never fires and it runs to its maximum).
  ...(['1', '2'] as const).map((key) => ({
    file: `survey${key}.pcap`,
    parts: [
      { kind: 'silence', ms: 200 },
      { kind: 'speech', text: '喂，谁呀' },
      { kind: 'silence', ms: 9000 },
      { kind: 'key', key },
      { kind: 'silence', ms: 40_000 },
    ] as const,
  })),
  // The fax answer tone (CED) that TONE_DETECT(2100) listens for.
  { file: 'fax.pcap', parts: [{ kind: 'silence', ms: 200 }, { kind: 'tone', hz: 2100, ms: 5000 }, { kind: 'silence', ms: 3000 }] },
];

/** The stamp that says the audio directory was made from these recipes; a changed recipe remakes it. */
export function audioStamp(recipes: readonly AudioRecipe[] = labRecordings): string {
  return createHash('sha256').update(JSON.stringify({ v: 1, recipes })).digest('hex');
}

/** Where the lab's test audio lives. */
export function labAudioDir(labDir: string): string {
  return join(labDir, 'audio');
}

async function tool(cmd: string, args: string[]): Promise<void> {
  let r;
  try {
    r = await run(cmd, args, { timeoutMs: 60_000 });
  } catch (error) {
    throw new HotlineError('LAB_AUDIO_FAILED', `cannot run ${cmd}: ${(error as Error).message} (install espeak-ng and sox)`, { error });
  }
  if (r.code !== 0) {
    throw new HotlineError('LAB_AUDIO_FAILED', `${cmd} ${args.join(' ')} failed (exit ${r.code ?? r.signal}):\n${tailLines(r.stderr || r.stdout, 10)}`);
  }
}

// 8 kHz mono u-law without a header: the bytes go straight into RTP payloads.
const ulawOut = ['-r', '8000', '-c', '1', '-e', 'u-law', '-t', 'raw'];

async function renderPart(part: Exclude<AudioPart, { kind: 'key' }>, work: string, n: number): Promise<Uint8Array> {
  if (part.kind === 'silence') return ulawSilence(part.ms);
  const out = join(work, `part${n}.ul`);
  if (part.kind === 'tone') {
    await tool('sox', ['-n', ...ulawOut, out, 'synth', String(part.ms / 1000), 'sine', String(part.hz), 'vol', '0.5']);
  } else {
    const wav = join(work, `part${n}.wav`);
    await tool('espeak-ng', ['-v', 'cmn', '-w', wav, part.text]);
    // espeak pads its output with silence; the recipe says exactly how much silence there is.
    const trim = ['silence', '1', '0.02', '0.5%', 'reverse', 'silence', '1', '0.02', '0.5%', 'reverse'];
    await tool('sox', [wav, ...ulawOut, out, ...trim]);
  }
  return readFileSync(out);
}

/**
 * Makes the carrier's recordings (8 kHz u-law RTP pcaps) in `${labDir}/audio/`. Does nothing when the directory
 * already holds this version; files appear by rename, so a crash leaves none half-written.
 *
 * SIPp's shipped DTMF captures (/usr/share/sip-tester/dtmf_2833_*.pcap, PT 101) are not used: each has one fixed
 * RTP timestamp per key, and Asterisk drops a key whose timestamp is not above the last one's, so "4,1" or "11"
 * would arrive as "4" and "1". Callers build their keys per call instead (see pcap.ts, dtmfKeyPackets).
 */
export async function prepareLabAudio(labDir: string): Promise<void> {
  const dir = labAudioDir(labDir);
  const stampFile = join(dir, '.stamp');
  const stamp = audioStamp();
  const files = labRecordings.map((r) => r.file);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp && files.every((f) => existsSync(join(dir, f)))) return;

  mkdirSync(dir, { recursive: true });
  const work = mkdtempSync(join(tmpdir(), 'hotline-audio-'));
  try {
    for (const recipe of labRecordings) {
      const segments: StreamSegment[] = [];
      for (const [i, part] of recipe.parts.entries()) segments.push(part.kind === 'key' ? { key: part.key } : { ulaw: await renderPart(part, work, i) });
      // Audio alone stays one plain stream (the recordings AMD was tuned on); keys need the mixed stream.
      const pcap = segments.every((g) => 'ulaw' in g)
        ? ulawPcap(Buffer.concat(segments.map((g) => (g as { ulaw: Uint8Array }).ulaw)))
        : ulawWithKeysPcap(segments);
      writeAtomic(join(dir, recipe.file), pcap);
    }
    writeAtomic(stampFile, stamp);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

function writeAtomic(path: string, data: Uint8Array | string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}
