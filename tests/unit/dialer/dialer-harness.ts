import type { ChannelTraces } from '../../../src/calls/channel-trace.js';
/**
 * The dialer's shells on a real SQLite file and the real call recorder, with a stub TelephonyPort the test drives
 * (it records originates and hang-ups and lets the test send Asterisk's events) and a fake clock the test moves.
 * The ACD is a stub whose agent 1001 takes every live answer at once.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import type { OriginateRequest, TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { CallRecorder } from '../../../src/calls/call-recorder.js';
import { LiveCalls } from '../../../src/calls/live-calls.js';
import type { Clock } from '../../../src/clock.js';
import { changeCampaign, createCampaign } from '../../../src/dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../../../src/dialer/campaign-settings.js';
import type { DialPolicy } from '../../../src/dialer/dial-policy-settings.js';
import { DialerEngine } from '../../../src/dialer/dialer-engine.js';
import type { Metrics } from '../../../src/health/metrics.js';
import { AttemptsRepo } from '../../../src/store/attempts-repo.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { CampaignsRepo } from '../../../src/store/campaigns-repo.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { DncRepo } from '../../../src/store/dnc-repo.js';
import { LeadsRepo } from '../../../src/store/leads-repo.js';
import { PacingRepo } from '../../../src/store/pacing-repo.js';
import { storeOf } from '../../../src/store/store.js';

/** Tuesday 2026-11-24 10:00 in Shanghai. */
export const T0 = Date.parse('2026-11-24T02:00:00Z');

export type FakeClock = Clock & { advance(ms: number): void };

/** A clock whose time moves only when the test says; timers fire as it passes them, in order. */
export function fakeClock(start: number): FakeClock {
  let now = start;
  let seq = 0;
  const timers = new Map<number, { at: number; every: number | null; fn: () => void }>();
  const add = (fn: () => void, ms: number, every: boolean) => {
    seq += 1;
    timers.set(seq, { at: now + Math.max(0, ms), every: every ? Math.max(1, ms) : null, fn });
    return seq as unknown as ReturnType<typeof setTimeout>;
  };
  const clear = (h: ReturnType<typeof setTimeout>) => void timers.delete(h as unknown as number);
  return {
    now: () => now,
    random: () => 0.5,
    setTimeout: (fn, ms) => add(fn, ms, false),
    clearTimeout: clear,
    setInterval: (fn, ms) => add(fn, ms, true),
    clearInterval: clear,
    advance(ms: number) {
      const end = now + ms;
      for (;;) {
        const next = [...timers.entries()].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
        if (!next) break;
        const [id, t] = next;
        now = t.at;
        if (t.every === null) timers.delete(id);
        else t.at += t.every;
        t.fn();
      }
      now = end;
    },
  };
}

/** A TelephonyPort stub: what the dialer asked of Asterisk, and a way to send Asterisk's events. */
export function stubPort() {
  const listeners = new Set<(e: TelephonyEvent) => void>();
  const watchers = new Map<string, Set<(e: TelephonyEvent) => void>>();
  const originated: OriginateRequest[] = [];
  const hungUp: string[] = [];
  const channels = new Set<string>();
  const none = async () => undefined;
  const flags = { killBeforeDial: false };
  const stub = {
    connected: true,
    start: none,
    stop: none,
    onEvent: (l: (e: TelephonyEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
    onConnection: () => () => undefined,
    watchChannel: (id: string, l: (e: TelephonyEvent) => void) => {
      const set = watchers.get(id) ?? new Set();
      set.add(l);
      watchers.set(id, set);
      return () => set.delete(l);
    },
    follow: none,
    originate: async (r: OriginateRequest) => {
      originated.push(r);
      channels.add(r.channelId);
      // A process killed between channels/create and dial leaves the channel made, never dialed, and no mark.
      if (!flags.killBeforeDial) r.onDialing?.();
    },
    hangup: async (id: string) => {
      hungUp.push(id);
    },
    continueInDialplan: none,
    play: async () => 'p',
    channel: async (id: string) => (channels.has(id) ? { id } : null),
    appChannels: async () => [],
    bridgedChannels: async () => new Set<string>(),
  };
  const emit = (e: TelephonyEvent) => {
    if (e.type === 'hung-up') channels.delete(e.channelId);
    for (const l of [...(watchers.get(e.channelId) ?? [])]) l(e);
    for (const l of [...listeners]) l(e);
  };
  // Cast rather than checked: the dialer uses only the members above.
  return { port: stub as unknown as TelephonyPort, originated, hungUp, channels, emit, flags };
}

/** Every hour of every day open, one dial of each kind, retries 60 s apart. */
const allDay = Object.fromEntries(['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, [{ from: '00:00', to: '24:00' }]]));
export const openSettings = (over: CampaignSettingsInput = {}): CampaignSettingsInput => ({
  windows: allDay,
  quietHours: [],
  ringTimeoutS: 20,
  amd: false,
  maxLines: 10,
  maxCallsPerSecond: 10,
  retry: { default: { delayS: 60, maxPerDay: 3, maxTotal: 3 }, byOutcome: {} },
  ...over,
});

/** Lets the promises the shells started (originate, the hand-off to the ACD) run. */
export const settleMicrotasks = () => new Promise((r) => setImmediate(r));

export interface DialerHarness {
  db: Db;
  clock: FakeClock;
  tel: ReturnType<typeof stubPort>;
  engine: DialerEngine;
  leads: LeadsRepo;
  attempts: AttemptsRepo;
  campaigns: CampaignsRepo;
  dnc: DncRepo;
  /** A running campaign with these settings and leads; returns its id and the lead ids. */
  campaign(settings: CampaignSettingsInput, phones: string[]): { id: number; leads: number[] };
  /** A new engine and call recorder on the same database, clock and port: the process after a restart. */
  restart(): { engine: DialerEngine; recorder: CallRecorder };
  calls: CallsRepo;
}

export function dialerHarness(opts: { db?: Db; ready?: string[]; policy?: DialPolicy; traces?: () => ChannelTraces | null; log?: pino.Logger } = {}): DialerHarness {
  const db = opts.db ?? openDb(join(mkdtempSync(join(tmpdir(), 'hotline-dialer-')), 'db.sqlite'));
  const clock = fakeClock(T0);
  const tel = stubPort();
  const log = opts.log ?? pino({ level: 'silent' });
  const campaigns = new CampaignsRepo(db);
  const leads = new LeadsRepo(db);
  const attempts = new AttemptsRepo(db);
  const dnc = new DncRepo(db);
  const calls = new CallsRepo(db, clock, 0);
  const ready = opts.ready ?? ['1001'];
  let made = 0;
  const build = () => {
    const recorder = new CallRecorder({ port: tel.port, repo: calls, calls: new LiveCalls(), metrics: { callsTotal: { inc: () => undefined } } as unknown as Metrics, log, clock, shortCallS: 3 });
    recorder.start();
    const engine = new DialerEngine({
      ...(opts.traces ? { channelTraces: opts.traces } : {}),
      campaigns,
      leads,
      attempts,
      dnc,
      recorder,
      agents: { readyAgents: () => ready, groupLoad: () => ({ ready: ready.length, onCall: [], wrapping: [], paused: 0 }), wrapUpS: () => 0 },
      pacing: new PacingRepo(db),
      clock,
      connected: () => tel.port.connected,
      channelExists: async (id) => (await tel.port.channel(id)) !== null,
      hangup: (id) => tel.port.hangup(id),
      log,
      tickMs: 100,
      ...(opts.policy ? { policy: { rules: opts.policy, refusals: storeOf(db).dialRefusals } } : {}),
      call: {
        port: tel.port,
        recorder,
        // Agent 1001 takes every live answer as soon as it is queued.
        acd: { enqueue: async (_call, _g, _p, _l, o) => (o?.onAgentAnswered?.('1001', clock.now()), 'answered'), withdraw: () => false, reserve: () => () => undefined },
        attempts,
        clock,
        dialerContext: 'dialer',
        flow: () => undefined,
        runFlow: async () => undefined,
        agentOf: () => '1001',
        speak: async () => [],
      },
    });
    return { engine, recorder };
  };
  return {
    db,
    clock,
    tel,
    engine: build().engine,
    calls,
    leads,
    attempts,
    campaigns,
    dnc,
    campaign(settings, phones) {
      const c = createCampaign(storeOf(db), `campaign-${(made += 1)}`, settings, clock.now());
      const ids = phones.map((phone) => leads.insert({ campaignId: c.id, phone, now: clock.now() }));
      changeCampaign(storeOf(db), c.id, 'start', clock.now());
      return { id: c.id, leads: ids };
    },
    restart: build,
  };
}
