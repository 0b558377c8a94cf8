/**
 * A caller transferred to an agent outside the queue (issue 13): from the hand-over the call is that agent's, as if
 * the ACD had connected it. The agent goes on a call (offer, answer) and the caller's record names them; when their
 * part ends they go to after-call work, and the record's times cover the whole conversation: the talk and hold the
 * first agent left on it, plus this agent's.
 */
import { transition, type AgentEvent } from './agent-state.js';
import type { AgentCallContext } from './agent-call.js';
import { handledTimes } from './call-record-times.js';

type Context = Pick<AgentCallContext, 'roster' | 'repo' | 'groups' | 'clock' | 'handled' | 'wakeAfter' | 'holdMsOf' | 'wrapUpRequired' | 'wrappedUp'>;

/** Makes the call `channelId` `agentId`'s from now; returns what to call when their part of it ends. */
export function takeOverCall(ctx: Context, agentId: string, channelId: string): () => void {
  const from = ctx.clock.now();
  const apply = (event: AgentEvent, at: number) => {
    const agent = ctx.roster.get(agentId);
    const next = agent && transition(agent, event, at);
    // An agent who logged out or paused meanwhile keeps that state; the record still names them.
    if (next && !(next instanceof Error)) ctx.roster.set(next);
  };
  apply({ type: 'offer', callId: channelId }, from);
  apply({ type: 'answer', callId: channelId }, from);
  ctx.repo.update(channelId, { agentId });
  let done = false;
  return () => {
    if (done) return;
    done = true;
    const ended = ctx.clock.now();
    const row = ctx.repo.get(channelId);
    const group = ctx.groups.get(row?.queueGroup ?? '') ?? ctx.groups.values().next().value;
    const wrapUpS = group?.wrapUpS ?? 0;
    const inbound = row?.direction === 'inbound';
    apply({ type: 'hangup', callId: channelId, wrapUpS, wrapUpRequired: ctx.wrapUpRequired === true && inbound && !ctx.wrappedUp?.(channelId) }, ended);
    const mine = handledTimes(from, ended, wrapUpS, ctx.holdMsOf?.(channelId, ended) ?? 0);
    // Not the agent again: a caller transferred on to a group may already be with their next agent.
    ctx.repo.update(channelId, { talkMs: (row?.talkMs ?? 0) + mine.talkMs, holdMs: (row?.holdMs ?? 0) + mine.holdMs, acwMs: mine.acwMs });
    if (group) ctx.handled(group.id, mine.handleMs);
    ctx.wakeAfter(wrapUpS * 1000 + 10);
  };
}
