import type { Logger } from 'pino';
import type { ChannelSnapshot, TelephonyPort, Unsubscribe } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCalls } from './live-calls.js';
import { awayCalls, AWAY_LOOKBACK_MS } from './away-calls.js';
import { traceRecordOf, type ChannelTraces } from './channel-trace.js';
import { readTracesUntil } from './channel-trace-wait.js';
import { isOutboundChannelId } from './outbound-channel-ids.js';
import { planReconcile, type OrphanRule } from './reconcile-plan.js';

/** Calls that ended this long before the socket closed, when Asterisk turns out restarted, were cut by its shutdown. */
const SHUTDOWN_WINDOW_MS = 2000;
/** How long after hanging up an orphan its row is checked for an end that never came. */
const CLOSE_CHECK_MS = 2000;

export interface CallReconcilerDeps {
  port: Pick<TelephonyPort, 'onConnection' | 'appChannels' | 'bridgedChannels' | 'channel' | 'hangup' | 'watchChannel' | 'asteriskStartedAt'>;
  /** Asterisk's own record of each channel (its CEL), null when it cannot be read: how missed channels ended. */
  channelTraces?: () => ChannelTraces | null;
  calls: LiveCalls;
  repo: CallsRepo;
  recorder: CallRecorder;
  clock: Clock;
  rule: OrphanRule;
  log: Logger;
  /** Starts an inbound call's entry handler again from the top (the call was answered when `answered`). */
  restartEntry: (channelId: string, answered: boolean) => void;
}

/**
 * The shell around planReconcile: after every (re)connect it asks Asterisk which channels the app owns and which sit
 * in a bridge, and carries out the plan on the rows and live calls: closes lost ones, adopts orphans, restarts their
 * entry handler or hangs them up.
 */
export class CallReconciler {
  private running: Promise<void> | null = null;
  /** When the socket last went down, until the reconciliation after it has looked at what happened meanwhile. */
  private disconnectedAt: number | null = null;
  /** When this process made the reconciler: writes before it are a previous process's. */
  private readonly createdAt: number;

  constructor(private readonly d: CallReconcilerDeps) {
    this.createdAt = d.clock.now();
  }

  /**
   * Reconciles after every (re)connect, since Asterisk replays nothing it sent while we were away. `thenOnce` runs
   * once, after the first reconciliation: what depends on the calls being known (the dialer settling the attempts a
   * previous run left open).
   */
  listen(thenOnce?: () => Promise<void>): Unsubscribe {
    let pending = thenOnce;
    return this.d.port.onConnection((e) => {
      if (e.type === 'disconnected') this.disconnectedAt ??= e.at;
      if (e.type !== 'connected') return;
      void this.run().then(async () => {
        const next = pending;
        pending = undefined;
        await next?.();
      });
    });
  }

  /** Reconciles once; a call while one runs joins it, so a flapping socket never runs two over the same rows. */
  run(): Promise<void> {
    this.running ??= this.reconcile()
      .catch((err) => this.d.log.error({ err }, 'reconciliation failed'))
      .finally(() => {
        this.running = null;
      });
    return this.running;
  }

  /** Resolves once no reconciliation runs (for a clean stop). */
  async settled(): Promise<void> {
    await this.running;
  }

  private async reconcile(): Promise<void> {
    const { port, calls, repo, recorder } = this.d;
    // What we know is taken before asking Asterisk: a call that starts meanwhile is not ours to judge,
    // and neither is a leg whose originate request is still in flight.
    const inFlight = calls.originatingIds();
    const live = calls.ids().filter((id) => !inFlight.has(id));
    const openRows = repo.openCalls().filter((r) => !inFlight.has(r.channelId));
    const [owned, bridged] = await Promise.all([port.appChannels(), port.bridgedChannels()]);
    // The state of every channel we do not track: an outbound leg still ringing is followed, not hung up.
    const known = new Set(live);
    const snaps = new Map<string, ChannelSnapshot>();
    await Promise.all(
      owned
        .filter((id) => !known.has(id) && !inFlight.has(id))
        .map(async (id) => {
          const snap = await port.channel(id).catch(() => null);
          if (snap) snaps.set(id, snap);
        }),
    );
    const ringing = new Set([...snaps.values()].filter((s) => s.state !== 'Up').map((s) => s.id));
    const actions = planReconcile({ appChannels: owned, bridged, live, openRows, rule: this.d.rule, ringing });
    const now = this.d.clock.now();
    // Rows closed as lost are decided from Asterisk's record: it is read again while one of their ends is not written.
    const lost = actions.filter((a) => a.kind === 'close-lost').map((a) => a.channelId);
    const read = this.d.channelTraces ?? (() => null);
    const traces = lost.length ? await readTracesUntil(read, (t) => lost.some((id) => traceRecordOf(t, id, Number.NEGATIVE_INFINITY) === 'no-end-yet'), this.d.clock) : read();
    // Since when hotline was away: the socket's drop, or for a new process the last write of the one before. Callers
    // from before that are not ours to record (another node's, or an earlier database's on a shared Asterisk).
    const down = this.disconnectedAt;
    const awaySince = down ?? this.d.repo.lastWriteBefore(this.createdAt) ?? this.createdAt;
    const startedAt = await this.mediaServerStart(now);
    for (const a of actions) {
      if (a.kind === 'keep') continue;
      let row = repo.get(a.channelId);
      if (a.kind === 'close-lost') {
        // A call that began before the running Asterisk started was cut by the media server's loss.
        if (row) recorder.closeLost(row, now, traces, startedAt !== null && row.startedAt < startedAt);
        else calls.remove(a.channelId);
        continue;
      }
      if (!row) {
        const snap = snaps.get(a.channelId) ?? (await port.channel(a.channelId));
        if (!snap) continue;
        const outbound = isOutboundChannelId(snap.id);
        repo.insert({
          channelId: snap.id,
          direction: outbound ? 'outbound' : 'inbound',
          startedAt: snap.createdAt || now,
          ringAt: snap.createdAt || now,
          callerNumber: snap.callerNumber,
          calledNumber: snap.calledNumber,
          entryNumber: outbound ? null : snap.calledNumber,
          answeredAt: snap.state === 'Up' ? now : null,
        });
        row = repo.get(a.channelId);
        if (!row) continue;
      }
      // Answered while no hotline was listening: the row learns it now, so the leg's end is not taken for no answer.
      if (row.answeredAt === null && snaps.get(a.channelId)?.state === 'Up') {
        repo.update(a.channelId, { answeredAt: now });
        row = { ...row, answeredAt: now };
      }
      const call = recorder.adoptFromRow(row, a.kind);
      call.log.info({ action: a.kind }, 'reconciled after (re)connect');
      if (a.kind === 'restart-entry') this.d.restartEntry(a.channelId, row.answeredAt !== null);
      if (a.kind === 'follow-ringing') this.hangUpIfAnswered(a.channelId);
      if (a.kind === 'hangup') await this.hangUp(a.channelId);
    }
    if (actions.length) this.d.log.info({ actions: actions.length }, 'reconciliation done');
    if (traces) this.recordAwayCalls(traces, Math.max(awaySince, now - AWAY_LOOKBACK_MS));
  }

  /**
   * When the running Asterisk started, and, if that was after the socket went down (Asterisk was restarted), marks the
   * calls whose end events its shutdown sent just before the socket closed as cut by the media-server loss.
   */
  private async mediaServerStart(now: number): Promise<number | null> {
    const startedAt = (await this.d.port.asteriskStartedAt?.().catch(() => null)) ?? null;
    const down = this.disconnectedAt;
    this.disconnectedAt = null;
    if (startedAt !== null && down !== null && startedAt >= down - 1000 && startedAt <= now) {
      const cut = this.d.repo.markCutByMediaServer(down - SHUTDOWN_WINDOW_MS, down);
      if (cut) this.d.log.warn({ cut }, 'Asterisk restarted: calls it hung up as it stopped are marked cut by the media-server loss');
    }
    return startedAt;
  }

  /** Writes a closed record for every caller Asterisk took while hotline was away (src/calls/away-calls.ts). */
  private recordAwayCalls(traces: ChannelTraces, since: number): void {
    const { repo, calls } = this.d;
    const rows = awayCalls(traces, (id) => calls.get(id) !== undefined || repo.get(id) !== undefined, since);
    for (const row of rows) repo.insert(row);
    if (rows.length) this.d.log.warn({ calls: rows.length }, 'callers Asterisk took while hotline was away: recorded');
  }

  /**
   * A followed leg that answers has no dialer handler any more (its state died with the old process): it is hung up
   * rather than left in silence, and its end is recorded as usual.
   */
  private hangUpIfAnswered(channelId: string): void {
    const call = this.d.calls.get(channelId);
    const stop = this.d.port.watchChannel(channelId, (e) => {
      if (e.type !== 'answered') return;
      stop();
      void this.hangUp(channelId);
    });
    call?.cleanup.push(stop);
  }

  /**
   * Hangs up an orphan. Its hang-up event may never reach us (the subscription a new process asks for may land after
   * the channel is gone), so a row still open CLOSE_CHECK_MS later whose channel is gone is closed here: no record is
   * left marked reconciled with no end time (issue 17 item 8).
   */
  private async hangUp(channelId: string): Promise<void> {
    const { port, recorder, calls, repo, clock } = this.d;
    recorder.markHangupByUs(channelId);
    await port.hangup(channelId).catch((err) => {
      if (!isHotlineError(err, 'CHANNEL_GONE')) this.d.log.warn({ err, channelId }, 'reconcile hang-up failed');
    });
    clock.setTimeout(() => {
      if (!calls.get(channelId)) return;
      void port
        .channel(channelId)
        .then((snap) => {
          const row = repo.get(channelId);
          if (!snap && row && row.endedAt === null) recorder.closeLost(row, clock.now(), this.d.channelTraces?.() ?? null);
        })
        .catch(() => undefined);
    }, CLOSE_CHECK_MS);
  }
}
