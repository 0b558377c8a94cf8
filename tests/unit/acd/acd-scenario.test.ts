/**
 * The pure pieces wired the way the runner will wire them: a caller queues, the first agent lets
 * the phone ring out, the next one answers, holds, hangs up and wraps up, and a second caller
 * hears an estimate based on the first call's handle time.
 */
import { describe, expect, it } from 'vitest';
import { acdConfigSchema } from '../../../src/acd/acd-config.js';
import { newAgent, settle, transition, type Agent, type AgentEvent } from '../../../src/acd/agent-state.js';
import { nextAssignment } from '../../../src/acd/next-assignment.js';
import { enqueue, queuePosition, type QueueEntry } from '../../../src/acd/queue-entry.js';
import { noteQueueActions, queueDecision } from '../../../src/acd/queue-policy.js';
import { afterRing, offerTo, ringOrder, ringResultFromCause } from '../../../src/acd/ring-policy.js';
import { rememberHandleTime, staffedAgents } from '../../../src/acd/wait-estimate.js';
import { HotlineError } from '../../../src/errors.js';

const acd = acdConfigSchema.parse({
  groups: [{ id: 'general', skill: 'general', wrapUpS: 10, ringTimeoutS: 15, maxWaitS: 300, callbackOfferAfterS: 120, comfortEveryS: 30 }],
  agents: [
    { id: '1001', name: 'Li Na', skills: { general: 1 } },
    { id: '1002', name: 'Wang Wei', skills: { general: 1 } },
  ],
});
const group = acd.groups[0]!;

describe('one caller through the ACD', () => {
  it('rings the longest idle, skips the one who missed it, records the times', () => {
    let agents = new Map<string, Agent>(acd.agents.map((a) => [a.id, newAgent(a, -200_000)]));
    const act = (id: string, event: AgentEvent, at: number): void => {
      const next = transition(agents.get(id)!, event, at);
      if (next instanceof HotlineError) throw next;
      agents = new Map(agents).set(id, next);
    };
    act('1001', { type: 'login' }, -100_000);
    act('1002', { type: 'login' }, -50_000);

    let entry: QueueEntry = enqueue('c1', group, 0);
    let [first] = nextAssignment([{ group, entries: [entry] }], [...agents.values()], 0);
    expect(first).toEqual({ callId: 'c1', groupId: 'general', agentId: '1001' });
    expect(ringOrder(entry, group, '1001')).toMatchObject({ endpoint: 'PJSIP/1001', timeoutS: 15 });
    act('1001', { type: 'offer', callId: 'c1' }, 0);
    entry = offerTo(entry, '1001');

    // The originate runs out: Asterisk ends the agent leg with cause 19.
    const missed = afterRing(entry, '1001', ringResultFromCause(19));
    if (missed instanceof HotlineError) throw missed;
    act('1001', missed.agentEvent, 15_000);
    expect(agents.get('1001')).toMatchObject({ state: 'paused', pauseReason: 'no-answer' });
    expect(missed.next).toBe('route-again');
    entry = missed.entry!;

    [first] = nextAssignment([{ group, entries: [entry] }], [...agents.values()], 15_000);
    expect(first?.agentId).toBe('1002');
    act('1002', { type: 'offer', callId: 'c1' }, 15_000);
    entry = offerTo(entry, '1002');

    const answered = afterRing(entry, '1002', 'answered');
    if (answered instanceof HotlineError) throw answered;
    expect(answered.next).toBe('bridge');
    act('1002', answered.agentEvent, 18_000);
    act('1002', { type: 'hold', callId: 'c1' }, 30_000);
    act('1002', { type: 'unhold', callId: 'c1' }, 40_000);
    act('1002', { type: 'hangup', callId: 'c1', wrapUpS: group.wrapUpS }, 78_000);
    expect(agents.get('1002')).toMatchObject({ state: 'after-call-work', acwUntil: 88_000 });

    // The runner's ACW timer fires late; the agent is ready as of the wrap-up's end all the same.
    const inAcw = agents.get('1002')!;
    const wrapped = settle(inAcw, 95_000);

    expect(wrapped.stats).toMatchObject({ answered: 1, handled: 1, talkMs: 50_000, holdMs: 10_000, acwMs: 10_000 });
    expect(agents.get('1001')!.stats).toMatchObject({ offered: 1, noAnswer: 1, answered: 0 });

    // A second caller arrives at 80 s, while 1002 wraps up and 1001 is paused: nobody to ring, an honest estimate.
    expect(inAcw.state).toBe('after-call-work');
    const handle = rememberHandleTime([], wrapped.stats.talkMs + wrapped.stats.holdMs + wrapped.stats.acwMs);
    const floor = [...agents.values()];
    const c2 = enqueue('c2', group, 80_000);
    expect(nextAssignment([{ group, entries: [c2] }], floor, 80_000)).toEqual([]);
    const actions = queueDecision(
      c2,
      group,
      { position: queuePosition(c2, [c2]), staffedAgents: staffedAgents(group.skill, floor, 80_000), recentHandleMs: handle },
      80_000,
    );
    expect(actions).toEqual([
      { kind: 'music', mohClass: 'default' },
      { kind: 'announce', position: 1, wait: { kind: 'minutes', minutes: 2 } }, // 1 × 70 s / 1 agent, rounded up
      { kind: 'wait', until: 110_000 },
    ]);
    const waiting = noteQueueActions(c2, actions, 80_000);
    expect(nextAssignment([{ group, entries: [waiting] }], floor, 88_000)).toEqual([
      { callId: 'c2', groupId: 'general', agentId: '1002' },
    ]);
  });
});
