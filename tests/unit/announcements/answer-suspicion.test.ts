import { describe, expect, it } from 'vitest';
import { answerSuspicion, SPEECH_BEFORE_ANSWER_MS, type AnswerEvidence, type SuspectReason } from '../../../src/announcements/answer-suspicion.js';

describe('answerSuspicion: whether an answer may be an answered announcement', () => {
  const person: AnswerEvidence = { rang: true, speechBeforeAnswerMs: 0, announcedBefore: false };
  it.each<[string, Partial<AnswerEvidence>, SuspectReason[]]>([
    ['a person after ring-back or a 180', {}, []],
    ['a person whose first syllable reached us before the answer event', { speechBeforeAnswerMs: 256 }, []],
    ['an answer with no ring before it (carriers answer at once to play a recording)', { rang: false }, ['no-ring']],
    ['an answer after a second of speech in early media', { speechBeforeAnswerMs: SPEECH_BEFORE_ANSWER_MS }, ['speech-before-answer']],
    ['an answer on a number an earlier attempt found announced', { announcedBefore: true }, ['announced-before']],
    ['all of them', { rang: false, speechBeforeAnswerMs: 4000, announcedBefore: true }, ['no-ring', 'speech-before-answer', 'announced-before']],
  ])('%s', (_, over, reasons) => {
    expect(answerSuspicion({ ...person, ...over })).toEqual({ suspect: reasons.length > 0, reasons });
  });
});
