/**
 * The generated corpus of bench/announcements.ts: carrier announcements rendered with espeak-ng and sox (Mandarin,
 * then English, then Mandarin, as carriers play them), their line variants, and the clips that must never be an
 * announcement (ring-back, colour ring-back music, people answering after ring-back). Work files live in a temp
 * directory the caller removes.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AnnouncementLabel } from '../src/announcements/labels.js';
import { cadence, chinaRingBack, concat, from, gain, music, noise, silence, viaAlaw, viaUlaw, withNoise } from '../tests/unit/announcements/audio-synth.js';

export const texts: Record<Exclude<AnnouncementLabel, 'other'>, [zh: string, en: string]> = {
  vacant: ['您拨打的号码是空号，请查证后再拨。', 'The number you dialed does not exist, please check it and dial again.'],
  suspended: ['您拨打的电话已停机。', 'The number you dialed has been suspended.'],
  'powered-off': ['您拨打的电话已关机。', 'The subscriber you dialed is power off.'],
  unreachable: ['您拨打的电话暂时无法接通，请稍后再拨。', 'The subscriber you dialed can not be connected for the moment, please redial later.'],
  busy: ['您拨打的电话正在通话中，请稍后再拨。', 'The subscriber you dialed is busy now, please redial later.'],
  restricted: ['您拨打的电话已设置呼入限制。', 'The number you dialed has restricted incoming calls.'],
  forwarding: ['您拨打的用户暂时无法接听，来电提醒服务将以短信通知机主。', 'The subscriber can not answer now, we will notify the subscriber of your call by SMS.'],
  connecting: ['请不要挂机，正在为您接通。', 'Please hold on, we are connecting your call.'],
};
export type Klass = keyof typeof texts;
export const classes = Object.keys(texts) as Klass[];

/** A speaker: espeak-ng speed (words a minute) and pitch (0–99). Each is a different carrier's recording. */
export const speakers = [
  { s: 150, p: 50 },
  { s: 175, p: 35 },
  { s: 135, p: 65 },
  { s: 190, p: 45 },
  { s: 160, p: 75 },
];

export const variants = ['clean', 'minus-12dB', 'noise', 'ring-back-lead-in', 'a-law', 'u-law', 'mid-sentence', 'answered'] as const;
export type Variant = (typeof variants)[number];

function readWav(path: string): Int16Array {
  const b = readFileSync(path);
  for (let o = 12; o + 8 <= b.length; ) {
    const id = b.toString('ascii', o, o + 4);
    const n = b.readUInt32LE(o + 4);
    if (id === 'data') return new Int16Array(b.buffer.slice(b.byteOffset + o + 8, b.byteOffset + o + 8 + n));
    o += 8 + n + (n & 1);
  }
  throw new Error(`${path}: no data chunk`);
}

/** espeak-ng then sox to 8 kHz mono 16-bit. */
export function say(dir: string, voice: string, text: string, sp: { s: number; p: number }, name: string): Int16Array {
  const raw = join(dir, `${name}.raw.wav`);
  const out = join(dir, `${name}.wav`);
  execFileSync('espeak-ng', ['-v', voice, '-s', String(sp.s), '-p', String(sp.p), '-w', raw, text]);
  execFileSync('sox', [raw, '-r', '8000', '-c', '1', '-b', '16', out]);
  return readWav(out);
}

/** Mandarin, English, Mandarin, as a carrier plays it. */
export function recording(dir: string, k: Klass, speaker: number): Int16Array {
  const sp = speakers[speaker]!;
  const zh = say(dir, 'cmn', texts[k][0], sp, `${k}-${speaker}-zh`);
  const en = say(dir, 'en', texts[k][1], sp, `${k}-${speaker}-en`);
  return concat(zh, silence(400), en, silence(400), zh);
}

export interface Clip {
  /** The class the clip truly is: an announcement label or a kind of clip that is never an announcement. */
  truth: Klass | 'ring-back' | 'music' | 'person';
  variant: string;
  pcm: Int16Array;
  /** Sample at which the far end answered, if it did. */
  answerAt: number | null;
}

export function announcementVariant(rec: Int16Array, v: Variant, seed: number): { pcm: Int16Array; answerAt: number | null } {
  switch (v) {
    case 'clean':
      return { pcm: rec, answerAt: null };
    case 'minus-12dB':
      return { pcm: gain(rec, -12), answerAt: null };
    case 'noise':
      return { pcm: withNoise(rec, -38, seed), answerAt: null };
    case 'ring-back-lead-in': {
      const lead = chinaRingBack(3000 + (seed % 5) * 1000);
      return { pcm: concat(lead, rec), answerAt: null };
    }
    case 'a-law':
      return { pcm: viaAlaw(rec), answerAt: null };
    case 'u-law':
      return { pcm: viaUlaw(gain(rec, -6)), answerAt: null };
    case 'mid-sentence': {
      // Joined 30–60 % into the recording; the carrier loops it.
      const ms = ((rec.length / 8) * (30 + (seed % 4) * 10)) / 100;
      return { pcm: concat(from(rec, ms), silence(500), rec), answerAt: null };
    }
    case 'answered':
      // 200 OK, then the announcement after a short silence.
      return { pcm: concat(silence(300), rec), answerAt: 0 };
  }
}

// espeak-ng speaks Mandarin slowly (about 2.5 characters a second): '喂，你好，请问你找哪位？' takes it 3–4 s, as long as
// a person's longest usual answer.
const greetings = ['喂？', '你好。', '喂，你好。', '喂，哪位？', '你好，请讲。', '喂，你好，请问你找哪位？'];

/** Clips that must never be an announcement. */
export function negatives(dir: string): Clip[] {
  const out: Clip[] = [];
  const lens = [6000, 9000, 12000, 15000, 20000];
  for (const [i, len] of lens.entries()) {
    out.push({ truth: 'ring-back', variant: `cn-${len}`, pcm: chinaRingBack(len), answerAt: null });
    out.push({ truth: 'ring-back', variant: `cn-noise-${len}`, pcm: withNoise(chinaRingBack(len, -20), -45, i), answerAt: null });
    out.push({ truth: 'ring-back', variant: `eu-${len}`, pcm: cadence([425], [1000], 4000, len), answerAt: null });
    out.push({ truth: 'ring-back', variant: `na-${len}`, pcm: viaUlaw(cadence([440, 480], [2000], 4000, len)), answerAt: null });
  }
  for (let seed = 1; seed <= 15; seed++) {
    const m = music(8000 + (seed % 4) * 2000, seed);
    out.push({ truth: 'music', variant: `music-${seed}`, pcm: seed % 3 === 0 ? viaAlaw(gain(m, -10)) : m, answerAt: null });
  }
  let n = 0;
  for (const [si, sp] of speakers.entries()) {
    for (const [gi, g] of greetings.entries()) {
      const hello = say(dir, 'cmn', g, sp, `hello-${si}-${gi}`);
      const ring = chinaRingBack(2000 + ((si + gi) % 4) * 2500);
      const before = (si + gi) % 3 === 0 ? music(4000, si * 10 + gi) : ring;
      // Answer, a breath, the greeting, a wait for the reply (with line noise on some), then the greeting again.
      const wait = (si + gi) % 2 ? silence(2500) : noise(2500, -50, si * 7 + gi);
      out.push({ truth: 'person', variant: `${(si + gi) % 3 === 0 ? 'music' : 'ring-back'}-then-${g}`, pcm: concat(before, silence(300), hello, wait, hello, silence(1500)), answerAt: before.length });
      n++;
    }
  }
  void n;
  // People who talk on right after picking up, with no pause of 1.5 s for a reply (5–12 s of espeak-ng Mandarin):
  // before issue 11's fix these were taken for answered announcements (more than 4 s of speech after the answer).
  for (const [si, sp] of speakers.entries()) {
    for (const [ti, t] of talks.entries()) {
      const talk = say(dir, 'cmn', t, sp, `talk-${si}-${ti}`);
      const before = (si + ti) % 2 ? music(4000, si * 10 + ti + 50) : chinaRingBack(2000 + ((si + ti) % 3) * 2500);
      out.push({ truth: 'person', variant: `${(si + ti) % 2 ? 'music' : 'ring-back'}-then-talking-on-${ti}`, pcm: concat(before, silence(300), talk, silence(3000)), answerAt: before.length });
    }
  }
  return out;
}

const talks = ['喂，你好，我现在在开车，不太方便，你有什么事就快点说吧。', '喂，哪位啊？我刚才在开会没听见，你是哪里打来的，有什么事吗？', '你好你好，我是老王，你是不是昨天打过电话给我的那个人？'];
