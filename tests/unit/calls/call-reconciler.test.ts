import { describe, expect, it } from 'vitest';
import type { ChannelSnapshot, ConnectionEvent, TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { CallReconciler } from '../../../src/calls/call-reconciler.js';
import { CallRecorder } from '../../../src/calls/call-recorder.js';
import { LiveCalls } from '../../../src/calls/live-calls.js';
import type { OrphanRule } from '../../../src/calls/reconcile-plan.js';
import { systemClock, type Clock } from '../../../src/clock.js';
import { FakeClock, settle } from '../support/shell-stubs.js';
import { parseChannelTraces, type ChannelTraces } from '../../../src/calls/channel-trace.js';
import { createMetrics } from '../../../src/health/metrics.js';
import { createLogger } from '../../../src/log/logger.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { openDb } from '../../../src/store/db.js';

const T0 = Date.parse('2026-03-10T10:00:00+08:00');

/** What Asterisk says after a restart of hotline: the channels the app owns, those in a bridge, and their snapshots. */
function world(opts: { owned?: string[]; bridged?: string[]; snapshots?: ChannelSnapshot[]; rule?: OrphanRule; clock?: FakeClock; asteriskStartedAt?: number; traces?: ChannelTraces; repo?: CallsRepo }) {
  const connection = new Set<(e: ConnectionEvent) => void>();
  const watchers = new Map<string, (e: TelephonyEvent) => void>();
  const hungUp: string[] = [];
  let appReads = 0;
  const port = {
    onConnection: (l: (e: ConnectionEvent) => void) => (connection.add(l), () => connection.delete(l)),
    appChannels: async () => (appReads++, opts.owned ?? []),
    bridgedChannels: async () => new Set(opts.bridged ?? []),
    channel: async (id: string) => opts.snapshots?.find((s) => s.id === id) ?? null,
    hangup: async (id: string) => void hungUp.push(id),
    follow: async () => undefined,
    watchChannel: (id: string, l: (e: TelephonyEvent) => void) => (watchers.set(id, l), () => watchers.delete(id)),
    asteriskStartedAt: async () => opts.asteriskStartedAt ?? null,
  } as unknown as TelephonyPort;
  const clock: Clock = opts.clock ?? { ...systemClock, now: () => T0 };
  const log = createLogger('silent');
  const repo = opts.repo ?? new CallsRepo(openDb(':memory:'), clock);
  const calls = new LiveCalls();
  const recorder = new CallRecorder({ port, repo, calls, metrics: createMetrics(() => calls.size), log, clock, shortCallS: 3 });
  const restarted: Array<[string, boolean]> = [];
  const reconciler = new CallReconciler({
    port,
    calls,
    repo,
    recorder,
    clock,
    rule: opts.rule ?? 'restart-entry',
    channelTraces: () => opts.traces ?? null,
    log,
    restartEntry: (id, answered) => void restarted.push([id, answered]),
  });
  const connect = (reconnect: boolean) => {
    for (const l of connection) l({ type: 'connected', reconnect, at: T0 });
  };
  const disconnect = (at: number) => {
    for (const l of connection) l({ type: 'disconnected', reason: 'socket closed (1006)', at });
  };
  const emit = (id: string, e: TelephonyEvent) => watchers.get(id)?.(e);
  return { reconciler, repo, calls, hungUp, restarted, connect, disconnect, emit, appReads: () => appReads };
}

const snapshot = (id: string, state: string): ChannelSnapshot => ({ id, state, callerNumber: '13900000001', calledNumber: '4008001234', createdAt: T0 - 60_000 });

describe('reconciling calls after a (re)connect', () => {
  it('closes a row whose channel ended while hotline was away', async () => {
    const w = world({});
    w.repo.insert({ channelId: 'in-1', direction: 'inbound', startedAt: T0 - 60_000, answeredAt: T0 - 50_000 });
    await w.reconciler.run();
    expect(w.repo.get('in-1')).toMatchObject({ endedAt: T0, reconciled: 'ended-while-disconnected' });
  });

  it('takes back an inbound call it has no row for and restarts its entry handler', async () => {
    const w = world({ owned: ['in-2'], snapshots: [snapshot('in-2', 'Up')] });
    await w.reconciler.run();
    expect(w.repo.get('in-2')).toMatchObject({ direction: 'inbound', callerNumber: '13900000001', entryNumber: '4008001234', answeredAt: T0, reconciled: 'restart-entry' });
    expect(w.calls.get('in-2')).toBeDefined();
    expect(w.restarted).toEqual([['in-2', true]]);
  });

  it('hangs up an orphan when the rule says so, and keeps a bridged one', async () => {
    const w = world({ owned: ['in-3', 'in-4'], bridged: ['in-4'], snapshots: [snapshot('in-3', 'Up'), snapshot('in-4', 'Up')], rule: 'hangup' });
    await w.reconciler.run();
    expect(w.hungUp).toEqual(['in-3']);
    expect(w.repo.get('in-4')?.reconciled).toBe('watch-bridged');
    expect(w.restarted).toEqual([]);
  });

  it('runs one reconciliation at a time, and what waits for it once, after the first', async () => {
    const w = world({});
    await Promise.all([w.reconciler.run(), w.reconciler.run()]);
    expect(w.appReads()).toBe(1);
    let after = 0;
    w.reconciler.listen(async () => void after++);
    w.connect(false);
    await w.reconciler.settled();
    await new Promise((r) => setImmediate(r));
    w.connect(true);
    await w.reconciler.settled();
    await new Promise((r) => setImmediate(r));
    expect(w.appReads()).toBe(3);
    expect(after).toBe(1);
  });

  // Issue 17 item 8.
  it('follows a ringing dialer leg it has no row for (killed before the row was written): an outbound row, no hang-up, no inbound flow', async () => {
    const w = world({ owned: ['dial-7'], snapshots: [snapshot('dial-7', 'Ringing')] });
    await w.reconciler.run();
    expect(w.hungUp).toEqual([]);
    expect(w.restarted).toEqual([]);
    expect(w.repo.get('dial-7')).toMatchObject({ direction: 'outbound', entryNumber: null, reconciled: 'follow-ringing', endedAt: null });
    // Answered after the restart: no dialer handler is left for it, so it is hung up rather than left in silence.
    w.emit('dial-7', { type: 'answered', channelId: 'dial-7', at: T0 + 5000 } as TelephonyEvent);
    await settle();
    expect(w.hungUp).toEqual(['dial-7']);
  });

  it('hangs up an answered dialer leg with no row, never running it as an inbound caller', async () => {
    const w = world({ owned: ['dial-8'], snapshots: [snapshot('dial-8', 'Up')] });
    await w.reconciler.run();
    expect(w.restarted).toEqual([]);
    expect(w.hungUp).toEqual(['dial-8']);
    expect(w.repo.get('dial-8')?.direction).toBe('outbound');
  });

  it('closes a hung-up orphan whose hang-up event never comes: no row left reconciled with no end time', async () => {
    const clock = new FakeClock(T0);
    const snaps = [snapshot('1700000000.5', 'Up')];
    const w = world({ owned: ['1700000000.5'], snapshots: snaps, rule: 'hangup', clock });
    await w.reconciler.run();
    expect(w.repo.get('1700000000.5')).toMatchObject({ reconciled: 'hangup', endedAt: null });
    snaps.length = 0; // the channel is gone, and no event said so
    clock.advance(2000);
    await settle();
    expect(w.repo.get('1700000000.5')?.endedAt).not.toBeNull();
  });

  it("closes such an orphan from Asterisk's record when it has the hang-up", async () => {
    const clock = new FakeClock(T0);
    const snaps = [snapshot('dial-5', 'Up')];
    const traces = parseChannelTraces(JSON.stringify({ eventtype: 'HANGUP', eventtime: String((T0 + 300) / 1000), uniqueid: 'dial-5', channame: 'PJSIP/carrier-1', eventextra: '{"hangupcause":16}' }));
    const w = world({ owned: ['dial-5'], snapshots: snaps, clock, traces });
    w.repo.insert({ channelId: 'dial-5', direction: 'outbound', startedAt: T0 - 20_000, answeredAt: T0 - 10_000 });
    await w.reconciler.run();
    snaps.length = 0;
    clock.advance(2000);
    await settle();
    expect(w.repo.get('dial-5')).toMatchObject({ endedAt: T0 + 300, causeCode: 16, outcome: 'human', reconciled: 'asterisk-record' });
  });

  // Issue 17: the channel leaves ARI's list a moment before Asterisk writes its end (a CI failure of restart-truth).
  it("reads Asterisk's record again while a gone channel's end is not written yet, and closes the row from it", async () => {
    const clock = new FakeClock(T0);
    const line = (type: string, at: number, extra = '') => JSON.stringify({ eventtype: type, eventtime: String(at / 1000), uniqueid: 'dial-6', channame: 'PJSIP/carrier-1', eventextra: extra });
    const o: Parameters<typeof world>[0] = { clock, traces: parseChannelTraces(line('CHAN_START', T0 - 20_000)) };
    const w = world(o);
    w.repo.insert({ channelId: 'dial-6', direction: 'outbound', startedAt: T0 - 20_000, answeredAt: T0 - 10_000 });
    const done = w.reconciler.run();
    for (let i = 0; i < 3; i++) {
      await settle();
      clock.advance(250);
    }
    expect(w.repo.get('dial-6')).toMatchObject({ endedAt: null });
    o.traces = parseChannelTraces([line('CHAN_START', T0 - 20_000), line('HANGUP', T0 - 9_000, '{"hangupcause":16}')].join('\n'));
    await settle();
    clock.advance(250);
    await done;
    expect(w.repo.get('dial-6')).toMatchObject({ endedAt: T0 - 9_000, causeCode: 16, outcome: 'short-call', reconciled: 'asterisk-record' });
  });

  // Issue 17 item 9: an Asterisk restart under load.
  it('marks calls cut by an Asterisk restart, both those it ended as it stopped and those found gone, and records callers it took meanwhile', async () => {
    const down = T0 - 10_000;
    const traces = parseChannelTraces(
      [
        { eventtype: 'CHAN_START', eventtime: String((T0 - 5000) / 1000), uniqueid: '1796000000.9', num: '13800138000', exten: '4008001234', channame: 'PJSIP/carrier-1' },
        { eventtype: 'HANGUP', eventtime: String((T0 - 4000) / 1000), uniqueid: '1796000000.9', channame: 'PJSIP/carrier-1', eventextra: '{"hangupcause":16}' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n'),
    );
    const w = world({ asteriskStartedAt: T0 - 8000, traces });
    // Ended by Asterisk's shutdown, its end seen just before the socket closed.
    w.repo.insert({ channelId: 'cut-1', direction: 'inbound', startedAt: T0 - 60_000, answeredAt: T0 - 50_000, endedAt: down - 300, outcome: 'answered' });
    // Adopted after an earlier restart, then cut the same way.
    w.repo.insert({ channelId: 'cut-3', direction: 'outbound', startedAt: T0 - 60_000, endedAt: down - 100, outcome: 'rejected', reconciled: 'follow-ringing' });
    // An ordinary call that ended long before.
    w.repo.insert({ channelId: 'old-1', direction: 'inbound', startedAt: T0 - 90_000, endedAt: down - 30_000, outcome: 'answered' });
    // Open, and gone when hotline is back: it began before this Asterisk started.
    w.repo.insert({ channelId: 'cut-2', direction: 'inbound', startedAt: T0 - 40_000, answeredAt: T0 - 39_000 });
    w.reconciler.listen();
    w.disconnect(down);
    w.connect(true);
    await settle();
    await w.reconciler.settled();
    expect(w.repo.get('cut-1')?.reconciled).toBe('media-server-lost');
    expect(w.repo.get('cut-3')?.reconciled).toBe('media-server-lost');
    expect(w.repo.get('old-1')?.reconciled).toBeNull();
    expect(w.repo.get('cut-2')).toMatchObject({ reconciled: 'media-server-lost', endedAt: T0 });
    expect(w.repo.get('1796000000.9')).toMatchObject({ direction: 'inbound', callerNumber: '13800138000', reconciled: 'while-away', endedAt: T0 - 4000 });
  });

  it('a dialer leg answered while no hotline ran is adopted as answered: its end is not taken for no answer', async () => {
    const w = world({ owned: ['dial-9'], snapshots: [snapshot('dial-9', 'Up')] });
    w.repo.insert({ channelId: 'dial-9', direction: 'outbound', startedAt: T0 - 20_000 });
    await w.reconciler.run();
    expect(w.hungUp).toEqual(['dial-9']);
    expect(w.repo.get('dial-9')).toMatchObject({ answeredAt: T0, reconciled: 'hangup' });
    expect(w.calls.get('dial-9')?.answeredAt).toBe(T0);
  });

  it("after a restart, records only callers who came after the last process's last write (not an earlier database's)", async () => {
    const line = (id: string, at: number) =>
      [
        { eventtype: 'CHAN_START', eventtime: String(at / 1000), uniqueid: id, num: '13800138000', exten: '4008001234', channame: 'PJSIP/carrier-1' },
        { eventtype: 'HANGUP', eventtime: String((at + 1000) / 1000), uniqueid: id, channame: 'PJSIP/carrier-1', eventextra: '{"hangupcause":16}' },
      ]
        .map((l) => JSON.stringify(l))
        .join('\n');
    const traces = parseChannelTraces([line('1796000000.1', T0 - 300_000), line('1796000000.2', T0 - 30_000)].join('\n'));
    const clock = new FakeClock(T0 - 120_000);
    const repo = new CallsRepo(openDb(':memory:'), clock, 0);
    // The previous process's last write, two minutes ago.
    repo.insert({ channelId: 'old', direction: 'inbound', startedAt: T0 - 130_000, endedAt: T0 - 120_000 });
    clock.advance(120_000);
    const w = world({ traces, clock, repo });
    await w.reconciler.run();
    expect(w.repo.get('1796000000.1')).toBeUndefined();
    expect(w.repo.get('1796000000.2')?.reconciled).toBe('while-away');
  });
});
