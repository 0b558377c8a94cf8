/**
 * The ACD's imperative shell: keeps waiting callers in memory beside the agents (agent-roster.ts), asks the pure core
 * who rings whom (next-assignment.ts) and what a waiting caller hears (queue-policy.ts), and has it done on the port:
 * the queue's media by queue-actions.ts, the ringing and bridging of an agent by agent-call.ts.
 */
import type { Logger } from 'pino';
import type { TelephonyPort } from '../ari/port.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import type { LiveCall } from '../calls/live-calls.js';
import type { Clock } from '../clock.js';
import type { HotlineError } from '../errors.js';
import type { QueueOutcome } from '../ivr/commands.js';
import type { CallbacksRepo } from '../store/callbacks-repo.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { AcdConfig, AcdGroup } from './acd-config.js';
import { ringAgent, type AgentCallContext, type OnBridged } from './agent-call.js';
import { AgentRoster } from './agent-roster.js';
import { transition, type Agent, type AgentEvent } from './agent-state.js';
import { queueWait } from './call-record-times.js';
import type { GroupLoad } from './group-load.js';
import { nextAssignment } from './next-assignment.js';
import { performQueueAction, type QueueActionContext } from './queue-actions.js';
import type { QueueLang } from './queue-announcements.js';
import { enqueue, queuePosition, type QueueEntry } from './queue-entry.js';
import { noteQueueActions, queueDecision } from './queue-policy.js';
import { offerTo } from './ring-policy.js';
import { takeOverCall } from './taken-over-call.js';
import { rememberHandleTime, staffedAgents } from './wait-estimate.js';
import type { EnqueueOptions, Waiter } from './waiter.js';

export type { EnqueueOptions } from './waiter.js';

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
  onBridged?: OnBridged;
  /** Agents owe each inbound call's wrap-up before they are ready again (desk.wrapUpRequired). */
  wrapUpRequired?: boolean;
  /** True when the call has a wrap-up already (saved while it was on): nothing is owed then. */
  wrappedUp?: (channelId: string) => boolean;
  /** The dial string of the phone the agent chose (browser or desk); the desk phone when unset. */
  dialStringOf?: (agentId: string) => string;
  /** The customer's hold time at the end of a call (issue 13). */
  holdMsOf?: (channelId: string, endedAt: number) => number;
}

/** Runs the agents and queues of one service. */
export class AcdRunner {
  private readonly roster: AgentRoster;
  private readonly waiters = new Map<string, Waiter>();
  private readonly groups: Map<string, AcdGroup>;
  private readonly handleMs = new Map<string, number[]>();
  private readonly wrapTimers = new Set<ReturnType<Clock['setTimeout']>>();
  private readonly actions: QueueActionContext;
  private readonly offers: AgentCallContext;

  constructor(private readonly d: AcdRunnerDeps) {
    this.groups = new Map(d.config.groups.map((g) => [g.id, g]));
    // Agents from the config start logged in and ready; those created through the API are added logged out.
    this.roster = new AgentRoster(d.clock, d.config.agents);
    const shell = {
      groups: this.groups,
      isWaiting: (channelId: string) => this.waiters.has(channelId),
      route: () => this.route(),
      decide: (w: Waiter) => this.decide(w),
    };
    this.actions = { ...shell, port: d.port, clock: d.clock, promptsDir: d.promptsDir, baseUrl: d.baseUrl, toCallback: (w, reason) => this.toCallback(w, reason) };
    this.offers = {
      ...shell,
      port: d.port,
      recorder: d.recorder,
      repo: d.repo,
      clock: d.clock,
      callerId: d.callerId,
      ...(d.onBridged ? { onBridged: d.onBridged } : {}),
      roster: this.roster,
      wrapUpRequired: d.wrapUpRequired === true,
      wrappedUp: d.wrappedUp ?? (() => false),
      ...(d.dialStringOf ? { dialStringOf: d.dialStringOf } : {}),
      ...(d.holdMsOf ? { holdMsOf: d.holdMsOf } : {}),
      handled: (groupId, ms) => this.handleMs.set(groupId, rememberHandleTime(this.handleMs.get(groupId) ?? [], ms)),
      wakeAfter: (ms) => {
        const t = d.clock.setTimeout(() => {
          this.wrapTimers.delete(t);
          this.route();
        }, ms);
        this.wrapTimers.add(t);
      },
    };
  }

  /** Agents as they are now (for health, metrics and tests). */
  agentList(): Agent[] {
    return this.roster.list();
  }

  /** Applies an agent event (log in, pause…); returns the error (NOT_FOUND, or the state's refusal) when it cannot. */
  agentEvent(agentId: string, event: AgentEvent): Agent | HotlineError {
    const next = this.roster.apply(agentId, event);
    if (!(next instanceof Error)) this.route();
    return next;
  }

  /** Adds an agent (created through the API) logged out: they log in once their phone is registered. */
  addAgent(a: { id: string; name: string; skills: Readonly<Record<string, number>> }): Agent | HotlineError {
    return this.roster.add(a);
  }

  /** Changes an agent's name and skills, keeping their state and call; new skills may route a waiting call to them. */
  updateAgent(agentId: string, change: { name?: string; skills?: Readonly<Record<string, number>> }): Agent | HotlineError {
    const next = this.roster.update(agentId, change);
    if (!(next instanceof Error)) this.route();
    return next;
  }

  /** Removes a logged-out agent; a logged-in one stays (AGENT_LOGGED_IN): they may be on a call or being offered one. */
  removeAgent(agentId: string): Agent | HotlineError {
    return this.roster.remove(agentId);
  }

  /** Puts a caller in a group's queue; resolves once an agent answers, the caller leaves, or the policy ends the wait. */
  enqueue(call: LiveCall, groupId: string, priority: number, lang: QueueLang = 'zh', opts: EnqueueOptions = {}): Promise<QueueOutcome> {
    const group = this.groups.get(groupId);
    if (!group) {
      call.log.warn({ group: groupId }, 'no such skill group; the flow takes its next step');
      return Promise.resolve('timeout');
    }
    return new Promise<QueueOutcome>((resolve) => {
      const now = this.d.clock.now();
      const entry = enqueue(call.channelId, group, now, priority, opts.onlyAgent);
      const w: Waiter = { call, entry: opts.queuedAt === undefined ? entry : { ...entry, queuedAt: Math.min(opts.queuedAt, now) }, lang, resolve: () => undefined };
      if (opts.onAgentAnswered) w.onAgentAnswered = opts.onAgentAnswered;
      w.resolve = (o) => {
        if (!this.waiters.has(call.channelId)) return;
        this.waiters.delete(call.channelId);
        if (w.timer) this.d.clock.clearTimeout(w.timer);
        const wait = queueWait(w.entry.groupId, w.entry.queuedAt, this.d.clock.now());
        this.d.repo.update(call.channelId, wait);
        call.log.info({ outcome: o, waitMs: wait.queueWaitMs, group: w.entry.groupId }, 'left the queue');
        resolve(o);
      };
      this.waiters.set(call.channelId, w);
      call.cleanup.push(() => {
        // A caller who gave up waiting is owed a call back: no inbound caller is left without an answer (docs/domain.md §Inbound flow).
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
      this.decide(w);
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

  /** A transferred caller is now `agentId`'s (issue 13; taken-over-call.ts); returns what to call when their part ends. */
  takeOver(agentId: string, channelId: string): () => void {
    return takeOverCall(this.offers, agentId, channelId);
  }

  /** Holds an agent for a call placed for them (their own callback) until the returned release is called. */
  reserve(agentId: string): () => void {
    return this.roster.reserve(agentId, () => this.route());
  }

  /** Ids of the agents ready now who have the group's skill. */
  readyAgents(groupId: string): string[] {
    const group = this.groups.get(groupId);
    return group ? this.roster.readyIn(group) : [];
  }

  /** The group's after-call work in seconds (0 for an unknown group). */
  wrapUpS(groupId: string): number {
    return this.groups.get(groupId)?.wrapUpS ?? 0;
  }

  /** The group's agents as pacing needs them (see groupLoad); an unknown group has none. */
  groupLoad(groupId: string): GroupLoad {
    const group = this.groups.get(groupId);
    return group ? this.roster.loadOf(group) : { ready: 0, onCall: [], wrapping: [], paused: 0 };
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

  /** Asks the queue policy what the waiting caller gets now and has it done. */
  private decide(w: Waiter): void {
    const group = this.groups.get(w.entry.groupId)!;
    const now = this.d.clock.now();
    const agents = this.roster.list();
    const entries = [...this.waiters.values()].map((x) => x.entry);
    const actions = queueDecision(
      w.entry,
      group,
      { position: queuePosition(w.entry, entries), staffedAgents: staffedAgents(group.skill, agents, now), recentHandleMs: this.handleMs.get(group.id) ?? [] },
      now,
    );
    w.entry = noteQueueActions(w.entry, actions, now);
    for (const a of actions) void performQueueAction(this.actions, w, a);
  }

  /** Offers waiting callers to ready agents. */
  private route(): void {
    const now = this.d.clock.now();
    const agents = this.roster.settleAll();
    const queues = [...this.groups.values()].map((group) => ({
      group,
      entries: [...this.waiters.values()].filter((w) => w.entry.groupId === group.id).map((w) => w.entry),
    }));
    for (const as of nextAssignment(queues, agents, now, this.roster.reservedIds())) {
      const w = this.waiters.get(as.callId);
      const agent = this.roster.get(as.agentId);
      if (!w || !agent) continue;
      const offered = transition(agent, { type: 'offer', callId: as.callId }, now);
      if (offered instanceof Error) continue;
      this.roster.set(offered);
      w.entry = offerTo(w.entry, as.agentId);
      void ringAgent(this.offers, w, as.agentId);
    }
  }

  /** Stops timers (service shutdown). */
  close(): void {
    for (const t of this.wrapTimers) this.d.clock.clearTimeout(t);
    for (const w of this.waiters.values()) if (w.timer) this.d.clock.clearTimeout(w.timer);
  }
}
