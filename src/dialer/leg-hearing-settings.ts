import { z } from 'zod';

/**
 * The dialer's side of `announcements.hear` (LAB): whether every campaign leg is heard, and how long an answered
 * leg's hand-off may wait for the hearing. CORE's HearingOptions (src/announcements/hearing-settings.ts) are the
 * classifier's keys under the same object.
 */
export const legHearingSettings = z.strictObject({
  /** Hear every outbound campaign leg from its first early-media packet. */
  enabled: z.boolean().default(true),
  /**
   * How long a live answer (after AMD when it runs) waits for the hearing to say "person" before it goes to an agent
   * or the flow anyway. It counts against the 2 s abandon time: at 1000 ms the lab's agents, who pick up after 1 s,
   * were reached too late and every call was abandoned (tests/lab/console.lab.test.ts). So by default a live answer
   * is not held: the hearing goes on beside the call and hangs up an announcement it recognises there.
   */
  answeredWaitMs: z.number().int().min(0).max(10_000).default(0),
  /**
   * A suspect live answer (no ring before it, speech before it, or a number announced before: answer-suspicion.ts)
   * waits this long at most for the hearing, which says "person" once a greeting is followed by a pause for the reply
   * (about 2 s after a "喂？") or after `afterAnswerMs` of silence; an announcement is hung up. The 2 s abandon time
   * counts from the end of the hold, as it counts from AMD's verdict: the hold is the greeting being heard, never the
   * agent's wait. With no decision by then the answer goes on (the hearing failed or stopped).
   */
  suspectWaitMs: z.number().int().min(0).max(20_000).default(11_000),
  /**
   * An answering-machine verdict (AMD) waits this long for the hearing before the machine is hung up or given the
   * campaign's message: no one is waiting, and a carrier's answered announcement is what AMD calls a machine.
   */
  machineWaitMs: z.number().int().min(0).max(20_000).default(8000),
  /**
   * Hearing stops this long after the answer even with no decision: a conversation is not listened to. Longer than
   * the classifier's own bound after an answer (twice `afterAnswerMs` while someone talks on).
   */
  stopAfterAnswerMs: z.number().int().min(1000).max(60_000).default(12_000),
});

export type LegHearingSettings = z.infer<typeof legHearingSettings>;

/** The classifier's options out of `announcements.hear`, which holds the dialer's keys beside them. */
export function classifierOptions<T extends LegHearingSettings>(hear: T): Omit<T, keyof LegHearingSettings> {
  return Object.fromEntries(Object.entries(hear).filter(([key]) => !(key in legHearingSettings.shape))) as Omit<T, keyof LegHearingSettings>;
}
