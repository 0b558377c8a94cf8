import { randomUUID } from 'node:crypto';
import type { TelephonyEvent, TelephonyPort } from '../ari/port.js';
import type { Config } from '../config/schema.js';
import { defined } from '../defined.js';
import { isHotlineError } from '../errors.js';
import { outcomeForLabel } from '../announcements/announcement-outcome.js';
import type { AnnouncementLabel } from '../announcements/labels.js';
import type { Clock } from '../clock.js';
import { hearLeg, type AnnouncementDecision, type LegHearing, type LegHearingDeps } from '../dialer/leg-hearing.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCall } from './live-calls.js';

/**
 * The test call hears its leg as campaign dials do (src/dialer/leg-hearing.ts): a carrier announcement is hung up,
 * kept for the labelling queue and becomes the call's outcome; a suspect answer is greeted only once the hearing
 * says it is a person.
 */
export interface TestCallHearing extends Omit<LegHearingDeps, 'port' | 'clock' | 'markHangupByUs' | 'log'> {
  clock: Clock;
  /** Keeps the heard announcement (a new one joins the labelling queue) and says its label. */
  onAnnouncement: (channelId: string, number: string, decision: AnnouncementDecision) => AnnouncementLabel | null;
}

export interface OutboundOptions {
  number: string;
  amd: boolean;
  trunk: string;
  callerId: string;
  timeoutS: number;
  dialerContext: string;
  /** Played to a live answer before hotline hangs up (the dialer issue bridges to an agent instead). */
  greeting: string;
  campaignId?: number;
  leadId?: number;
}

/**
 * Places one outbound leg: registers it and its listener before originating, sends an answered
 * leg through AMD in the dialplan when asked, and ends machine and fax answers.
 */
export async function placeOutboundCall(port: TelephonyPort, recorder: CallRecorder, o: OutboundOptions, hearing?: TestCallHearing): Promise<string> {
  const channelId = `out-${randomUUID()}`;
  const call = recorder.beginOutbound(channelId, o.number, {
    amd: o.amd,
    callerId: o.callerId,
    ...defined({ campaignId: o.campaignId, leadId: o.leadId }),
  });
  const hangup = (why: string) => {
    recorder.markHangupByUs(channelId);
    call.log.info({ why }, 'hanging up');
    port.hangup(channelId).catch((err) => {
      if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.warn({ err }, 'hang-up failed');
    });
  };
  const heard = await startHearing(port, recorder, call, o.number, hearing);
  let gone = false;
  // A live answer is greeted once the hearing has not found an announcement in it (held while it is suspect).
  const greet = () => {
    if (!heard || !hearing) return void connected(port, call, o, hangup);
    if (!heard.suspicion.suspect || heard.decision?.kind === 'person') {
      if (heard.decision?.kind !== 'announcement') void connected(port, call, o, hangup);
      return;
    }
    void heard.settled(hearing.settings.suspectWaitMs).then((d) => {
      if (d?.kind !== 'announcement' && !gone) void connected(port, call, o, hangup);
    });
  };
  const onEvent = (e: TelephonyEvent) => {
    if (e.type === 'answered' && o.amd) {
      port.continueInDialplan(channelId, { context: o.dialerContext, extension: 'amd' }).catch((err) => {
        if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.error({ err }, 'could not start AMD');
      });
    } else if (e.type === 'answered' && !o.amd) {
      greet();
    } else if (e.type === 'call-arrived' && e.args[0] === 'dialer') {
      greet();
    } else if (e.type === 'playback-finished') {
      hangup('greeting done');
    } else if (e.type === 'hung-up') gone = true;
  };
  call.cleanup.push(port.watchChannel(channelId, onEvent));
  call.originating = true;
  try {
    await port.originate({ channelId, endpoint: `PJSIP/${o.number}@${o.trunk}`, callerId: o.callerId, timeoutS: o.timeoutS, amd: o.amd });
    call.originating = false;
  } catch (err) {
    call.originating = false;
    // A 404 from the far end can destroy the channel before dial() returns; then the hang-up event has closed the row.
    if (isHotlineError(err, 'CHANNEL_GONE')) return channelId;
    recorder.failed(channelId, (err as Error).message);
    throw err;
  }
  return channelId;
}

async function startHearing(port: TelephonyPort, recorder: CallRecorder, call: LiveCall, number: string, h: TestCallHearing | undefined): Promise<LegHearing | null> {
  if (!h?.settings.enabled) return null;
  try {
    const heard = await hearLeg({ ...h, port, markHangupByUs: (id) => recorder.markHangupByUs(id), log: call.log }, call.channelId, (decision) => {
      call.announced = outcomeForLabel(h.onAnnouncement(call.channelId, number, decision));
    });
    call.cleanup.push(() => void heard.stop());
    return heard;
  } catch (err) {
    call.log.warn({ err }, 'early media cannot be heard; dialing unheard');
    return null;
  }
}

async function connected(port: TelephonyPort, call: LiveCall, o: OutboundOptions, hangup: (why: string) => void): Promise<void> {
  if ((call.faxTones ?? 0) > 0) return hangup('fax');
  if (call.amdStatus === 'MACHINE') return hangup('answering machine');
  try {
    await port.play(call.channelId, [o.greeting]);
  } catch (err) {
    if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.error({ err }, 'greeting failed');
  }
}

/** The configured line outbound calls go out on. */
export type OutboundLine = Pick<Config['telephony'], 'trunk' | 'callerId' | 'originateTimeoutS' | 'dialerContext' | 'welcomeSound'>;

/**
 * Places one call on the configured line, answered calls greeted and hung up (the API's and the CLI's test call;
 * the dialer places its own); resolves with its channel id once dialing.
 */
export function outboundCaller(port: TelephonyPort, recorder: CallRecorder, line: OutboundLine, hearing?: TestCallHearing) {
  return (number: string, opts: { amd?: boolean; campaignId?: number; leadId?: number } = {}): Promise<string> =>
    placeOutboundCall(port, recorder, {
      number,
      amd: opts.amd ?? true,
      trunk: line.trunk,
      callerId: line.callerId,
      timeoutS: line.originateTimeoutS,
      dialerContext: line.dialerContext,
      greeting: line.welcomeSound,
      ...defined({ campaignId: opts.campaignId, leadId: opts.leadId }),
    }, hearing);
}
