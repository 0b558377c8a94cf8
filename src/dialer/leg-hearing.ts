/**
 * Hears one outbound leg (the shell around CORE's pure `hear`): early media from the port goes into `hear` chunk by
 * chunk with the leg's answer and end; an announcement hangs the leg up at once (marked hung up by hotline) and is
 * reported, a person or the leg's end stops the hearing. Every resource the port took is freed when it stops.
 */
import type { Logger } from 'pino';
import type { TelephonyPort, Unsubscribe } from '../ari/port.js';
import type { hear as pureHear, HearingDecision, HearingEvent } from '../announcements/hearing.js';
import { answerEvidence, initialHearing } from '../announcements/hearing.js';
import { answerSuspicion, type AnswerSuspicion } from '../announcements/answer-suspicion.js';
import { letsItRun } from '../announcements/announcement-outcome.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import type { LegHearingSettings } from './leg-hearing-settings.js';

type Hear = typeof pureHear;
/** The library `hear` matches against (CORE's KnownAnnouncement[]), named through `hear` so no stand-in type leaks. */
export type HearingLibrary = Exclude<Parameters<Hear>[2], (...args: never[]) => unknown>;
export type AnnouncementDecision = Extract<HearingDecision, { kind: 'announcement' }>;
/** A decision that ends the hearing. */
export type FinalDecision = Extract<HearingDecision, { kind: 'announcement' | 'person' }>;

export interface LegHearingDeps {
  port: Pick<TelephonyPort, 'hearEarlyMedia' | 'hangup' | 'watchChannel'>;
  clock: Clock;
  hear: Hear;
  library: () => HearingLibrary;
  /** CORE's HearingOptions (config `announcements.hear`). */
  options: Parameters<typeof initialHearing>[0];
  settings: LegHearingSettings;
  /** Marks the leg as hung up by hotline (the recorder's markHangupByUs). */
  markHangupByUs: (channelId: string) => void;
  log: Logger;
}

export interface LegHearing {
  /** The final decision so far, if any. */
  readonly decision: FinalDecision | null;
  /** Whether an answer now may be an answered announcement, from what was heard before it (answer-suspicion.ts). */
  readonly suspicion: AnswerSuspicion;
  /** Resolves with the final decision, or null if none came within `maxMs` or before the hearing stopped. */
  settled(maxMs: number): Promise<FinalDecision | null>;
  stop(): Promise<void>;
}

/**
 * Starts hearing `channelId` (call it before the originate: the port then listens from the first packet).
 * `onAnnouncement` gets the decision after the hang-up was asked for. `announcedBefore`: an earlier attempt on the
 * number ended on an announcement, which makes its answer suspect.
 */
export async function hearLeg(
  d: LegHearingDeps,
  channelId: string,
  onAnnouncement: (decision: AnnouncementDecision) => void,
  announcedBefore = false,
): Promise<LegHearing> {
  let state = initialHearing(d.options);
  let decision: FinalDecision | null = null;
  let stopped = false;
  let stopPort: (() => Promise<void>) | null = null;
  let stopping: Promise<void> | null = null;
  let afterAnswer: ReturnType<Clock['setTimeout']> | null = null;
  const waiters = new Set<(d: FinalDecision | null) => void>();
  let unwatch: Unsubscribe = () => undefined;
  let heardSamples = 0;

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      stopped = true;
      unwatch();
      if (afterAnswer !== null) d.clock.clearTimeout(afterAnswer);
      for (const w of waiters) w(decision);
      waiters.clear();
      await stopPort?.().catch((err) => d.log.warn({ err, channelId }, 'stopping the hearing failed'));
      d.log.debug({ channelId, heardMs: heardSamples / 8, decision: decision?.kind ?? null }, 'hearing stopped');
    })();
    return stopping;
  };

  const decide = (final: FinalDecision) => {
    if (final.kind === 'announcement' && letsItRun(final.known?.label ?? null)) {
      // A service that connects after its words ("请不要挂机，正在为您接通"): the leg goes on, unheard from here.
      d.log.info({ channelId, knownId: final.known?.id ?? null }, 'announcement lets the call run');
      void stop();
      return;
    }
    decision = final;
    if (final.kind === 'announcement') {
      d.markHangupByUs(channelId);
      d.port.hangup(channelId).catch((err) => {
        if (!isHotlineError(err, 'CHANNEL_GONE')) d.log.warn({ err, channelId }, 'hang-up after an announcement failed');
      });
      d.log.info({ channelId, label: final.known?.label ?? null, knownId: final.known?.id ?? null, afterMs: final.decidedAt - final.firstAudioAt }, 'announcement heard; leg cancelled');
      try {
        onAnnouncement(final);
      } catch (err) {
        d.log.error({ err, channelId }, 'announcement callback threw');
      }
    }
    void stop();
  };

  const feed = (event: HearingEvent) => {
    if (stopped || decision) return;
    let out;
    try {
      // The library is read only if the speech is tried against it, not on every packet.
      out = d.hear(state, event, d.library, d.clock.now());
    } catch (err) {
      // The classifier is an aid: its failure leaves the leg to AMD and the cause table, as before.
      d.log.error({ err, channelId }, 'hearing failed; the leg goes on unheard');
      void stop();
      return;
    }
    state = out.state;
    if (out.decision.kind === 'announcement' || out.decision.kind === 'person') decide(out.decision);
  };

  unwatch = d.port.watchChannel(channelId, (e) => {
    if (e.type === 'ringing') feed({ type: 'ringing', at: e.at });
    else if (e.type === 'answered') {
      feed({ type: 'answered', at: e.at, announcedBefore });
      if (!stopped && afterAnswer === null) afterAnswer = d.clock.setTimeout(() => void stop(), d.settings.stopAfterAnswerMs);
    } else if (e.type === 'hung-up') {
      feed({ type: 'ended', at: e.at });
      void stop();
    }
  });
  try {
    stopPort = await d.port.hearEarlyMedia(channelId, (pcm, at) => {
      heardSamples += pcm.length;
      feed({ type: 'audio', pcm, at });
    });
  } catch (err) {
    await stop();
    throw err;
  }
  // Stopped while the port was starting (the leg ended at once): free what it just took.
  if (stopped) await stopPort();

  return {
    get decision() {
      return decision;
    },
    get suspicion() {
      return answerSuspicion(answerEvidence(state, announcedBefore));
    },
    settled(maxMs: number): Promise<FinalDecision | null> {
      if (decision || stopped) return Promise.resolve(decision);
      return new Promise((resolve) => {
        const timer = d.clock.setTimeout(() => {
          waiters.delete(done);
          resolve(decision);
        }, maxMs);
        const done = (x: FinalDecision | null) => {
          d.clock.clearTimeout(timer);
          resolve(x);
        };
        waiters.add(done);
      });
    },
    stop,
  };
}
