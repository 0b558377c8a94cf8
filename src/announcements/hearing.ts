/**
 * The decision over one leg's early media: `(state, event, library, now) → {state, decision}`. Speech before the
 * answer, or speech in the first seconds after it that does not behave like a person (a short "喂？" and a pause for
 * the reply), is a carrier announcement: known as soon as it matches the library without a rival of another label,
 * unknown once there is enough speech to fingerprint. After an answer that is not suspect (it came after a ring:
 * answer-suspicion.ts) only a known announcement is: a person who talks on after picking up is not one. Ring-back,
 * music and silence are reported and never decided.
 * Pure apart from one economy: the state's audio buffers are shared between a state and the next, so a state is used
 * once (pass the returned state to the next call).
 */
import { answerSuspicion, type AnswerEvidence } from './answer-suspicion.js';
import { classifyWindow, SILENT_DB, type AudioClass } from './audio-class.js';
import { fingerprintOf, type Fingerprint } from './fingerprint.js';
import { frameFeatures, newScanner, type FrameFeatures, type FrameScanner } from './frame-features.js';
import { lastWords } from './last-words.js';
import { hearingOptionsSchema, type HearingOptions, type HearingOptionsInput } from './hearing-settings.js';
import type { AnnouncementLabel } from './labels.js';
import { rankAnnouncements, type KnownAnnouncement } from './library-match.js';
import { FRAME, SAMPLE_RATE } from './spectrum.js';

export type HearingEvent =
  | { type: 'audio'; pcm: Int16Array; at: number }
  /** 180 Ringing: the far end's phone rings (a person can answer after it). */
  | { type: 'ringing'; at: number }
  /** `announcedBefore`: an earlier attempt on the number ended on an announcement (answer-suspicion.ts). */
  | { type: 'answered'; at: number; announcedBefore?: boolean }
  | { type: 'ended'; at: number };

export type HearingDecision =
  | { kind: 'listening' }
  | { kind: 'ring-back' | 'music' | 'silence' }
  | {
      kind: 'announcement';
      known: { id: number; label: AnnouncementLabel | null; score: number } | null;
      audio: Int16Array;
      fingerprint: Fingerprint;
      firstAudioAt: number;
      decidedAt: number;
    }
  | { kind: 'person' };

/** Frames between two window classifications (256 ms) and frames in a window (1.5 s). */
const STEP = 8;
const WIN = 47;
const MIN_WIN = 16;
const STEP_MS = (STEP * FRAME * 1000) / SAMPLE_RATE;
const FRAME_MS = (FRAME * 1000) / SAMPLE_RATE;
/** A rival of another label agreeing on this share of the best one's hashes holds a known decision back (shared openings). */
const RIVAL_SHARE = 0.85;
/**
 * A known announcement is decided once this much speech was heard (or the leg ends): its opening may be shared. The
 * lab's recordings share 2.5-3 s (您拨打的电话已…); at 3 s, joined at the other phase of the 8 ms fingerprint frames
 * than the library's copy, 44 of 576 were filed under another label, none at 3.5 s (docs/benchmarks.md).
 */
const KNOWN_AFTER_MS = 3500;
/** Speech between two tries against the library. */
const RETRY_MS = 500;

interface Audio {
  buf: Int16Array;
  /** Samples in buf. */
  len: number;
  /** Absolute sample index of buf[0] (older audio was let go). */
  base: number;
}

export interface HearingState {
  readonly opts: HearingOptions;
  readonly audio: Audio;
  readonly scanner: FrameScanner;
  /** The latest frames (at most one window's worth) and how many frames were read in all. */
  readonly frames: readonly FrameFeatures[];
  readonly frameCount: number;
  readonly lastClass: AudioClass | null;
  readonly speechMs: number;
  readonly speechBeforeAnswerMs: number;
  /**
   * Speech before the answer since the last ring-back or music window: a colour ring-back song with words has windows
   * of speech, but it plays until a person answers; an announcement after the ring is speech up to the answer.
   */
  readonly speechSinceRingMs: number;
  /** Absolute sample where the first speech window began. */
  readonly speechStart: number | null;
  readonly sitSeen: boolean;
  /** A ringing event, or ring-back or colour ring-back heard, before the answer. */
  readonly rang: boolean;
  /** Whether the answer may be an answered announcement (answer-suspicion.ts); null before the answer. */
  readonly suspectAnswer: boolean | null;
  /** The tone being heard and for how many frames without a break. */
  readonly toneRun: { readonly name: string | null; readonly frames: number };
  readonly firstAudioAt: number | null;
  /** Absolute sample at the answer. */
  readonly answeredSample: number | null;
  /** After the answer: the current run of voiced frames (absolute frame indexes) and the loudest frame since. */
  readonly voice: { readonly start: number | null; readonly last: number | null; readonly loud: number; readonly voicedFrames: number };
  readonly triedAtSpeechMs: number;
  readonly final: HearingDecision | null;
}

export function initialHearing(opts: HearingOptionsInput | HearingOptions = {}): HearingState {
  return {
    opts: hearingOptionsSchema.parse(opts),
    audio: { buf: new Int16Array(SAMPLE_RATE * 4), len: 0, base: 0 },
    scanner: newScanner(),
    frames: [],
    frameCount: 0,
    lastClass: null,
    speechMs: 0,
    speechBeforeAnswerMs: 0,
    speechSinceRingMs: 0,
    speechStart: null,
    sitSeen: false,
    rang: false,
    suspectAnswer: null,
    toneRun: { name: null, frames: 0 },
    firstAudioAt: null,
    answeredSample: null,
    voice: { start: null, last: null, loud: -120, voicedFrames: 0 },
    triedAtSpeechMs: -Infinity,
    final: null,
  };
}

const end = (a: Audio): number => a.base + a.len;
const msOf = (samples: number): number => (samples * 1000) / SAMPLE_RATE;
const samplesOf = (ms: number): number => Math.round((ms * SAMPLE_RATE) / 1000);

/** Audio longer than this with no speech in it is let go, down to KEEP_S. */
const MAX_S = 30;
const KEEP_S = 16;

function append(a: Audio, pcm: Int16Array, keepFrom: number | null): Audio {
  let { buf, len, base } = a;
  if (len + pcm.length > MAX_S * SAMPLE_RATE) {
    const from = Math.max(len + pcm.length - KEEP_S * SAMPLE_RATE, 0);
    // The speech heard so far is kept for the fingerprint, up to twice the limit.
    const keep = keepFrom !== null && len + pcm.length <= 2 * MAX_S * SAMPLE_RATE;
    const drop = Math.min(len, keep ? Math.min(from, Math.max(0, keepFrom - base)) : from);
    buf = buf.slice(drop);
    len -= drop;
    base += drop;
  }
  if (len + pcm.length > buf.length) {
    const bigger = new Int16Array(Math.max(buf.length * 2, len + pcm.length));
    bigger.set(buf.subarray(0, len));
    buf = bigger;
  }
  buf.set(pcm, len);
  return { buf, len: len + pcm.length, base };
}

/**
 * The known announcements, or a function that reads them: called only when speech is tried against the library (a
 * shell reading its store on every 20 ms packet of every leg spent a tenth of its CPU on it).
 */
export type HearingLibraryArg = readonly KnownAnnouncement[] | (() => readonly KnownAnnouncement[]);

export function hear(state: HearingState, event: HearingEvent, library: HearingLibraryArg, now: number): { state: HearingState; decision: HearingDecision } {
  if (state.final) return { state, decision: state.final };
  let s = state;
  if (event.type === 'audio') s = scan({ ...s, firstAudioAt: s.firstAudioAt ?? event.at, audio: append(s.audio, event.pcm, s.speechStart) });
  if (event.type === 'ringing' && s.answeredSample === null) s = { ...s, rang: true };
  if (event.type === 'answered' && s.answeredSample === null) {
    s = { ...s, answeredSample: end(s.audio), suspectAnswer: answerSuspicion(answerEvidence(s, event.announcedBefore ?? false)).suspect };
  }
  const { decision, tried } = decide(s, event, library, now);
  if (tried) s = { ...s, triedAtSpeechMs: s.speechMs };
  return { state: decision.kind === 'announcement' || decision.kind === 'person' ? { ...s, final: decision } : s, decision };
}

/** Reads every whole frame not read yet, classifying a window every STEP frames. */
function scan(state: HearingState): HearingState {
  // A 20 ms packet is less than a 32 ms frame: on about a third of the packets there is no whole frame to read.
  if ((state.frameCount + 1) * FRAME > end(state.audio)) return state;
  let s = state;
  const frames = [...s.frames];
  let count = s.frameCount;
  let { speechMs, speechBeforeAnswerMs, speechSinceRingMs, speechStart, sitSeen, lastClass, voice, toneRun, rang } = s;
  const a = s.audio;
  for (let at = count * FRAME; at + FRAME <= end(a); at += FRAME) {
    const f = frameFeatures(a.buf, at - a.base, s.scanner, s.opts.cadences);
    frames.push(f);
    if (frames.length > WIN) frames.shift();
    // One frame without the tone (a dropped packet, a click) does not end its burst.
    const bridged = !f.tone && toneRun.name !== null && frames.at(-2)?.tone === toneRun.name;
    toneRun = f.tone ? { name: f.tone, frames: f.tone === toneRun.name ? toneRun.frames + 1 : 1 } : bridged ? toneRun : { name: null, frames: 0 };
    count++;
    if (s.answeredSample !== null && at >= s.answeredSample) voice = trackVoice(voice, f, count - 1);
    if (count % STEP !== 0 || frames.length < MIN_WIN) continue;
    lastClass = classifyWindow(frames, s.opts.cadences);
    // The cadence's on time is data too: a tone held much longer than any of its bursts is not ring-back.
    const c = lastClass === 'ring-back' ? s.opts.cadences.find((x) => x.name === toneRun.name) : undefined;
    if (c && toneRun.frames * FRAME_MS > 1.5 * Math.max(...c.on)) lastClass = 'tone';
    if (lastClass === 'sit') sitSeen = true;
    if ((lastClass === 'ring-back' || lastClass === 'music') && s.answeredSample === null) {
      rang = true;
      speechSinceRingMs = 0;
    }
    if (lastClass === 'speech') {
      speechMs += STEP_MS;
      if (s.answeredSample === null) {
        speechBeforeAnswerMs += STEP_MS;
        speechSinceRingMs += STEP_MS;
      }
      speechStart ??= (count - frames.length) * FRAME;
    }
  }
  s = { ...s, frames, frameCount: count, speechMs, speechBeforeAnswerMs, speechStart, sitSeen, lastClass, voice, toneRun, rang, speechSinceRingMs };
  return s;
}

/** A voiced frame after the answer: near the loudest frame so far, and not a tone. */
function trackVoice(v: HearingState['voice'], f: FrameFeatures, index: number): HearingState['voice'] {
  const loud = Math.max(v.loud, f.tone ? -120 : f.db);
  const voiced = !f.tone && f.db >= Math.max(SILENT_DB, loud - 20) && f.flat < 0.35;
  if (!voiced) return { ...v, loud };
  return { start: v.start ?? index, last: index, loud, voicedFrames: v.voicedFrames + 1 };
}

/** What the leg heard before its answer, for answerSuspicion (the shell adds what it knows of the number). */
export function answerEvidence(s: HearingState, announcedBefore: boolean): AnswerEvidence {
  return { rang: s.rang, speechBeforeAnswerMs: s.speechSinceRingMs, announcedBefore };
}

/** 'known-only': speech goes on after an answer that is not suspect; only a match with the library decides it. */
type Verdict = 'announcing' | 'known-only' | 'person' | 'open';

/** Whether the leg is hearing an announcement, a person, or cannot tell yet. */
function verdict(s: HearingState): Verdict {
  const o = s.opts;
  if (s.speechBeforeAnswerMs >= o.minSpeechMs || (s.sitSeen && s.speechMs > 0)) return 'announcing';
  if (s.answeredSample === null) return 'open';
  const heardMs = msOf(end(s.audio) - s.answeredSample);
  const { last, voicedFrames } = s.voice;
  if (last !== null) {
    const voicedMs = voicedFrames * FRAME_MS;
    const pauseMs = (s.frameCount - 1 - last) * FRAME_MS;
    // A person says something short and waits for the reply; a recording goes on talking.
    if (pauseMs >= o.personPauseMs && voicedMs < o.answeredSpeechMs) return 'person';
    if (voicedMs >= o.answeredSpeechMs && s.speechMs >= STEP_MS * 2) {
      // After a ring it is a person who talks on, unless the words are a known announcement; heard out as below.
      if (s.suspectAnswer !== false) return 'announcing';
      if (pauseMs >= o.personPauseMs) return heardMs >= o.afterAnswerMs ? 'person' : 'known-only';
      return heardMs >= 2 * o.afterAnswerMs ? 'person' : 'known-only';
    }
    // Someone still talking is heard out (until a pause or enough speech), but not for ever.
    // After a ring the library is tried on the speech meanwhile: a known announcement need not talk on for 4 s.
    if (pauseMs < o.personPauseMs) return heardMs >= 2 * o.afterAnswerMs ? 'person' : s.suspectAnswer === false ? 'known-only' : 'open';
  }
  return heardMs >= o.afterAnswerMs ? 'person' : 'open';
}

function decide(s: HearingState, event: HearingEvent, library: HearingLibraryArg, now: number): { decision: HearingDecision; tried: boolean } {
  const o = s.opts;
  const v = verdict(s);
  if (v === 'person') return { decision: { kind: 'person' }, tried: false };
  const ended = event.type === 'ended';
  // A leg that ends after an answer without an announcement was someone (or something) AMD and the call decide.
  if (ended && v !== 'announcing' && s.answeredSample !== null) return { decision: { kind: 'person' }, tried: false };
  if (v === 'announcing' || v === 'known-only' || (ended && s.speechMs >= o.minSpeechMs)) {
    const enough = v !== 'known-only' && (s.speechMs >= o.unknownAfterMs || ended);
    const last = s.speechMs >= o.decideByMs || ended;
    if (s.speechMs >= o.minSpeechMs && (last || s.speechMs - s.triedAtSpeechMs >= RETRY_MS)) {
      return { decision: tryDecide(s, typeof library === 'function' ? library() : library, enough, last, now) ?? { kind: 'listening' }, tried: true };
    }
    return { decision: { kind: 'listening' }, tried: false };
  }
  const c = s.lastClass;
  return { decision: c === 'ring-back' || c === 'music' || c === 'silence' ? { kind: c } : { kind: 'listening' }, tried: false };
}

/** The announcement decision when the library settles it, or when enough speech was heard to keep it as unknown. */
function tryDecide(s: HearingState, library: readonly KnownAnnouncement[], enough: boolean, last: boolean, now: number): HearingDecision | null {
  const a = s.audio;
  const from = Math.max(a.base, (s.speechStart ?? a.base) - samplesOf(500), end(a) - samplesOf(s.opts.keepAudioMs));
  const audio = a.buf.slice(from - a.base, a.len);
  const fingerprint = fingerprintOf(audio);
  const matches = rankAnnouncements(fingerprint, library, s.opts.matchThreshold);
  if (matches.length > 0 && !last && s.speechMs < KNOWN_AFTER_MS) return null;
  const { ranked, contested } = lastWords(audio, matches, library);
  const best = ranked[0];
  const rival = best ? ranked.find((r) => r.label !== best.label && r.matched >= best.matched * RIVAL_SHARE) : undefined;
  // Unknown once there is enough speech; known as soon as it matches, unless a rival of another label agrees almost
  // as well, or the last words do not yet tell the best one from another (the words that tell them apart are still
  // to come): then until decideByMs.
  if (!best ? !enough : (rival || contested) && !last) return null;
  const known = best ? { id: best.id, label: best.label, score: best.score } : null;
  return { kind: 'announcement', known, audio, fingerprint, firstAudioAt: s.firstAudioAt ?? now, decidedAt: now };
}
