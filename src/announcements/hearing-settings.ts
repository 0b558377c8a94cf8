/**
 * How a leg's early media is heard (config key `announcements.hear`). Durations are of audio, in ms.
 */
import { z } from 'zod';
import { DEFAULT_MATCH_THRESHOLD } from './library-match.js';
import { ringBackCadences } from './tones.js';

const cadence = z.strictObject({
  name: z.string().min(1),
  freqs: z.array(z.number().min(100).max(3400)).min(1).max(2),
  on: z.array(z.number().int().min(100).max(5000)).min(1),
  off: z.number().int().min(0).max(10_000),
});

export const hearingOptionsSchema = z.strictObject({
  /** Similarity at or above which a heard announcement is the known one. */
  matchThreshold: z.number().min(0.01).max(1).default(DEFAULT_MATCH_THRESHOLD),
  /** Speech heard before a known announcement may be decided. */
  minSpeechMs: z.number().int().min(300).max(10_000).default(2000),
  /** Speech after which an announcement that matches nothing is decided as unknown (enough to fingerprint). */
  unknownAfterMs: z.number().int().min(1000).max(15_000).default(4500),
  /** Speech after which a known announcement is decided even with a rival of another label still close. */
  decideByMs: z.number().int().min(1000).max(15_000).default(9000),
  /** After an answer: this much speech, with no pause a person would leave for a reply, is an announcement. */
  answeredSpeechMs: z.number().int().min(1000).max(10_000).default(4000),
  /** After an answer: a pause this long after a short utterance ("喂？") is a person waiting for a reply. */
  personPauseMs: z.number().int().min(300).max(5000).default(1500),
  /** After an answer: with no announcement by then, the answer is left to AMD and the agent (twice this while someone is still talking). */
  afterAnswerMs: z.number().int().min(1000).max(15_000).default(5000),
  /** Audio kept with an announcement decision (and stored with a new one). */
  keepAudioMs: z.number().int().min(1000).max(15_000).default(15_000),
  /** Ring-back cadences besides (instead of) the built-in table. */
  cadences: z.array(cadence).default(ringBackCadences.map((c) => ({ ...c, freqs: [...c.freqs], on: [...c.on] }))),
});
export type HearingOptions = z.infer<typeof hearingOptionsSchema>;
export type HearingOptionsInput = z.input<typeof hearingOptionsSchema>;
