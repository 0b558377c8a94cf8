import type { Logger } from 'pino';
import type { TelephonyEvent, TelephonyPort, Unsubscribe } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { callLogger } from '../log/logger.js';
import type { Metrics } from '../health/metrics.js';
import type { CallRow, CallsRepo, IvrStep } from '../store/calls-repo.js';
import { LiveCalls, type LiveCall } from './live-calls.js';
import type { ChannelTraces } from './channel-trace.js';
import type { CallEnded } from './call-ended.js';
import { lostEnd } from './lost-end.js';
import { classifyInbound, classifyOutbound, type CallOutcome } from './outcome.js';
import { causeText } from './q850.js';
import { sipFinalCode } from './sip-final-code.js';

export interface CallRecorderDeps {
  port: TelephonyPort;
  repo: CallsRepo;
  calls: LiveCalls;
  metrics: Metrics;
  log: Logger;
  clock: Clock;
  shortCallS: number;
  /** The node that carries a channel (issue 14); absent, rows name no node. */
  nodeOf?: (channelId: string) => string | undefined;
}

export type { CallEnded } from './call-ended.js';

/**
 * Turns telephony events into `calls` rows: one row per channel leg, written as the call goes,
 * so a crash or a lost connection leaves at worst an open row that reconciliation closes.
 */
export class CallRecorder {
  private readonly endListeners = new Set<(e: CallEnded) => void>();

  constructor(private readonly d: CallRecorderDeps) {}

  /** Hears every leg the recorder closes (seen hang-ups, failed originates, legs found gone after a reconnect). */
  onEnded(listener: (e: CallEnded) => void): Unsubscribe {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  private emitEnded(e: CallEnded): void {
    for (const l of this.endListeners) {
      try {
        l(e);
      } catch (err) {
        this.d.log.error({ err, channelId: e.channelId }, 'call-ended listener failed');
      }
    }
  }

  /** Starts listening; returns the function that stops it. */
  start(): Unsubscribe {
    return this.d.port.onEvent((e) => this.onEvent(e));
  }

  private newLive(channelId: string, direction: 'inbound' | 'outbound', startedAt: number, amd: boolean, extra: Record<string, unknown>): LiveCall {
    return {
      channelId,
      direction,
      startedAt,
      answeredAt: null,
      amd,
      hangupRequested: false,
      digits: '',
      path: [],
      log: callLogger(this.d.log, channelId, { direction, ...extra }),
      cleanup: [],
    };
  }

  /** Registers a leg hotline is about to originate; call before originate so no event is missed. */
  beginOutbound(channelId: string, calledNumber: string, opts: { amd: boolean; callerId: string; campaignId?: number; leadId?: number }): LiveCall {
    const now = this.d.clock.now();
    const call = this.newLive(channelId, 'outbound', now, opts.amd, { campaignId: opts.campaignId, leadId: opts.leadId });
    this.d.calls.add(call);
    this.d.repo.insert({
      channelId,
      direction: 'outbound',
      startedAt: now,
      calledNumber,
      callerNumber: opts.callerId,
      campaignId: opts.campaignId ?? null,
      leadId: opts.leadId ?? null,
    });
    this.learnNode(call);
    call.log.info({ calledNumber }, 'originating');
    return call;
  }

  /** Takes over a call whose row a previous run wrote (after a restart), marking how it was reconciled. */
  adoptFromRow(row: CallRow, reconciled: string): LiveCall {
    const call = this.newLive(row.channelId, row.direction, row.startedAt, row.amdStatus !== null, { reconciled });
    call.answeredAt = row.answeredAt;
    call.digits = row.digits;
    call.path = row.ivrPath;
    this.d.calls.add(call);
    this.d.repo.update(row.channelId, { reconciled });
    // A new process has no subscription yet: without one the hang-up after StasisEnd would go unseen.
    this.d.port.follow(row.channelId).catch((err) => call.log.debug({ err }, 'follow failed'));
    return call;
  }

  /** Appends a step to the call's path (IVR node, prompt, key). */
  addStep(channelId: string, step: Omit<IvrStep, 'at'> & { at?: number }): void {
    const call = this.d.calls.get(channelId);
    if (!call) return;
    call.path.push({ ...step, at: step.at ?? this.d.clock.now() });
    this.d.repo.update(channelId, { ivrPath: call.path });
  }

  /** Writes the leg's node to its row once the port knows it (an outbound leg's, after originate); once per leg. */
  private learnNode(call: LiveCall): void {
    if (call.node !== undefined) return;
    const node = this.d.nodeOf?.(call.channelId);
    if (node === undefined) return;
    call.node = node;
    this.d.repo.update(call.channelId, { node });
  }

  /** Marks that hotline itself is hanging up this leg. */
  markHangupByUs(channelId: string): void {
    const call = this.d.calls.get(channelId);
    if (call) call.hangupRequested = true;
  }

  /** Closes a leg that never got going (originate refused): no hang-up event will come. */
  failed(channelId: string, reason: string): void {
    const call = this.d.calls.remove(channelId);
    if (call) this.learnNode(call);
    const now = this.d.clock.now();
    this.d.repo.update(channelId, { endedAt: now, outcome: 'failed', causeText: reason });
    this.d.metrics.callsTotal.inc({ direction: call?.direction ?? 'outbound', outcome: 'failed' });
    call?.log.warn({ reason }, 'call failed before dialing');
    this.emitEnded({ channelId, direction: call?.direction ?? 'outbound', endedAt: now, answeredAt: null, cause: null, causeText: reason, outcome: 'failed', amdStatus: null, faxTones: null, digits: '', hungUpBy: null });
  }

  /** Closes a row whose channel vanished while hotline was not listening; how it ended: src/calls/lost-end.ts. */
  closeLost(row: CallRow, now: number, traces: ChannelTraces | null = null, mediaServerLost = false): void {
    this.d.calls.remove(row.channelId);
    const end = lostEnd(row, traces, now, { shortCallS: this.d.shortCallS, mediaServerLost });
    const { endedAt, answeredAt, outcome, cause, causeText: text, sipCode, reconciled } = end;
    this.d.repo.update(row.channelId, { endedAt, answeredAt, outcome, causeCode: cause, causeText: text, reconciled });
    this.d.metrics.callsTotal.inc({ direction: row.direction, outcome });
    const { channelId, direction, amdStatus, faxTones, digits } = row;
    this.emitEnded({ channelId, direction, endedAt, answeredAt, cause, causeText: text, outcome, amdStatus, faxTones, digits, hungUpBy: null, sipCode, reconciled });
  }

  private onEvent(e: TelephonyEvent): void {
    if (e.type === 'call-arrived') {
      if (e.args[0] === 'inbound' && !this.d.calls.get(e.channelId)) this.inboundArrived(e);
      else if (e.args[0] === 'dialer') this.amdResult(e.channelId, e.args);
      return;
    }
    const call = this.d.calls.get(e.channelId);
    if (!call) return;
    this.learnNode(call);
    switch (e.type) {
      case 'ringing':
        this.d.repo.update(e.channelId, { ringAt: e.at });
        break;
      case 'answered':
        if (call.answeredAt !== null) break;
        call.answeredAt = e.at;
        this.d.repo.update(e.channelId, { answeredAt: e.at });
        call.log.info('answered');
        break;
      case 'dtmf':
        call.digits += e.digit;
        if (!call.flowPath) call.path.push({ node: 'dtmf', key: e.digit, at: e.at });
        this.d.repo.update(e.channelId, { digits: call.digits, ivrPath: call.path });
        call.log.debug({ digit: e.digit }, 'dtmf');
        break;
      case 'hangup-requested': {
        call.lastCause = e.cause;
        const sip = (call.sip ??= { farEndCode: null, endedByUs: false });
        if (e.soft) sip.endedByUs = true;
        else if (e.sipCode && sip.farEndCode === null) sip.farEndCode = e.sipCode;
        break;
      }
      case 'left-app':
        this.leftApp(call, e.at);
        break;
      case 'hung-up':
        // A caller's BYE can arrive as cause 0 on the destroy event; the hang-up request had the real one.
        this.ended(
          call,
          e.cause || call.lastCause || 0,
          e.cause ? e.causeText : '',
          e.at,
          sipFinalCode({ answered: call.answeredAt !== null, farEndCode: call.sip?.farEndCode ?? null, endedByUs: call.sip?.endedByUs ?? false, destroyCode: e.sipCode ?? null }),
        );
        break;
      default:
        break;
    }
  }

  private inboundArrived(e: Extract<TelephonyEvent, { type: 'call-arrived' }>): void {
    const entry = e.args[1] ?? e.calledNumber;
    const call = this.newLive(e.channelId, 'inbound', e.at, false, { entryNumber: entry });
    this.d.calls.add(call);
    this.d.repo.insert({
      channelId: e.channelId,
      direction: 'inbound',
      startedAt: e.at,
      ringAt: e.at,
      callerNumber: e.callerNumber,
      calledNumber: e.calledNumber,
      entryNumber: entry,
    });
    this.learnNode(call);
    call.log.info({ callerNumber: e.callerNumber }, 'inbound call arrived');
    // Without an explicit subscription Asterisk stops reporting a channel at StasisEnd, and the
    // hang-up cause (ChannelDestroyed) would never reach us.
    this.d.port.follow(e.channelId).catch((err) => call.log.debug({ err }, 'follow failed; relying on StasisEnd'));
  }

  /**
   * A channel left Stasis: usually a hang-up whose ChannelDestroyed follows, or AMD in the dialplan.
   * If the subscription was lost (the caller hung up before follow() landed) close the record here.
   */
  private leftApp(call: LiveCall, at: number): void {
    const timer = this.d.clock.setTimeout(() => {
      if (this.d.calls.get(call.channelId) !== call) return;
      this.d.port
        .channel(call.channelId)
        .then((snap) => {
          if (!snap && this.d.calls.get(call.channelId) === call) this.ended(call, call.lastCause ?? 16, '', at);
        })
        .catch(() => undefined);
    }, 2000);
    call.cleanup.push(() => this.d.clock.clearTimeout(timer));
  }

  private amdResult(channelId: string, args: string[]): void {
    const call = this.d.calls.get(channelId);
    if (!call) return;
    const [, status = '', cause = '', fax = '0'] = args;
    call.amdStatus = status;
    call.faxTones = Number.parseInt(fax, 10) || 0;
    this.d.repo.update(channelId, { amdStatus: status, amdCause: cause, faxTones: call.faxTones });
    call.log.info({ amdStatus: status, amdCause: cause, faxTones: call.faxTones }, 'answer classified');
  }

  private ended(call: LiveCall, cause: number, asteriskText: string, at: number, sipCode: number | null = null): void {
    const answered = call.answeredAt !== null;
    const hungUpBy = call.hangupRequested ? 'hotline' : 'remote';
    const outcome =
      call.direction === 'inbound'
        ? classifyInbound({ answered })
        : call.announced ??
          classifyOutbound({
            cause,
            answered,
            amdStatus: call.amdStatus,
            faxTones: call.faxTones,
            talkS: answered ? (at - (call.answeredAt ?? at)) / 1000 : undefined,
            hungUpBy,
            shortCallS: this.d.shortCallS,
          });
    this.d.repo.update(call.channelId, {
      endedAt: at,
      causeCode: cause,
      causeText: causeText(cause, asteriskText),
      outcome,
      hangupBy: hungUpBy,
      digits: call.digits,
      ivrPath: call.path,
    });
    this.d.calls.remove(call.channelId);
    this.d.metrics.callsTotal.inc({ direction: call.direction, outcome });
    call.log.info({ cause, sipCode, outcome, hungUpBy }, 'call ended');
    this.emitEnded({
      channelId: call.channelId,
      direction: call.direction,
      endedAt: at,
      answeredAt: call.answeredAt,
      cause,
      causeText: causeText(cause, asteriskText),
      outcome,
      amdStatus: call.amdStatus ?? null,
      faxTones: call.faxTones ?? null,
      digits: call.digits,
      hungUpBy,
      sipCode,
    });
  }
}
