/**
 * The imperative shell around the pure interpreter: it turns IvrCommands into port calls, timers, HTTP look-ups
 * and rows, and feeds what happens back as IvrEvents, one at a time per call.
 */
import type { Logger } from 'pino';
import type { TelephonyEvent, TelephonyPort } from '../ari/port.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import { connectLeg } from '../calls/connect-leg.js';
import type { LiveCall } from '../calls/live-calls.js';
import { classifyNonRegular } from '../calls/non-regular.js';
import type { Clock } from '../clock.js';
import { defined } from '../defined.js';
import { isHotlineError } from '../errors.js';
import { resolveMedia } from '../prompts/resolve-media.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { IvrCommand, IvrEvent, QueueOutcome } from './commands.js';
import type { Interpreter } from './interpreter.js';
import type { IvrState } from './ivr-state.js';

export interface IvrRunnerDeps {
  port: TelephonyPort;
  recorder: CallRecorder;
  repo: CallsRepo;
  callbacks: CallbacksRepo;
  clock: Clock;
  promptsDir: string;
  /** Base URL Asterisk fetches prompts from, and relative look-up URLs resolve against. */
  baseUrl: () => string;
  trunk: string;
  callerId: string;
  transferTimeoutS: number;
  /** Hangs up within this many seconds of answer count as one-ring calls. */
  oneRingS: number;
  /** Entry numbers whose one-ring and silent callers are called back. */
  callBackNonRegular: readonly string[];
  /** Observes key-to-next-prompt latency in seconds (the IVR's responsiveness as callers feel it). */
  observeDtmfToPrompt?: (seconds: number) => void;
  /** Puts the caller in an ACD queue; resolves with what became of the wait. Without it, queues time out. */
  queue?: (call: LiveCall, group: string, priority: number) => Promise<QueueOutcome>;
}

/** Runs one call through one flow version, from start to hang-up. */
export class IvrCallRunner {
  private state: IvrState;
  private chain: Promise<void> = Promise.resolve();
  private readonly timers = new Map<string, ReturnType<Clock['setTimeout']>>();
  /** Port playback id → interpreter command id. */
  private readonly playbacks = new Map<string, string>();
  private readonly recordings = new Map<string, string>();
  private inputTimeouts = 0;
  /** Asterisk time of the last key still waiting for the prompt it leads to. */
  private keyAt: number | null = null;
  private menusEntered = new Set<string>();
  private gone = false;
  private readonly log: Logger;

  constructor(
    private readonly d: IvrRunnerDeps,
    private readonly interp: Interpreter,
    private readonly call: LiveCall,
  ) {
    this.state = interp.initialState();
    this.log = call.log.child({ flow: interp.flow.name, flowVersion: interp.flow.version });
  }

  /** Answers (unless already answered) and starts the flow. */
  async start(callerNumber: string, calledNumber: string, answered: boolean): Promise<void> {
    const id = this.call.channelId;
    this.call.flowPath = true;
    this.call.cleanup.push(this.d.port.watchChannel(id, (e) => this.onPortEvent(e)));
    this.call.cleanup.push(() => this.onCallGone());
    this.d.repo.update(id, { flowName: this.interp.flow.name, flowVersion: this.interp.flow.version });
    if (!answered) {
      try {
        await this.d.port.answer(id);
      } catch (err) {
        if (isHotlineError(err, 'CHANNEL_GONE')) return;
        throw err;
      }
    }
    this.dispatch({ type: 'start', callerNumber, calledNumber });
  }

  private onPortEvent(e: TelephonyEvent): void {
    switch (e.type) {
      case 'dtmf':
        this.keyAt = e.at;
        this.dispatch({ type: 'dtmf', digit: e.digit });
        break;
      case 'playback-started':
        if (this.keyAt !== null && this.playbacks.has(e.playbackId)) {
          this.d.observeDtmfToPrompt?.((e.at - this.keyAt) / 1000);
          this.keyAt = null;
        }
        break;
      case 'playback-finished': {
        const cmd = this.playbacks.get(e.playbackId);
        if (!cmd) break;
        this.playbacks.delete(e.playbackId);
        this.dispatch(e.failed ? { type: 'prompt-failed', id: cmd } : { type: 'prompt-finished', id: cmd });
        break;
      }
      case 'recording-finished': {
        const cmd = this.recordings.get(e.name);
        if (cmd) this.dispatch({ type: 'recording-finished', id: cmd, name: e.name, durationS: e.durationS });
        break;
      }
      default:
        break;
    }
  }

  /** The channel is gone (the recorder closed its row): tell the interpreter and note where the call ended. */
  private onCallGone(): void {
    if (this.gone) return;
    this.gone = true;
    for (const t of this.timers.values()) this.d.clock.clearTimeout(t);
    this.timers.clear();
    this.dispatch({ type: 'hangup' });
    this.chain = this.chain.then(() => this.writeEnd());
  }

  private writeEnd(): void {
    const row = this.d.repo.get(this.call.channelId);
    if (!row) return;
    // A blocked caller the flow refused is harassment (骚扰), whatever the call's timing says.
    const nonRegular =
      this.state.endedIn === 'blocked'
        ? 'harassment'
        : row.direction === 'inbound' && row.endedAt !== null
        ? classifyNonRegular(
            {
              answeredAt: row.answeredAt,
              endedAt: row.endedAt,
              hungUpBy: row.hangupBy === 'hotline' ? 'hotline' : 'remote',
              keys: this.state.keys,
              inputTimeouts: this.inputTimeouts,
              // A caller who reached a queue without a key (a VIP the flow sends straight there) and gave up
              // waiting abandoned the queue; they did not misdial.
              endedInFirstMenu: this.menusEntered.size <= 1 && this.state.keys === 0 && !row.queueGroup,
            },
            { oneRingS: this.d.oneRingS },
          )
        : null;
    this.d.repo.update(this.call.channelId, { endedIn: this.state.endedIn ?? row.endedIn ?? 'caller-hangup', nonRegular });
    if ((nonRegular === 'one-ring' || nonRegular === 'silent') && row.callerNumber && this.d.callBackNonRegular.includes(row.entryNumber ?? '')) {
      this.d.callbacks.create({
        number: row.callerNumber,
        reason: nonRegular,
        sourceChannelId: row.channelId,
        ...(row.entryNumber ? { entryNumber: row.entryNumber } : {}),
        now: this.d.clock.now(),
      });
      this.log.info({ nonRegular }, 'callback created for a non-regular call');
    }
  }

  private dispatch(event: IvrEvent): void {
    // One event at a time: a command that awaits (TTS, a REST call) must finish before the next event is stepped.
    this.chain = this.chain
      .then(() => this.handle(event))
      .catch((err) => this.log.error({ err, event: event.type }, 'IVR step failed'));
  }

  private async handle(event: IvrEvent): Promise<void> {
    if (this.state.status === 'ended' && event.type !== 'hangup') return;
    if (event.type === 'timer') this.inputTimeouts++;
    const { state, commands } = this.interp.step(this.state, event, this.d.clock.now());
    this.state = state;
    const node = this.interp.flow.flow.nodes[state.node];
    if (state.scope === '' && node?.type === 'menu') this.menusEntered.add(state.node);
    for (const c of commands) await this.execute(c);
  }

  private async execute(c: IvrCommand): Promise<void> {
    const id = this.call.channelId;
    if (this.gone && c.type !== 'log-path' && c.type !== 'end') return;
    try {
      switch (c.type) {
        case 'play': {
          const media = await resolveMedia(this.d, c.media);
          const playbackId = `${id}:${c.id}`;
          this.playbacks.set(playbackId, c.id);
          await this.d.port.play(id, media, playbackId);
          break;
        }
        case 'stopPlayback':
          await this.d.port.stopPlayback(`${id}:${c.id}`).catch((err) => {
            // Already finished: nothing to stop.
            if (!isHotlineError(err, 'CHANNEL_GONE')) throw err;
          });
          this.playbacks.delete(`${id}:${c.id}`);
          break;
        case 'startTimer':
          this.timers.set(
            c.id,
            this.d.clock.setTimeout(() => {
              this.timers.delete(c.id);
              this.dispatch({ type: 'timer', id: c.id });
            }, c.ms),
          );
          break;
        case 'cancelTimer': {
          const t = this.timers.get(c.id);
          if (t) this.d.clock.clearTimeout(t);
          this.timers.delete(c.id);
          break;
        }
        case 'lookup':
          void this.lookup(c);
          break;
        case 'record': {
          const name = `${id.replace(/[^A-Za-z0-9_-]/g, '_')}-${c.id}`;
          this.recordings.set(name, c.id);
          await this.d.port.record(id, { name, maxDurationS: c.maxS, maxSilenceS: c.maxSilenceS ?? 0, beep: c.beep, terminateOn: c.terminateOn });
          break;
        }
        case 'enqueue': {
          this.d.repo.update(id, { queueGroup: c.group });
          const outcome = this.d.queue ? this.d.queue(this.call, c.group, c.priority) : Promise.resolve<QueueOutcome>('timeout');
          void outcome.then(
            (o) => this.dispatch({ type: 'queue-result', outcome: o }),
            (err) => {
              this.log.error({ err }, 'queue failed');
              this.dispatch({ type: 'queue-result', outcome: 'timeout' });
            },
          );
          break;
        }
        case 'createCallback': {
          const row = this.d.repo.get(id);
          this.d.callbacks.create({
            number: c.number,
            reason: c.reason,
            sourceChannelId: id,
            ...(row?.entryNumber ? { entryNumber: row.entryNumber } : {}),
            now: this.d.clock.now(),
          });
          this.log.info({ number: c.number, reason: c.reason }, 'callback created');
          this.dispatch({ type: 'callback-created' });
          break;
        }
        case 'transfer':
          void connectLeg(this.d.port, this.d.recorder, this.call, {
            endpoint: `PJSIP/${c.number}@${this.d.trunk}`,
            calledNumber: c.number,
            callerId: this.d.callerId,
            timeoutS: this.d.transferTimeoutS,
          }).then((r) => this.log.info({ result: r.kind }, 'transfer'));
          break;
        case 'hangup':
          this.d.recorder.markHangupByUs(id);
          await this.d.port.hangup(id);
          break;
        case 'log-path':
          this.d.recorder.addStep(id, { node: c.node, ...defined({ key: c.key, note: c.note }) });
          break;
        case 'end':
          this.d.repo.update(id, { endedIn: c.endedIn });
          break;
      }
    } catch (err) {
      if (isHotlineError(err, 'CHANNEL_GONE')) return;
      throw err;
    }
  }

  private async lookup(c: Extract<IvrCommand, { type: 'lookup' }>): Promise<void> {
    const url = new URL(c.url.startsWith('/') ? this.d.baseUrl() + c.url : c.url);
    for (const [k, v] of Object.entries(c.params)) url.searchParams.set(k, v);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(c.timeoutMs) });
      if (res.status === 404) {
        await res.body?.cancel();
        this.dispatch({ type: 'lookup-result', id: c.id, ok: false });
        return;
      }
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      this.dispatch({ type: 'lookup-result', id: c.id, ok: true, data: await res.json() });
    } catch (err) {
      this.log.warn({ err: (err as Error).message, url: url.pathname }, 'lookup failed');
      this.dispatch({ type: 'lookup-failed', id: c.id });
    }
  }
}
