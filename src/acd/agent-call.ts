/**
 * One offer of a waiting caller to one agent: ring the agent's phone, bridge the two when the agent picks up, and
 * afterwards move the agent on (after-call work, or paused after a missed ring) and write the call's times.
 */
import { randomUUID } from 'node:crypto';
import type { TelephonyPort } from '../ari/port.js';
import type { CallRecorder } from '../calls/call-recorder.js';
import { connectLeg } from '../calls/connect-leg.js';
import type { Clock } from '../clock.js';
import { HotlineError } from '../errors.js';
import type { CallsRepo } from '../store/calls-repo.js';
import type { AcdGroup } from './acd-config.js';
import type { AgentRoster } from './agent-roster.js';
import { transition } from './agent-state.js';
import { handledTimes } from './call-record-times.js';
import { afterRing, agentEndpoint, ringResultFromCause } from './ring-policy.js';
import type { Waiter } from './waiter.js';

/** Told when a caller and an agent are bridged (recordings); the function it returns is called when they part. */
export type OnBridged = (b: { channelId: string; legId: string; bridgeId: string; agentId: string; handOff?: () => void }) => () => void;

/** What an offer needs from the runner. */
export interface AgentCallContext {
  port: TelephonyPort;
  recorder: CallRecorder;
  repo: CallsRepo;
  clock: Clock;
  callerId: string;
  onBridged?: OnBridged;
  roster: AgentRoster;
  groups: ReadonlyMap<string, AcdGroup>;
  /** True while the caller is still in a queue. */
  isWaiting(channelId: string): boolean;
  /** Offers waiting callers to ready agents. */
  route(): void;
  /** Asks the queue policy again for this caller and performs its answer. */
  decide(w: Waiter): void;
  /** Notes a handled call's talk + hold + ACW for the group's wait estimates. */
  handled(groupId: string, handleMs: number): void;
  /** Wakes the router after this long (an agent's after-call work ends by itself). */
  wakeAfter(ms: number): void;
  /** An inbound call's wrap-up must be saved before its agent is ready again (desk.wrapUpRequired). */
  wrapUpRequired?: boolean;
  /** True when the call was wrapped up while it was on. */
  wrappedUp?: (channelId: string) => boolean;
  /** The dial string of the phone the agent chose (issue 13: browser or desk). */
  dialStringOf?: (agentId: string) => string;
  /** The customer's time on hold when the call ended (issue 13); the ledger is dropped once read. */
  holdMsOf?: (channelId: string, endedAt: number) => number;
}

/** Rings `agentId` for the waiter (the agent is already in the ringing state) and settles what came of it. */
export async function ringAgent(ctx: AgentCallContext, w: Waiter, agentId: string): Promise<void> {
  const group = ctx.groups.get(w.entry.groupId)!;
  w.call.log.info({ agentId }, 'ringing agent');
  const legId = `leg-${randomUUID()}`;
  w.ringingLeg = legId;
  const result = await connectLeg(ctx.port, ctx.recorder, w.call, {
    endpoint: ctx.dialStringOf?.(agentId) ?? agentEndpoint(agentId),
    calledNumber: agentId,
    callerId: ctx.callerId,
    timeoutS: group.ringTimeoutS,
    legId,
    // A browser phone answers the dialer's calls by itself when its agent asked for that (issue 13).
    ...(w.call.direction === 'outbound' ? { variables: { 'PJSIP_HEADER(add,X-Hotline-Call)': 'dialer' } } : {}),
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
      if (playing) await ctx.port.stopPlayback(playing).catch(() => undefined);
      await ctx.port.stopMoh(w.call.channelId).catch(() => undefined);
    },
  });
  w.ringingLeg = undefined;
  if (result.kind !== 'bridged') w.agentAnswered = false;
  const now = ctx.clock.now();
  const agent = ctx.roster.get(agentId);
  if (!agent) return;
  const ringResult = result.kind === 'bridged' ? 'answered' : ctx.isWaiting(w.call.channelId) ? ringResultFromCause(result.cause) : 'caller-gone';
  const outcome = afterRing(w.entry, agentId, ringResult);
  if (outcome instanceof Error) return;
  const next = transition(agent, outcome.agentEvent, now);
  if (!(next instanceof Error)) ctx.roster.set(next);
  if (result.kind === 'bridged' && outcome.next === 'bridge') {
    ctx.repo.update(w.call.channelId, { agentId });
    w.resolve('answered');
    let parted: (() => void) | undefined;
    // A recording that fails to start must not cost the agent's state bookkeeping below.
    try {
      parted = ctx.onBridged?.({ channelId: w.call.channelId, legId: result.legId, bridgeId: result.bridgeId, agentId, handOff: result.handOff });
    } catch (err) {
      w.call.log.warn({ err }, 'bridged hook failed');
    }
    const who = await result.ended;
    parted?.();
    const ended = ctx.clock.now();
    const current = ctx.roster.get(agentId);
    if (current) {
      const wrapUpRequired = ctx.wrapUpRequired === true && w.call.direction === 'inbound' && !ctx.wrappedUp?.(w.call.channelId);
      const after = transition(current, { type: 'hangup', callId: w.call.channelId, wrapUpS: group.wrapUpS, wrapUpRequired }, ended);
      if (!(after instanceof Error)) ctx.roster.set(after);
    }
    const { handleMs, ...times } = handledTimes(result.answeredAt, ended, group.wrapUpS, ctx.holdMsOf?.(w.call.channelId, ended) ?? 0);
    // Added, not written over: a caller transferred on to a group comes back through the queue, and the talk and hold
    // of the agents before this one stay on the record (AHT counts the whole conversation).
    const before = ctx.repo.get(w.call.channelId);
    ctx.repo.update(w.call.channelId, { ...times, talkMs: (before?.talkMs ?? 0) + times.talkMs, holdMs: (before?.holdMs ?? 0) + times.holdMs });
    ctx.handled(group.id, handleMs);
    w.call.log.info({ agentId, talkMs: times.talkMs, endedBy: who }, 'agent call ended');
    // After-call work ends by itself; routing settles it, so a timer only needs to wake the router.
    ctx.wakeAfter(group.wrapUpS * 1000 + 10);
    return;
  }
  if (outcome.next === 'route-again' && outcome.entry) {
    w.entry = outcome.entry;
    ctx.route();
    // Nobody took it: the wait policy (announcements, callback offer, max wait) runs again from here.
    if (ctx.isWaiting(w.call.channelId) && w.entry.ringing === undefined) ctx.decide(w);
  }
}
