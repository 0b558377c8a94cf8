/**
 * One campaign dial, from originate to the hand-off: AMD in the dialplan when the campaign wants it, then a live
 * answer goes to an agent of the campaign's group (or its own agent for an owned callback) or into the campaign's
 * IVR flow. An answer no agent takes within the abandon time hears the identification message and is hung up.
 * The attempt's facts are kept here; the engine turns the leg's end into the attempt's outcome.
 */
import type { Logger } from 'pino';
import type { TelephonyEvent, TelephonyPort } from '../ari/port.js';
import type { AcdRunner } from '../acd/acd-runner.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import type { LiveCall } from '../calls/live-calls.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import type { Interpreter } from '../ivr/interpreter.js';
import type { AttemptsRepo } from '../store/attempts-repo.js';
import type { CampaignSettings } from './campaign-settings.js';
import { dialString } from './dial-string.js';
import { hearLeg, type AnnouncementDecision, type LegHearing, type LegHearingDeps } from './leg-hearing.js';

export interface CampaignCallDeps {
  port: TelephonyPort;
  recorder: CallRecorder;
  acd: Pick<AcdRunner, 'enqueue' | 'withdraw' | 'reserve'>;
  attempts: AttemptsRepo;
  clock: Clock;
  dialerContext: string;
  /** The live flow with this name, for agentless campaigns. */
  flow: (name: string) => Interpreter | undefined;
  /** Runs an answered call through a flow (the IVR runner); resolves when the flow has started. */
  runFlow: (call: LiveCall, interp: Interpreter) => Promise<void>;
  /** The agent the ACD connected a call to. */
  agentOf: (channelId: string) => string | null;
  /** Media URIs for a TTS text (the identification message). */
  speak: (text: string) => Promise<string[]>;
  /** Hears every leg's early media (config announcements.hear.enabled); absent or disabled, legs are dialed unheard. */
  hearing?: CampaignHearing;
}

/** What the campaign call needs to hear its legs, and where a recognised announcement is reported. */
export interface CampaignHearing extends Omit<LegHearingDeps, 'port' | 'clock' | 'markHangupByUs' | 'log'> {
  /** The leg was cancelled on an announcement: record the hearing and the attempt's outcome. */
  onAnnouncement: (dial: CampaignDial, facts: AttemptFacts, decision: AnnouncementDecision) => void;
}

/** What the dialer learned about an attempt while it lasted. */
export interface AttemptFacts {
  attemptId: number;
  campaignId: number;
  leadId: number;
  agentless: boolean;
  abandoned: boolean;
  /** When the answer was known to be a person waiting for an agent or the flow (after AMD when it runs). */
  liveAt: number | null;
  connectedAt: number | null;
  agentId: string | null;
}

export interface CampaignDial {
  attemptId: number;
  campaignId: number;
  leadId: number;
  channelId: string;
  phone: string;
  settings: CampaignSettings;
  /** An owned callback whose agent is ready: only that agent may take it. */
  onlyAgent?: string;
  /** The lead's last attempt ended on a carrier announcement: an answer is suspect (answer-suspicion.ts). */
  announcedBefore?: boolean;
}

/** Places the dial; resolves once the originate was accepted (or failed: the recorder then closes the leg). */
export async function placeCampaignCall(d: CampaignCallDeps, dial: CampaignDial, facts: AttemptFacts, log: Logger): Promise<void> {
  const s = dial.settings;
  const call = d.recorder.beginOutbound(dial.channelId, dial.phone, { amd: s.amd, callerId: s.callerId, campaignId: dial.campaignId, leadId: dial.leadId });
  // The owner of a callback takes no other call while theirs is being dialed.
  if (dial.onlyAgent) call.cleanup.push(d.acd.reserve(dial.onlyAgent));
  const hangup = (why: string) => {
    d.recorder.markHangupByUs(dial.channelId);
    call.log.info({ why }, 'hanging up');
    d.port.hangup(dial.channelId).catch((err) => {
      if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.warn({ err }, 'hang-up failed');
    });
  };
  let messagePlayback: string | null = null;
  let live = false;
  // A leg that hung up while its answer waited for the hearing is acted on no more.
  let gone = false;
  // The hearing's set-up runs beside the originate's create and subscription (the originate dials once the hearing
  // listens): it is not in the time from the due lead to the dial. Whatever becomes of the dial, the call's end stops it.
  let heard: LegHearing | null = null;
  let hearingUp = false;
  const hearing = startHearing(d, dial, facts, call).then((h) => {
    heard = h;
    hearingUp = true;
    return h;
  });
  call.cleanup.push(() => void hearing.then((h) => h?.stop()));
  // An answer is acted on once the hearing has spoken (or its bound passed): an answered announcement never reaches
  // an agent, the flow or the voicemail message; the hearing has already hung it up.
  // A live answer that may be a carrier's (no ring before it, speech before it, a number announced before) is held
  // until the hearing says person or announcement; `act` then gets the hold's end, from which the 2 s rule counts (as
  // from AMD's verdict). Any other live answer goes on at once (answeredWaitMs, 0 by default): a person after a ring
  // must reach the agent within 2 s of the answer. A machine verdict may wait for the hearing: no one is waiting.
  const afterHearing = (act: (heldUntil: number | null) => void, machine = false): void => {
    // The dial waited for the hearing to listen, so it is up by any answer; its promise settling is a microtask away.
    if (!hearingUp) return void hearing.then(() => afterHearing(act, machine));
    if (!heard || !d.hearing) return act(null);
    const suspicion = machine ? null : heard.suspicion;
    if (suspicion?.suspect && heard.decision?.kind !== 'person') {
      const from = d.clock.now();
      call.log.info({ reasons: suspicion.reasons }, 'suspect answer held for the hearing');
      void heard.settled(d.hearing.settings.suspectWaitMs).then((decision) => {
        call.log.info({ heldMs: d.clock.now() - from, decision: decision?.kind ?? null }, 'suspect answer heard');
        if (decision?.kind !== 'announcement' && !gone) act(d.clock.now());
      });
      return;
    }
    const waitMs = machine ? d.hearing.settings.machineWaitMs : d.hearing.settings.answeredWaitMs;
    if (waitMs === 0) return heard.decision?.kind === 'announcement' ? undefined : act(null);
    void heard.settled(waitMs).then((decision) => {
      if (decision?.kind !== 'announcement' && !gone) act(null);
    });
  };
  // `at` is when Asterisk saw the person (the answer, or AMD's verdict): the 2 s rule counts from there.
  const onLive = (at: number) => {
    if (live) return;
    live = true;
    facts.liveAt = at;
    void handOff(d, dial, facts, call, hangup, (id) => (messagePlayback = id));
  };
  const onEvent = (e: TelephonyEvent) => {
    if (e.type === 'ringing') d.attempts.update(facts.attemptId, { ringingAt: e.at });
    else if (e.type === 'answered') {
      d.attempts.update(facts.attemptId, { answeredAt: e.at });
      if (s.amd) {
        d.port.continueInDialplan(dial.channelId, { context: d.dialerContext, extension: 'amd' }).catch((err) => {
          if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.error({ err }, 'could not start AMD');
        });
      } else afterHearing((heldUntil) => onLive(heldUntil ?? e.at));
    } else if (e.type === 'call-arrived' && e.args[0] === 'dialer') {
      // Stasis(hotline, dialer, AMDSTATUS, AMDCAUSE, fax tone count): read here, not from the recorder's copy, which
      // another listener of the same event fills in.
      const [, status = '', cause = '', fax = '0'] = e.args;
      d.attempts.update(facts.attemptId, { amdStatus: status, amdCause: cause });
      afterHearing((heldUntil) => {
        if ((Number.parseInt(fax, 10) || 0) > 0) hangup('fax');
        else if (status === 'MACHINE') {
          if (s.onMachine === 'leave-message') void playThenHangup(d, call, s.abandonMessage, hangup, (id) => (messagePlayback = id));
          else hangup('answering machine');
        } else if (status === 'HANGUP') return;
        else onLive(heldUntil ?? e.at);
      }, status === 'MACHINE' || (Number.parseInt(fax, 10) || 0) > 0);
    } else if (e.type === 'playback-finished' && e.playbackId === messagePlayback) hangup('message played');
    else if (e.type === 'hung-up') gone = true;
  };
  call.cleanup.push(d.port.watchChannel(dial.channelId, onEvent));
  call.originating = true;
  try {
    await d.port.originate({ channelId: dial.channelId, endpoint: `PJSIP/${dialString(dial.phone)}@${s.trunk}`, callerId: s.callerId, timeoutS: s.ringTimeoutS, amd: s.amd, onDialing: () => d.attempts.markDialSent(facts.attemptId, d.clock.now()) });
  } catch (err) {
    call.originating = false;
    // A 404 from the far end can destroy the channel before originate returns; the hang-up event closed the leg.
    if (isHotlineError(err, 'CHANNEL_GONE')) return;
    log.warn({ err }, 'originate failed');
    d.recorder.failed(dial.channelId, (err as Error).message);
    return;
  }
  call.originating = false;
  call.log.debug('dialing');
}

/**
 * Starts hearing the leg before it is dialed (called before the originate, not waited for: the port's set-up is then
 * registered before the originate starts); a hearing that cannot start leaves the leg unheard, never undialed.
 */
async function startHearing(d: CampaignCallDeps, dial: CampaignDial, facts: AttemptFacts, call: LiveCall): Promise<LegHearing | null> {
  const h = d.hearing;
  if (!h?.settings.enabled) return null;
  try {
    const heard = await hearLeg(
      { ...h, port: d.port, clock: d.clock, markHangupByUs: (id) => d.recorder.markHangupByUs(id), log: call.log },
      dial.channelId,
      (decision) => h.onAnnouncement(dial, facts, decision),
      dial.announcedBefore ?? false,
    );
    return heard;
  } catch (err) {
    call.log.warn({ err }, 'early media cannot be heard; dialing unheard');
    return null;
  }
}

async function handOff(
  d: CampaignCallDeps,
  dial: CampaignDial,
  facts: AttemptFacts,
  call: LiveCall,
  hangup: (why: string) => void,
  onMessage: (playbackId: string) => void,
): Promise<void> {
  const s = dial.settings;
  if (s.mode === 'agentless') {
    const interp = d.flow(s.flow);
    if (!interp) {
      call.log.error({ flow: s.flow }, 'the campaign flow is not live; hanging up');
      return hangup('no flow');
    }
    facts.connectedAt = d.clock.now();
    d.attempts.update(facts.attemptId, { connectedAt: facts.connectedAt });
    await d.runFlow(call, interp).catch((err) => call.log.error({ err }, 'flow start failed'));
    return;
  }
  const liveAt = facts.liveAt ?? d.clock.now();
  let agentAnsweredAt: number | null = null;
  let leftQueue = false;
  // FCC/Ofcom: a live answer must reach an agent within 2 s, else it is abandoned with an identification message. An
  // agent's phone still ringing at the deadline is called off: connecting later would be an abandon nobody counted.
  const check = () => {
    if (facts.connectedAt !== null || leftQueue) return;
    if (d.acd.withdraw(dial.channelId, { cancelRing: true })) {
      facts.abandoned = true;
      call.log.warn({ waitedMs: d.clock.now() - liveAt }, 'no agent in time: abandoned');
      void playThenHangup(d, call, s.abandonMessage, hangup, onMessage);
    } else {
      // An agent picked up and the bridge is being made; look again in case it fails and the call is back in queue.
      const again = d.clock.setTimeout(check, 250);
      call.cleanup.push(() => d.clock.clearTimeout(again));
    }
  };
  const timer = d.clock.setTimeout(check, Math.max(0, liveAt + s.abandonAfterMs - d.clock.now()));
  call.cleanup.push(() => d.clock.clearTimeout(timer));
  const outcome = await d.acd.enqueue(call, s.skillGroup, dial.onlyAgent ? 9 : 5, 'zh', {
    oweCallback: false,
    silent: true,
    onAgentAnswered: (_agentId, at) => (agentAnsweredAt = at),
    ...(dial.onlyAgent ? { onlyAgent: dial.onlyAgent } : {}),
  });
  leftQueue = true;
  if (outcome === 'answered') {
    // Connected when the agent picked up; the bridge follows within milliseconds.
    facts.connectedAt = agentAnsweredAt ?? d.clock.now();
    facts.agentId = d.agentOf(dial.channelId) ?? facts.agentId;
    d.clock.clearTimeout(timer);
    d.attempts.update(facts.attemptId, { connectedAt: facts.connectedAt, agentId: facts.agentId });
  }
}

async function playThenHangup(d: CampaignCallDeps, call: LiveCall, text: string, hangup: (why: string) => void, onMessage: (id: string) => void): Promise<void> {
  try {
    const media = await d.speak(text);
    const id = `${call.channelId}:message`;
    onMessage(id);
    await d.port.play(call.channelId, media, id);
  } catch (err) {
    if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.warn({ err }, 'message failed');
    hangup('message failed');
  }
}
