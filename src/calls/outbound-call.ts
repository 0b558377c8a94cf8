import { randomUUID } from 'node:crypto';
import type { TelephonyEvent, TelephonyPort } from '../ari/port.js';
import type { Config } from '../config/schema.js';
import { defined } from '../defined.js';
import { isHotlineError } from '../errors.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCall } from './live-calls.js';

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
export async function placeOutboundCall(port: TelephonyPort, recorder: CallRecorder, o: OutboundOptions): Promise<string> {
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
  const onEvent = (e: TelephonyEvent) => {
    if (e.type === 'answered' && o.amd) {
      port.continueInDialplan(channelId, { context: o.dialerContext, extension: 'amd' }).catch((err) => {
        if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.error({ err }, 'could not start AMD');
      });
    } else if (e.type === 'answered' && !o.amd) {
      void connected(port, call, o, hangup);
    } else if (e.type === 'call-arrived' && e.args[0] === 'dialer') {
      void connected(port, call, o, hangup);
    } else if (e.type === 'playback-finished') {
      hangup('greeting done');
    }
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
export function outboundCaller(port: TelephonyPort, recorder: CallRecorder, line: OutboundLine) {
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
    });
}
