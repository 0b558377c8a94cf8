/**
 * The ACD's imperative shell: keeps agents and waiting callers in memory, asks the pure core who rings whom and what
 * a waiting caller hears, and does it on the port (music on hold, announcements, ringing an agent's phone, bridging).
 */
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import { connectLeg } from '../calls/connect-leg.js';
import type { LiveCall } from '../calls/live-calls.js';
import type { Clock } from '../clock.js';
import { HotlineError, isHotlineError } from '../errors.js';
import type { QueueOutcome } from '../ivr/commands.js';
import { resolveMedia } from '../prompts/resolve-media.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { AcdConfig, AcdGroup } from './acd-config.js';
import { newAgent, settle, transition, type Agent, type AgentEvent } from './agent-state.js';
import { groupLoad, type GroupLoad } from './group-load.js';
import { nextAssignment } from './next-assignment.js';
import { enqueue, moveToGroup, queuePosition, type QueueEntry } from './queue-entry.js';
import { noteQueueActions, queueDecision, type QueueAction } from './queue-policy.js';
import { afterRing, agentEndpoint, offerTo, ringResultFromCause } from './ring-policy.js';
import { rememberHandleTime, staffedAgents } from './wait-estimate.js';

export interface AcdRunnerDeps {
  port: TelephonyPort;
  recorder: CallRecorder;
  repo: CallsRepo;
  callbacks: CallbacksRepo;
  clock: Clock;
  log: Logger;
  config: AcdConfig;
  callerId: string;
  promptsDir: string;
  baseUrl: () => string;
  /** Told when a caller and an agent are bridged (recordings); the function it returns is called when they part. */
  onBridged?: (b: { channelId: string; legId: string; bridgeId: string; agentId: string }) => () => void;
}

export interface EnqueueOptions {
  /** Only this agent may take the call (an agent-owned callback). */
  onlyAgent?: string;
  /** False for dialer calls: the campaign's retry policy, not the inbound callback list, handles a hang-up in the queue. */
  oweCallback?: boolean;
  /** No music or announcements: a dialer call waits at most two seconds before it is abandoned. */
  silent?: boolean;
  /** Told the moment an agent picks up, before the bridge is made: the dialer's 2 s rule counts to here. */
  onAgentAnswered?: (agentId: string, at: number) => void;
}

interface Waiter {
  call: LiveCall;
  entry: QueueEntry;
  lang: 'zh' | 'en';
  resolve: (o: QueueOutcome) => void;
  timer?: ReturnType<Clock['setTimeout']>;
  /** A playback of ours is on: music resumes when it ends. */
  announcing?: string;
  /** The agent leg ringing for this call now. */
  ringingLeg?: string;
  /** An agent picked up and the bridge is being made: the call can no longer be withdrawn. */
  agentAnswered?: boolean;
  /** Withdrawn while an agent's phone rang: the ring is called off and does not count against the agent. */
  cancelled?: boolean;
  onAgentAnswered?: (agentId: string, at: number) => void;
}

// What a waiting caller hears; TTS for development, like the flows' prompts.
const announcements = {
  position: (pos: number, minutes: number | null, lang: 'zh' | 'en') =>
    lang === 'zh'
      ? `您前面还有${pos - 1}位客户在等待${minutes === null ? '' : `，预计等待约${minutes}分钟`}。`
      : `There ${pos - 1 === 1 ? 'is' : 'are'} ${pos - 1} caller${pos - 1 === 1 ? '' : 's'} ahead of you${minutes === null ? '' : `, about ${minutes} minute${minutes === 1 ? '' : 's'} to wait`}.`,
  offer: (lang: 'zh' | 'en') => (lang === 'zh' ? '如需我们稍后回电，请按1。' : 'To be called back later, press 1.'),
};

/** Runs the agents and queues of one service. */
export class AcdRunner {
  private readonly agents = new Map<string, Agent>();
  private readonly waiters = new Map<string, Waiter>();
  private readonly groups: Map<string, AcdGroup>;
  private readonly handleMs = new Map<string, number[]>();
  private readonly wrapTimers = new Set<ReturnType<Clock['setTimeout']>>();
  private readonly reserved = new Map<string, number>();

  constructor(private readonly d: AcdRunnerDeps) {
    this.groups = new Map(d.config.groups.map((g) => [g.id, g]));
    const now = d.clock.now();
    // Agents come from config for now and start logged in and ready; the API issue adds log-in and pauses.
    for (const a of d.config.agents) {
      const agent = transition(newAgent(a, now), { type: 'login' }, now);
      if (!(agent instanceof Error)) this.agents.set(a.id, agent);
    }
  }

  /** Agents as they are now (for health, metrics and tests). */
  agentList(): Agent[] {
    const now = this.d.clock.now();
    return [...this.agents.values()].map((a) => settle(a, now));
  }

  /** Applies an agent event (log in, pause…); returns the error when the state does not allow it. */
  agentEvent(agentId: string, event: AgentEvent): Agent | Error {
    const agent = this.agents.get(agentId);
    if (!agent) return new Error(`no agent ${agentId}`);
    const next = transition(settle(agent, this.d.clock.now()), event, this.d.clock.now());
    if (next instanceof Error) return next;
    this.agents.set(agentId, next);
    this.route();
    return next;
  }

  /** Adds an agent (created through the API) logged out: they log in once their phone is registered. */
  addAgent(a: { id: string; name: string; skills: Readonly<Record<string, number>> }): Agent | Error {
    if (this.agents.has(a.id)) return new HotlineError('AGENT_EXISTS', `agent ${a.id} exists`, { key: 'id' });
    const agent = newAgent(a, this.d.clock.now());
    this.agents.set(a.id, agent);
    return agent;
  }

  /** Changes an agent's name and skills, keeping their state and call; new skills may route a waiting call to them. */
  updateAgent(agentId: string, change: { name?: string; skills?: Readonly<Record<string, number>> }): Agent | Error {
    const agent = this.agents.get(agentId);
    if (!agent) return new Error(`no agent ${agentId}`);
    const next: Agent = { ...agent, ...(change.name !== undefined ? { name: change.name } : {}), ...(change.skills ? { skills: { ...change.skills } } : {}) };
    this.agents.set(agentId, next);
    this.route();
    return next;
  }

  /** Removes a logged-out agent; a logged-in one stays (AGENT_LOGGED_IN): they may be on a call or being offered one. */
  removeAgent(agentId: string): Agent | Error {
    const agent = this.agents.get(agentId);
    if (!agent) return new Error(`no agent ${agentId}`);
    const current = settle(agent, this.d.clock.now());
    if (current.state !== 'logged-out') {
      return new HotlineError('AGENT_LOGGED_IN', `agent ${agentId} is ${current.state}: log them out first`, { key: 'id', details: { state: current.state } });
    }
    this.agents.delete(agentId);
    return current;
  }

  /** Puts a caller in a group's queue; resolves once an agent answers, the caller leaves, or the policy ends the wait. */
  enqueue(call: LiveCall, groupId: string, priority: number, lang: 'zh' | 'en' = 'zh', opts: EnqueueOptions = {}): Promise<QueueOutcome> {
    const group = this.groups.get(groupId);
    if (!group) {
      call.log.warn({ group: groupId }, 'no such skill group; the flow takes its next step');
      return Promise.resolve('timeout');
    }
    return new Promise<QueueOutcome>((resolve) => {
      const now = this.d.clock.now();
      const w: Waiter = { call, entry: enqueue(call.channelId, group, now, priority, opts.onlyAgent), lang, resolve: () => undefined };
      if (opts.onAgentAnswered) w.onAgentAnswered = opts.onAgentAnswered;
      w.resolve = (o) => {
        if (!this.waiters.has(call.channelId)) return;
        this.waiters.delete(call.channelId);
        if (w.timer) this.d.clock.clearTimeout(w.timer);
        const waitMs = this.d.clock.now() - w.entry.queuedAt;
        this.d.repo.update(call.channelId, { queueGroup: w.entry.groupId, queueWaitMs: waitMs });
        call.log.info({ outcome: o, waitMs, group: w.entry.groupId }, 'left the queue');
        resolve(o);
      };
      this.waiters.set(call.channelId, w);
      call.cleanup.push(() => {
        // A caller who gave up waiting is owed a call back (seed 003: every caller gets an answer).
        if (this.waiters.has(call.channelId) && opts.oweCallback !== false) this.owe(w, 'queue-abandon');
        w.resolve('abandoned');
      });
      call.cleanup.push(
        this.d.port.watchChannel(call.channelId, (e) => {
          // Only while still waiting: a 1 pressed later, talking to an agent, is not a callback request.
          if (e.type === 'dtmf' && e.digit === '1' && w.entry.callbackOfferedAt !== undefined && this.waiters.has(call.channelId)) {
            this.toCallback(w, 'queue-callback-offer');
          }
          if (e.type === 'playback-finished' && e.playbackId === w.announcing) {
            w.announcing = undefined;
            if (this.waiters.has(call.channelId)) void this.d.port.startMoh(call.channelId, group.musicOnHold).catch(() => undefined);
          }
        }),
      );
      call.log.info({ group: groupId, priority, onlyAgent: opts.onlyAgent }, 'queued');
      if (opts.silent) {
        this.route();
        return;
      }
      // Music and the first announcement before any ringing: the caller never waits in silence.
      this.decide(w, lang);
      this.route();
    });
  }

  /**
   * Takes a caller out of its queue; true when it was taken out. A caller whose agent's phone is ringing stays, unless
   * `cancelRing` calls the ring off (a dialer call at its abandon deadline); one whose agent has picked up always stays.
   */
  withdraw(channelId: string, opts: { cancelRing?: boolean } = {}): boolean {
    const w = this.waiters.get(channelId);
    if (!w || w.agentAnswered) return false;
    if (w.entry.ringing !== undefined) {
      if (!opts.cancelRing) return false;
      w.cancelled = true;
      if (w.ringingLeg) {
        this.d.recorder.markHangupByUs(w.ringingLeg);
        void this.d.port.hangup(w.ringingLeg).catch(() => undefined);
      }
    }
    void this.d.port.stopMoh(channelId).catch(() => undefined);
    w.resolve('abandoned');
    return true;
  }

  /** Holds an agent for a call placed for them (their own callback) until the returned release is called. */
  reserve(agentId: string): () => void {
    this.reserved.set(agentId, (this.reserved.get(agentId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.reserved.get(agentId) ?? 1) - 1;
      if (n > 0) this.reserved.set(agentId, n);
      else this.reserved.delete(agentId);
      this.route();
    };
  }

  /** Ids of the agents ready now who have the group's skill. */
  readyAgents(groupId: string): string[] {
    const group = this.groups.get(groupId);
    if (!group) return [];
    return this.agentList()
      .filter((a) => a.state === 'ready' && (a.skills[group.skill] ?? 0) >= 1)
      .map((a) => a.id);
  }

  /** The group's after-call work in seconds (0 for an unknown group). */
  wrapUpS(groupId: string): number {
    return this.groups.get(groupId)?.wrapUpS ?? 0;
  }

  /** The group's agents as pacing needs them (see groupLoad); an unknown group has none. */
  groupLoad(groupId: string): GroupLoad {
    const group = this.groups.get(groupId);
    if (!group) return { ready: 0, onCall: [], wrapping: [], paused: 0 };
    return groupLoad(this.agentList(), group.skill, group.wrapUpS, this.d.clock.now());
  }

  /** Every waiting caller's queue entry (the live feed's queue waits). */
  queueEntries(): QueueEntry[] {
    return [...this.waiters.values()].map((w) => w.entry);
  }

  /** Callers waiting in a group, being rung included. */
  waitingIn(groupId: string): number {
    let n = 0;
    for (const w of this.waiters.values()) if (w.entry.groupId === groupId) n += 1;
    return n;
  }

  private toCallback(w: Waiter, reason: string): void {
    this.owe(w, reason);
    void this.d.port.stopMoh(w.call.channelId).catch(() => undefined);
    w.resolve('callback');
  }

  private owe(w: Waiter, reason: string): void {
    const row = this.d.repo.get(w.call.channelId);
    this.d.callbacks.create({
      number: row?.callerNumber ?? '',
      reason,
      sourceChannelId: w.call.channelId,
      ...(row?.entryNumber ? { entryNumber: row.entryNumber } : {}),
      now: this.d.clock.now(),
    });
    w.call.log.info({ reason }, 'callback created from the queue');
  }

  private decide(w: Waiter, lang: 'zh' | 'en'): void {
    const group = this.groups.get(w.entry.groupId)!;
    const now = this.d.clock.now();
    const agents = this.agentList();
    const entries = [...this.waiters.values()].map((x) => x.entry);
    const actions = queueDecision(
      w.entry,
      group,
      { position: queuePosition(w.entry, entries), staffedAgents: staffedAgents(group.skill, agents, now), recentHandleMs: this.handleMs.get(group.id) ?? [] },
      now,
    );
    w.entry = noteQueueActions(w.entry, actions, now);
    for (const a of actions) void this.perform(w, a, lang);
  }

  private async perform(w: Waiter, a: QueueAction, lang: 'zh' | 'en'): Promise<void> {
    const id = w.call.channelId;
    const ignoreGone = (err: unknown) => {
      if (!isHotlineError(err, 'CHANNEL_GONE')) w.call.log.warn({ err }, 'queue media failed');
    };
    switch (a.kind) {
      case 'music':
        if (!w.announcing && !w.agentAnswered) await this.d.port.startMoh(id, a.mohClass).catch(ignoreGone);
        break;
      case 'announce':
      case 'offer-callback': {
        const text =
          a.kind === 'announce'
            ? announcements.position(a.position, a.wait.kind === 'minutes' ? a.wait.minutes : null, lang)
            : announcements.offer(lang);
        const media = await resolveMedia(this.d, [{ tts: { text, lang } }]);
        if (!this.waiters.has(id) || w.agentAnswered) return;
        await this.d.port.stopMoh(id).catch(ignoreGone);
        w.announcing = `${id}:acd-${this.d.clock.now()}-${a.kind}`;
        await this.d.port.play(id, media, w.announcing).catch(ignoreGone);
        break;
      }
      case 'overflow': {
        const target = this.groups.get(a.group);
        if (!target) return w.resolve('overflow');
        w.entry = moveToGroup(w.entry, target, this.d.clock.now());
        w.call.log.info({ group: a.group }, 'overflowed');
        this.route();
        if (this.waiters.has(id)) this.decide(w, lang);
        break;
      }
      case 'to-callback':
        this.toCallback(w, 'queue-max-wait');
        break;
      case 'wait':
        if (w.timer) this.d.clock.clearTimeout(w.timer);
        if (a.until !== undefined) {
          w.timer = this.d.clock.setTimeout(() => {
            if (this.waiters.has(id)) this.decide(w, lang);
          }, Math.max(0, a.until - this.d.clock.now()));
        }
        break;
    }
  }

  /** Offers waiting callers to ready agents. */
  private route(): void {
    const now = this.d.clock.now();
    const agents = this.agentList();
    for (const a of agents) this.agents.set(a.id, a);
    const queues = [...this.groups.values()].map((group) => ({
      group,
      entries: [...this.waiters.values()].filter((w) => w.entry.groupId === group.id).map((w) => w.entry),
    }));
    for (const as of nextAssignment(queues, agents, now, new Set(this.reserved.keys()))) {
      const w = this.waiters.get(as.callId);
      const agent = this.agents.get(as.agentId);
      if (!w || !agent) continue;
      const offered = transition(agent, { type: 'offer', callId: as.callId }, now);
      if (offered instanceof Error) continue;
      this.agents.set(as.agentId, offered);
      w.entry = offerTo(w.entry, as.agentId);
      void this.ring(w, as.agentId);
    }
  }

  private async ring(w: Waiter, agentId: string): Promise<void> {
    const group = this.groups.get(w.entry.groupId)!;
    w.call.log.info({ agentId }, 'ringing agent');
    const legId = `leg-${randomUUID()}`;
    w.ringingLeg = legId;
    const result = await connectLeg(this.d.port, this.d.recorder, w.call, {
      endpoint: agentEndpoint(agentId),
      calledNumber: agentId,
      callerId: this.d.callerId,
      timeoutS: group.ringTimeoutS,
      legId,
      // Runs in the same turn as the leg's answer event, so a withdraw sees either the ring or the pick-up.
      beforeBridge: async (at) => {
        // Picked up just as the call was abandoned: the caller is hearing the message, not waiting for this agent.
        if (w.cancelled) throw new HotlineError('CHANNEL_GONE', 'the call was abandoned as the agent answered');
        w.agentAnswered = true;
        w.onAgentAnswered?.(agentId, at);
        // Asterisk runs a playback on the channel's own thread and queues the bridge behind it: an announcement
        // left playing held the caller out of the bridge until it ended (4.5 s in the lab).
        const playing = w.announcing;
        w.announcing = undefined;
        if (playing) await this.d.port.stopPlayback(playing).catch(() => undefined);
        await this.d.port.stopMoh(w.call.channelId).catch(() => undefined);
      },
    });
    w.ringingLeg = undefined;
    if (result.kind !== 'bridged') w.agentAnswered = false;
    const now = this.d.clock.now();
    const agent = this.agents.get(agentId);
    if (!agent) return;
    const ringResult = result.kind === 'bridged' ? 'answered' : this.waiters.has(w.call.channelId) ? ringResultFromCause(result.cause) : 'caller-gone';
    const outcome = afterRing(w.entry, agentId, ringResult);
    if (outcome instanceof Error) return;
    const next = transition(agent, outcome.agentEvent, now);
    if (!(next instanceof Error)) this.agents.set(agentId, next);
    if (result.kind === 'bridged' && outcome.next === 'bridge') {
      this.d.repo.update(w.call.channelId, { agentId });
      w.resolve('answered');
      let parted: (() => void) | undefined;
      // A recording that fails to start must not cost the agent's state bookkeeping below.
      try {
        parted = this.d.onBridged?.({ channelId: w.call.channelId, legId: result.legId, bridgeId: result.bridgeId, agentId });
      } catch (err) {
        w.call.log.warn({ err }, 'bridged hook failed');
      }
      const who = await result.ended;
      parted?.();
      const ended = this.d.clock.now();
      const talkMs = ended - result.answeredAt;
      const current = this.agents.get(agentId);
      if (current) {
        const after = transition(current, { type: 'hangup', callId: w.call.channelId, wrapUpS: group.wrapUpS }, ended);
        if (!(after instanceof Error)) this.agents.set(agentId, after);
      }
      // Hold is not offered yet, so it is 0; after-call work is the group's wrap-up (no early "ready" before the API).
      this.d.repo.update(w.call.channelId, { talkMs, holdMs: 0, acwMs: group.wrapUpS * 1000 });
      this.handleMs.set(group.id, rememberHandleTime(this.handleMs.get(group.id) ?? [], talkMs + group.wrapUpS * 1000));
      w.call.log.info({ agentId, talkMs, endedBy: who }, 'agent call ended');
      // After-call work ends by itself; routing settles it, so a timer only needs to wake the router.
      const t = this.d.clock.setTimeout(() => {
        this.wrapTimers.delete(t);
        this.route();
      }, group.wrapUpS * 1000 + 10);
      this.wrapTimers.add(t);
      return;
    }
    if (outcome.next === 'route-again' && outcome.entry) {
      w.entry = outcome.entry;
      this.route();
      // Nobody took it: the wait policy (announcements, callback offer, max wait) runs again from here.
      if (this.waiters.has(w.call.channelId) && w.entry.ringing === undefined) this.decide(w, w.lang);
    }
  }

  /** Stops timers (service shutdown). */
  close(): void {
    for (const t of this.wrapTimers) this.d.clock.clearTimeout(t);
    for (const w of this.waiters.values()) if (w.timer) this.d.clock.clearTimeout(w.timer);
  }
}
