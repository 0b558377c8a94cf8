/**
 * What a shell (ACD runner, IVR runner) talks to, faked for unit tests: a clock whose time and timers the test moves,
 * a telephony port that records every call and lets the test play Asterisk's events, a recorder that keeps the live
 * calls, and repositories that keep rows in memory. Nothing here sleeps or opens a socket.
 */
import pino from 'pino';
import type { TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import type { CallRecorder } from '../../../src/calls/call-recorder.js';
import { LiveCalls, type LiveCall } from '../../../src/calls/live-calls.js';
import type { Clock } from '../../../src/clock.js';
import type { CallbacksRepo } from '../../../src/store/callbacks-repo.js';
import type { CallRow, CallsRepo } from '../../../src/store/calls-repo.js';

type Handle = ReturnType<typeof setTimeout>;

/** Time stands still until the test moves it; timers fire in time order as it passes them. */
export class FakeClock implements Clock {
  private seq = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void; everyMs?: number }>();

  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  random(): number {
    return 0.5;
  }

  setTimeout(fn: () => void, ms: number): Handle {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.t + ms, fn });
    return this.seq as unknown as Handle;
  }

  clearTimeout(h: Handle): void {
    this.timers.delete(h as unknown as number);
  }

  setInterval(fn: () => void, ms: number): Handle {
    this.seq += 1;
    this.timers.set(this.seq, { at: this.t + ms, fn, everyMs: ms });
    return this.seq as unknown as Handle;
  }

  clearInterval(h: Handle): void {
    this.timers.delete(h as unknown as number);
  }

  /** Timers not yet fired. */
  get pending(): number {
    return this.timers.size;
  }

  /** Moves time forward by `ms`, firing every timer it passes, in order, each at its own time. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= end).sort((a, b) => a[1].at - b[1].at || a[0] - b[0])[0];
      if (!due) break;
      const [id, timer] = due;
      this.t = timer.at;
      if (timer.everyMs !== undefined) timer.at += timer.everyMs;
      else this.timers.delete(id);
      timer.fn();
    }
    this.t = end;
  }
}

/** Lets promise chains that are already settled run on (no time passes). */
export async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise<void>((r) => setImmediate(r));
}

export const silentLog = pino({ level: 'silent' });

/** A port call as the shell made it. */
export interface PortCall {
  op: string;
  args: unknown[];
}

/**
 * A telephony port that records calls and answers them at once. `hangup` ends the channel as Asterisk would (its
 * watchers hear `hung-up`, then the live call's clean-up runs); `event` plays any other event to a channel's watchers.
 */
export class StubTelephony {
  readonly calls: PortCall[] = [];
  readonly live = new LiveCalls();
  private readonly watchers = new Map<string, Set<(e: TelephonyEvent) => void>>();
  private bridges = 0;
  /** Legs being heard (hearEarlyMedia), with the listener that `audio` feeds. */
  readonly hearing = new Map<string, (pcm: Int16Array, at: number) => void>();

  constructor(private readonly clock: Clock) {}

  /** The port the shell gets. */
  readonly port: TelephonyPort = this.makePort();

  /** The recorder the shell gets: new legs join the live calls; hang-ups are noted, nothing is written. */
  readonly recorder = {
    hungUpByUs: [] as string[],
    beginOutbound: (channelId: string) => this.addCall(channelId, 'outbound'),
    markHangupByUs: (channelId: string) => void this.recorder.hungUpByUs.push(channelId),
    failed: () => undefined,
    addStep: (channelId: string, step: unknown) => void this.calls.push({ op: 'addStep', args: [channelId, step] }),
  };

  get recorderPort(): CallRecorder {
    return this.recorder as unknown as CallRecorder;
  }

  /** A call in progress, as the recorder would hold it. */
  addCall(channelId: string, direction: 'inbound' | 'outbound' = 'inbound'): LiveCall {
    const call: LiveCall = {
      channelId,
      direction,
      startedAt: this.clock.now(),
      answeredAt: null,
      amd: false,
      hangupRequested: false,
      digits: '',
      path: [],
      log: silentLog,
      cleanup: [],
    };
    this.live.add(call);
    return call;
  }

  /** The far end of a heard leg sends audio. */
  audio(channelId: string, pcm: Int16Array): void {
    this.hearing.get(channelId)?.(pcm, this.clock.now());
  }

  /** Plays an event to the channel's watchers. */
  event(e: TelephonyEvent): void {
    for (const l of [...(this.watchers.get(e.channelId) ?? [])]) l(e);
  }

  /** The channel hangs up with a Q.850 cause: its watchers hear it, then the call's clean-up runs. */
  end(channelId: string, cause = 16): void {
    this.event({ type: 'hung-up', channelId, cause, causeText: '', at: this.clock.now() });
    this.watchers.delete(channelId);
    this.live.remove(channelId);
  }

  /** The calls made with this operation, oldest first. */
  made(op: string): unknown[][] {
    return this.calls.filter((c) => c.op === op).map((c) => c.args);
  }

  private makePort(): TelephonyPort {
    const record =
      (op: string, result: (...args: never[]) => unknown = () => undefined) =>
      async (...args: unknown[]) => {
        this.calls.push({ op, args });
        return result(...(args as never[]));
      };
    const port = {
      connected: true,
      start: record('start'),
      stop: record('stop'),
      onEvent: () => () => undefined,
      onConnection: () => () => undefined,
      watchChannel: (channelId: string, l: (e: TelephonyEvent) => void) => {
        const set = this.watchers.get(channelId) ?? new Set();
        set.add(l);
        this.watchers.set(channelId, set);
        return () => {
          set.delete(l);
          // As the real connection does: a channel nobody listens to is not counted.
          if (set.size === 0 && this.watchers.get(channelId) === set) this.watchers.delete(channelId);
        };
      },
      follow: record('follow'),
      watchedChannels: () => this.watchers.size,
      answer: record('answer'),
      play: record('play', (_ch: string, _media: string[], playbackId?: string) => playbackId ?? 'p'),
      stopPlayback: record('stopPlayback'),
      startMoh: record('startMoh'),
      stopMoh: record('stopMoh'),
      record: record('record'),
      recordBridge: record('recordBridge'),
      createBridge: record('createBridge', () => `bridge-${++this.bridges}`),
      addToBridge: record('addToBridge'),
      removeFromBridge: record('removeFromBridge'),
      destroyBridge: record('destroyBridge'),
      originate: record('originate'),
      hearEarlyMedia: async (channelId: string, onAudio: (pcm: Int16Array, at: number) => void) => {
        this.calls.push({ op: 'hearEarlyMedia', args: [channelId] });
        this.hearing.set(channelId, onAudio);
        return async () => {
          this.calls.push({ op: 'stopHearing', args: [channelId] });
          this.hearing.delete(channelId);
        };
      },
      continueInDialplan: record('continueInDialplan'),
      snoop: record('snoop'),
      mute: record('mute'),
      unmute: record('unmute'),
      hangup: async (channelId: string) => {
        this.calls.push({ op: 'hangup', args: [channelId] });
        if (this.live.get(channelId)) this.end(channelId, 16);
      },
      appChannels: async () => this.live.ids(),
      channel: async () => null,
      bridgedChannels: async () => new Set<string>(),
      asteriskVersion: async () => '22.10.1',
      pushSipPhone: record('pushSipPhone'),
      removeSipPhone: record('removeSipPhone'),
    };
    return port as unknown as TelephonyPort;
  }
}

/** Call rows in memory: `update` merges, `get` reads; a row starts with the caller's and entry numbers. */
export class MemoryCalls {
  readonly rows = new Map<string, Partial<CallRow>>();

  open(channelId: string, row: Partial<CallRow>): void {
    this.rows.set(channelId, { channelId, ...row });
  }

  readonly repo = {
    get: (channelId: string) => this.rows.get(channelId) as CallRow | undefined,
    update: (channelId: string, patch: Partial<CallRow>) => void this.rows.set(channelId, { ...(this.rows.get(channelId) ?? { channelId }), ...patch }),
  } as unknown as CallsRepo;
}

/** Callbacks created, in order. */
export class MemoryCallbacks {
  readonly created: Array<{ number: string; reason: string; sourceChannelId?: string; entryNumber?: string; now: number }> = [];
  readonly repo = {
    create: (c: MemoryCallbacks['created'][number]) => {
      this.created.push(c);
      return { id: this.created.length, ...c };
    },
  } as unknown as CallbacksRepo;
}
