import type { Logger } from 'pino';
import type { TelephonyPort, Unsubscribe } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { isHotlineError } from '../errors.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCalls } from './live-calls.js';
import { planReconcile, type OrphanRule } from './reconcile-plan.js';

export interface CallReconcilerDeps {
  port: Pick<TelephonyPort, 'onConnection' | 'appChannels' | 'bridgedChannels' | 'channel' | 'hangup'>;
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

  constructor(private readonly d: CallReconcilerDeps) {}

  /**
   * Reconciles after every (re)connect, since Asterisk replays nothing it sent while we were away. `thenOnce` runs
   * once, after the first reconciliation: what depends on the calls being known (the dialer settling the attempts a
   * previous run left open).
   */
  listen(thenOnce?: () => Promise<void>): Unsubscribe {
    let pending = thenOnce;
    return this.d.port.onConnection((e) => {
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
    const actions = planReconcile({ appChannels: owned, bridged, live, openRows, rule: this.d.rule });
    const now = this.d.clock.now();
    for (const a of actions) {
      if (a.kind === 'keep') continue;
      let row = repo.get(a.channelId);
      if (a.kind === 'close-lost') {
        if (row) recorder.closeLost(row, now);
        else calls.remove(a.channelId);
        continue;
      }
      if (!row) {
        const snap = await port.channel(a.channelId);
        if (!snap) continue;
        repo.insert({
          channelId: snap.id,
          direction: 'inbound',
          startedAt: snap.createdAt || now,
          ringAt: snap.createdAt || now,
          callerNumber: snap.callerNumber,
          calledNumber: snap.calledNumber,
          entryNumber: snap.calledNumber,
          answeredAt: snap.state === 'Up' ? now : null,
        });
        row = repo.get(a.channelId);
        if (!row) continue;
      }
      const call = recorder.adoptFromRow(row, a.kind);
      call.log.info({ action: a.kind }, 'reconciled after (re)connect');
      if (a.kind === 'restart-entry') this.d.restartEntry(a.channelId, row.answeredAt !== null);
      if (a.kind === 'hangup') {
        recorder.markHangupByUs(a.channelId);
        await port.hangup(a.channelId).catch((err) => {
          if (!isHotlineError(err, 'CHANNEL_GONE')) call.log.warn({ err }, 'reconcile hang-up failed');
        });
      }
    }
    if (actions.length) this.d.log.info({ actions: actions.length }, 'reconciliation done');
  }
}
