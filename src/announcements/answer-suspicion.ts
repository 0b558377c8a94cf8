/**
 * Whether an answer may be a carrier's answered announcement (200 OK, then a recording) rather than a person. Pure;
 * the rules are data. A person needs the phone to ring before they can pick it up, so a real answer comes after a
 * 180 Ringing or a ring-back (or colour ring-back) heard in early media; carriers that answer to play an announcement
 * answer at once, with no ring (the lab carrier's 139 0001 3x numbers: 100 Trying, then 200). Speech already heard
 * before the answer is an announcement going on, and a number whose earlier attempt was announced is likely to be
 * announced again. A suspect answer is held for the hearing (src/dialer/campaign-call.ts) and its speech alone can
 * make it an announcement; any other answer connects at once, and only a known announcement is taken out of it.
 */

export interface AnswerEvidence {
  /** A 180 Ringing, or ring-back or colour ring-back heard in early media, before the answer. */
  readonly rang: boolean;
  /** Speech heard in early media before the answer, since the last ring-back or colour ring-back (a song has words). */
  readonly speechBeforeAnswerMs: number;
  /** An earlier attempt on the number ended on a carrier announcement. */
  readonly announcedBefore: boolean;
}

export type SuspectReason = 'no-ring' | 'speech-before-answer' | 'announced-before';

/**
 * Speech before the answer that makes it suspect: a second (four windows of the classifier), so the first syllable of
 * a person's "喂" that reaches us a few ms before Asterisk's answer event does not.
 */
export const SPEECH_BEFORE_ANSWER_MS = 1000;

export const suspectRules: ReadonlyArray<{ readonly reason: SuspectReason; readonly holds: (e: AnswerEvidence) => boolean }> = [
  { reason: 'no-ring', holds: (e) => !e.rang },
  { reason: 'speech-before-answer', holds: (e) => e.speechBeforeAnswerMs >= SPEECH_BEFORE_ANSWER_MS },
  { reason: 'announced-before', holds: (e) => e.announcedBefore },
];

export interface AnswerSuspicion {
  readonly suspect: boolean;
  readonly reasons: readonly SuspectReason[];
}

export function answerSuspicion(e: AnswerEvidence): AnswerSuspicion {
  const reasons = suspectRules.filter((r) => r.holds(e)).map((r) => r.reason);
  return { suspect: reasons.length > 0, reasons };
}
