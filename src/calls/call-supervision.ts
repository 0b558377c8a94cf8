/**
 * Supervisors on a live call (issue 13): listen, whisper and barge through ARI, into the supervisor's own phone (a
 * PJSIP endpoint: desk phone or browser phone). The supervisor's leg sits in a bridge of its own with one snoop on the
 * agent's leg that whispers out to the agent's phone (listen: the leg muted, hears both, says nothing; whisper: unmuted,
 * heard by the agent only), or, barging, in the conversation's bridge. monitor-plan.ts decides the steps; this shell
 * runs them. One supervisor per call; the monitor ends when the call or the supervisor's phone hangs up.
 */
import type { Logger } from 'pino';
import { SUPERVISION_PREFIX, type TelephonyEvent, type TelephonyPort, type Unsubscribe } from '../ari/port.js';
import type { Clock } from '../clock.js';
import { HotlineError, isHotlineError } from '../errors.js';
import type { LiveConversation } from '../recordings/call-recordings.js';
import { monitorSteps, type MonitorRequest, type MonitorStep } from './monitor-plan.js';
import type { SupervisorMode } from './supervision-policy.js';

export interface CallSupervisionDeps {
  port: Pick<TelephonyPort, 'originate' | 'watchChannel' | 'createBridge' | 'addToBridge' | 'removeFromBridge' | 'destroyBridge' | 'snoop' | 'mute' | 'unmute' | 'hangup'>;
  /** The conversation a customer or agent-leg channel is in. */
  conversation: (channelId: string) => LiveConversation | undefined;
  clock: Clock;
  log: Logger;
  /** How long the supervisor's phone may ring. */
  answerTimeoutS?: number;
  /** Caller id the supervisor's phone shows. */
  callerId?: string;
  /** A monitor ended by a hang-up (the call's or the supervisor's), not by a stop: for the audit log. */
  onEnded?: (e: { channelId: string; agentId: string; endpoint: string; why: string }) => void;
}

/** What start, switch and stop answer. */
export interface MonitorStatus {
  /** The customer's channel. */
  channelId: string;
  agentId: string;
  /** null once stopped. */
  mode: SupervisorMode | null;
  endpoint: string;
  /** Time the request took in Asterisk (ringing the supervisor's phone included on start). */
  setupMs: number;
}

interface Session {
  conv: LiveConversation;
  endpoint: string;
  legId: string;
  bridgeId: string;
  snoopId: string | null;
  mode: SupervisorMode | null;
  seq: number;
  unwatch: Unsubscribe[];
  ended: boolean;
}

export class CallSupervision {
  private readonly sessions = new Map<string, Session>();
  /** One request at a time per call: a switch during a start waits for it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly d: CallSupervisionDeps) {}

  /** Starts monitoring the call `channelId` is in (customer or agent leg) in `mode`, into the phone `endpoint`. */
  start(channelId: string, mode: SupervisorMode, endpoint: string): Promise<MonitorStatus> {
    const conv = this.bridged(channelId);
    return this.serial(conv.channelId, () => this.run(conv, { kind: 'start', mode }, endpoint));
  }

  /** Switches the call's monitor to another mode. */
  switch(channelId: string, mode: SupervisorMode): Promise<MonitorStatus> {
    const conv = this.bridged(channelId);
    return this.serial(conv.channelId, () => this.run(conv, { kind: 'switch', mode }));
  }

  /** Stops monitoring: the supervisor's phone is hung up. */
  stop(channelId: string): Promise<MonitorStatus> {
    const conv = this.conversationOf(channelId);
    if (!conv) throw new HotlineError('MONITOR_NOT_ACTIVE', `call ${channelId} is not monitored`, { key: 'channelId', details: { mode: null } });
    return this.serial(conv.channelId, () => this.run(conv, { kind: 'stop' }));
  }

  /** The mode an agent's call is monitored in now, or null (for the agent console's optional indicator). */
  monitoredMode(agentId: string): SupervisorMode | null {
    for (const s of this.sessions.values()) if (s.conv.agentId === agentId && !s.ended) return s.mode;
    return null;
  }

  /** Monitors running now (leak checks). */
  count(): number {
    return this.sessions.size;
  }

  private bridged(channelId: string): LiveConversation {
    const c = this.d.conversation(channelId);
    if (!c) throw new HotlineError('CALL_NOT_BRIDGED', `call ${channelId} is not talking to an agent`, { key: 'channelId', details: { channelId } });
    return c;
  }

  /** A stop may come after the conversation is gone from the recordings' view; the session still knows it. */
  private conversationOf(channelId: string): LiveConversation | undefined {
    const c = this.d.conversation(channelId);
    if (c) return c;
    for (const s of this.sessions.values()) if (s.conv.channelId === channelId || s.conv.legId === channelId) return s.conv;
    return undefined;
  }

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const next = (this.queues.get(key) ?? Promise.resolve()).catch(() => undefined).then(fn);
    this.queues.set(key, next);
    void next.finally(() => {
      if (this.queues.get(key) === next) this.queues.delete(key);
    }).catch(() => undefined);
    return next;
  }

  private async run(conv: LiveConversation, req: MonitorRequest, endpoint?: string): Promise<MonitorStatus> {
    const existing = this.sessions.get(conv.channelId);
    const steps = monitorSteps(existing?.mode ?? null, req);
    if (steps instanceof HotlineError) throw steps;
    const started = this.d.clock.now();
    const s = existing ?? this.newSession(conv, endpoint ?? '');
    try {
      for (const step of steps) await this.step(s, step);
    } catch (err) {
      // A monitor half set up is worse than none: the supervisor's phone is hung up and they may start again.
      this.d.log.warn({ err, channelId: conv.channelId, req }, 'monitor step failed; monitor ended');
      await this.end(s);
      throw err;
    }
    s.mode = req.kind === 'stop' ? null : req.mode;
    if (req.kind === 'stop') await this.end(s);
    return { channelId: conv.channelId, agentId: conv.agentId, mode: s.mode, endpoint: s.endpoint, setupMs: this.d.clock.now() - started };
  }

  private newSession(conv: LiveConversation, endpoint: string): Session {
    const tag = `${conv.channelId}-${this.d.clock.now().toString(36)}`;
    const s: Session = { conv, endpoint, legId: `${SUPERVISION_PREFIX}leg-${tag}`, bridgeId: `${SUPERVISION_PREFIX}br-${tag}`, snoopId: null, mode: null, seq: 0, unwatch: [], ended: false };
    this.sessions.set(conv.channelId, s);
    // The monitor ends with the call (either party) or when the supervisor hangs up their phone.
    for (const id of [conv.channelId, conv.legId]) {
      s.unwatch.push(this.d.port.watchChannel(id, (e) => this.onEnd(s, e, 'call ended')));
    }
    return s;
  }

  private onEnd(s: Session, e: TelephonyEvent, why: string): void {
    if (e.type !== 'hung-up' || s.ended) return;
    this.d.log.info({ channelId: s.conv.channelId, agentId: s.conv.agentId, mode: s.mode, why }, 'monitor ended');
    // Only a monitor that was running: a supervisor's phone that never answered refuses the start instead.
    if (s.mode !== null) this.d.onEnded?.({ channelId: s.conv.channelId, agentId: s.conv.agentId, endpoint: s.endpoint, why });
    void this.serial(s.conv.channelId, () => this.end(s));
  }

  private async step(s: Session, step: MonitorStep): Promise<void> {
    const { port } = this.d;
    switch (step.op) {
      case 'dial':
        await this.dial(s);
        return;
      case 'snoop': {
        const snoopId = `${SUPERVISION_PREFIX}snoop-${s.conv.channelId}-${++s.seq}`;
        await port.snoop(s.conv.legId, { snoopId, spy: step.spy, whisper: step.whisper });
        s.snoopId = snoopId;
        await this.addWhenInApp(s.bridgeId, snoopId);
        return;
      }
      case 'mute':
        await port.mute(s.legId, 'in');
        return;
      case 'unmute':
        await port.unmute(s.legId, 'in');
        return;
      case 'unsnoop':
        if (s.snoopId) await this.unsnoop(s, s.snoopId);
        s.snoopId = null;
        return;
      case 'join-call':
        await port.removeFromBridge(s.bridgeId, [s.legId]);
        await port.addToBridge(s.conv.bridgeId, [s.legId]);
        return;
      case 'leave-call':
        await port.removeFromBridge(s.conv.bridgeId, [s.legId]);
        await port.addToBridge(s.bridgeId, [s.legId]);
        return;
      case 'hang-up':
        await this.end(s);
        return;
    }
  }

  /** Rings the supervisor's phone and, once answered, puts the leg in the supervisor's bridge. */
  private async dial(s: Session): Promise<void> {
    const { port, clock } = this.d;
    const timeoutS = this.d.answerTimeoutS ?? 30;
    const answered = new Promise<void>((resolve, reject) => {
      const timer = clock.setTimeout(() => reject(unanswered(s, 'rang out')), (timeoutS + 2) * 1000);
      s.unwatch.push(() => clock.clearTimeout(timer));
      s.unwatch.push(
        port.watchChannel(s.legId, (e) => {
          if (e.type === 'answered') resolve();
          if (e.type === 'hung-up') {
            reject(unanswered(s, 'hung up'));
            this.onEnd(s, e, 'supervisor hung up');
          }
        }),
      );
    });
    // A rejection before anyone awaits it must not go unhandled.
    answered.catch(() => undefined);
    // Dialled from the customer's node (the snoop and both bridges must be there); the phone is reached through the
    // SIP edge's registrar, wherever it registered. The header tells a browser phone this is the monitor its
    // supervisor just asked for: it answers by itself.
    const variables = { 'PJSIP_HEADER(add,X-Hotline-Call)': 'monitor' };
    await port.originate({ channelId: s.legId, endpoint: `PJSIP/${s.endpoint}`, callerId: this.d.callerId ?? 'monitor', timeoutS, amd: false, near: s.conv.channelId, variables });
    await answered;
    await port.createBridge(s.bridgeId);
    await port.addToBridge(s.bridgeId, [s.legId]);
  }

  /** A snoop joins the app on a thread of its own; adding it before its StasisStart is refused, so try again briefly. */
  private async addWhenInApp(bridgeId: string, channelId: string): Promise<void> {
    const started = this.d.clock.now();
    for (let wait = 2; ; wait = Math.min(wait * 2, 50)) {
      try {
        await this.d.port.addToBridge(bridgeId, [channelId]);
        return;
      } catch (err) {
        if (isHotlineError(err, 'ARI_UNAVAILABLE') || isHotlineError(err, 'BRIDGE_GONE') || this.d.clock.now() - started > 2000) throw err;
        await new Promise<void>((resolve) => this.d.clock.setTimeout(resolve, wait));
      }
    }
  }

  /**
   * Takes the snoop out of the supervisor's bridge before hanging it up: in the lab a snoop hung up while bridged was
   * now and then left up (and kept feeding the supervisor).
   */
  private async unsnoop(s: Session, snoopId: string): Promise<void> {
    await this.d.port.removeFromBridge(s.bridgeId, [snoopId]).catch((err: unknown) => this.d.log.debug({ err, snoopId }, 'snoop not in the bridge'));
    // In the lab a whispering snoop now and then stayed up after its hang-up was accepted: asked again once if no
    // hang-up is seen within a second.
    const unwatch = this.d.port.watchChannel(snoopId, (e) => {
      if (e.type !== 'hung-up') return;
      this.d.clock.clearTimeout(timer);
      unwatch();
    });
    const timer = this.d.clock.setTimeout(() => {
      unwatch();
      this.d.log.warn({ snoopId }, 'snoop still up a second after its hang-up; hanging it up again');
      void this.d.port.hangup(snoopId).catch((err: unknown) => this.d.log.warn({ err, snoopId }, 'hanging up a snoop failed'));
    }, 1000);
    await this.d.port.hangup(snoopId).catch((err: unknown) => this.d.log.warn({ err, snoopId }, 'hanging up a snoop failed'));
  }

  /** Hangs up the snoop and the supervisor's leg, destroys their bridge; anything already gone is fine. */
  private async end(s: Session): Promise<void> {
    if (s.ended) return;
    s.ended = true;
    s.mode = null;
    for (const u of s.unwatch.splice(0)) u();
    if (this.sessions.get(s.conv.channelId) === s) this.sessions.delete(s.conv.channelId);
    const { port } = this.d;
    await Promise.all([
      s.snoopId ? port.hangup(s.snoopId).catch(ignoreGone) : undefined,
      port.hangup(s.legId).catch(ignoreGone),
      port.destroyBridge(s.bridgeId).catch(ignoreGone),
    ]);
    s.snoopId = null;
  }
}

function unanswered(s: Session, why: string): HotlineError {
  return new HotlineError('MONITOR_PHONE_UNANSWERED', `the supervisor's phone ${s.endpoint} ${why}`, { key: 'endpoint', details: { endpoint: s.endpoint } });
}

/** Clean-up of something Asterisk has already dropped is not a failure. */
function ignoreGone(): void {
  // Gone already (hung up with the call, or never made): nothing left to free.
}
