/**
 * The ACD runner as a shell: a stub telephony port plays Asterisk's part and a fake clock stands in for time. What is
 * checked is what a caller, an agent and the call record would show.
 */
import { describe, expect, it } from 'vitest';
import type { AcdRunner } from '../../../src/acd/acd-runner.js';
import type { OriginateRequest } from '../../../src/ari/port.js';
import { isHotlineError } from '../../../src/errors.js';
import type { QueueOutcome } from '../../../src/ivr/commands.js';
import { settle } from '../support/shell-stubs.js';
import { stubAcd, T0 } from './acd-stub.js';

function setup(group: Record<string, unknown> = {}) {
  const { clock, tel, calls, callbacks, acd } = stubAcd({
    // No announcements: what the caller hears is music on hold (spoken announcements need TTS, the lab tests them).
    groups: [{ id: 'general', skill: 'general', wrapUpS: 10, ringTimeoutS: 15, maxWaitS: 300, comfortEveryS: 0, ...group }],
    agents: [
      { id: '1001', name: 'Li Na', skills: { general: 1 } },
      { id: '1002', name: 'Wang Wei', skills: { general: 1 } },
    ],
  });
  /** A caller from 13800138000 on the 400 line, queued in the general group; `outcome` holds how the wait ended. */
  const queueCaller = (channelId = 'caller-1', opts: Parameters<AcdRunner['enqueue']>[4] = {}) => {
    const call = tel.addCall(channelId);
    calls.open(channelId, { callerNumber: '13800138000', entryNumber: '4008001234' });
    const result: { outcome?: QueueOutcome } = {};
    void acd.enqueue(call, 'general', 0, 'zh', opts).then((o) => (result.outcome = o));
    return result;
  };
  const rung = () => tel.made('originate').map(([req]) => req as OriginateRequest);
  const agent = (id: string) => acd.agentList().find((a) => a.id === id)!;
  return { clock, tel, calls, callbacks, acd, queueCaller, rung, agent };
}

describe('AcdRunner', () => {
  it("does not offer a transfer's target to the dialer: reserved, they are neither ready nor free in the group's load until released", () => {
    const s = setup();
    expect(s.acd.readyAgents('general').sort()).toEqual(['1001', '1002']);
    const release = s.acd.reserve('1002');
    expect(s.acd.readyAgents('general')).toEqual(['1001']);
    expect(s.acd.groupLoad('general')).toMatchObject({ ready: 1, onCall: [{ talkMs: 0 }] });
    release();
    expect(s.acd.readyAgents('general').sort()).toEqual(['1001', '1002']);
    expect(s.acd.groupLoad('general')).toMatchObject({ ready: 2, onCall: [] });
  });

  it('queues a caller with music, rings the longest idle agent, moves on when nobody answers, bridges the next one and writes the times', async () => {
    const s = setup();
    // 1002 comes back from a pause a second later: 1001 has waited longest.
    s.clock.advance(1000);
    expect(s.acd.agentEvent('1002', { type: 'pause', reason: 'break' })).toMatchObject({ state: 'paused' });
    expect(s.acd.agentEvent('1002', { type: 'ready' })).toMatchObject({ state: 'ready' });
    s.clock.advance(1000);

    const caller = s.queueCaller();
    await settle();
    expect(s.tel.made('startMoh')).toEqual([['caller-1', 'default']]);
    expect(s.rung()).toMatchObject([{ endpoint: 'PJSIP/1001', timeoutS: 15, callerId: '4008001234', amd: false }]);
    expect(s.agent('1001').state).toBe('ringing');

    // 1001's phone rings out: Asterisk ends the leg with cause 19 (no answer).
    s.clock.advance(15_000);
    s.tel.end(s.rung()[0]!.channelId, 19);
    await settle();
    expect(s.agent('1001')).toMatchObject({ state: 'paused', pauseReason: 'no-answer' });
    expect(s.rung().map((r) => r.endpoint)).toEqual(['PJSIP/1001', 'PJSIP/1002']);
    expect(caller.outcome).toBeUndefined();

    // 1002 picks up 3 s later: music stops, caller and agent leg share a bridge.
    s.clock.advance(3000);
    const leg = s.rung()[1]!.channelId;
    s.tel.event({ type: 'answered', channelId: leg, at: s.clock.now() });
    await settle();
    expect(caller.outcome).toBe('answered');
    expect(s.tel.made('stopMoh')).toContainEqual(['caller-1']);
    expect(s.tel.made('addToBridge')).toEqual([['bridge-1', ['caller-1', leg]]]);
    expect(s.agent('1002').state).toBe('on-call');
    expect(s.calls.rows.get('caller-1')).toMatchObject({ agentId: '1002', queueGroup: 'general', queueWaitMs: 18_000 });

    // They talk for a minute; the caller hangs up: the agent leg goes too, the agent wraps up for the group's 10 s.
    s.clock.advance(60_000);
    s.tel.end('caller-1');
    await settle();
    expect(s.tel.made('hangup')).toContainEqual([leg]);
    expect(s.tel.made('destroyBridge')).toEqual([['bridge-1']]);
    expect(s.calls.rows.get('caller-1')).toMatchObject({ talkMs: 60_000, holdMs: 0, acwMs: 10_000 });
    expect(s.agent('1002').state).toBe('after-call-work');
    s.clock.advance(10_010);
    expect(s.agent('1002').state).toBe('ready');
    expect(s.agent('1002').stats).toMatchObject({ offered: 1, answered: 1, handled: 1 });
    expect(s.agent('1001').stats).toMatchObject({ offered: 1, noAnswer: 1, answered: 0 });
    expect(s.callbacks.created).toEqual([]);
    s.acd.close();
  });

  it("adds an agent's talk and hold to what earlier agents left on the record (a caller transferred on to a group comes back through the queue)", async () => {
    const s = setup();
    s.acd.agentEvent('1002', { type: 'pause', reason: 'lunch' });
    s.queueCaller();
    // The caller had talked 30 s and been held 5 s with another agent before this queue.
    s.calls.repo.update('caller-1', { talkMs: 30_000, holdMs: 5_000 });
    await settle();
    s.clock.advance(2000);
    s.tel.event({ type: 'answered', channelId: s.rung()[0]!.channelId, at: s.clock.now() });
    await settle();
    s.clock.advance(40_000);
    s.tel.end('caller-1');
    await settle();
    expect(s.calls.rows.get('caller-1')).toMatchObject({ talkMs: 70_000, holdMs: 5_000, acwMs: 10_000 });
    s.acd.close();
  });

  it('owes a caller who hangs up in the queue a call back, with the wait they had', async () => {
    const s = setup();
    for (const id of ['1001', '1002']) s.acd.agentEvent(id, { type: 'pause', reason: 'lunch' });
    const caller = s.queueCaller();
    await settle();
    expect(s.tel.made('startMoh')).toEqual([['caller-1', 'default']]);
    expect(s.rung()).toEqual([]);

    s.clock.advance(42_000);
    s.tel.end('caller-1');
    await settle();
    expect(caller.outcome).toBe('abandoned');
    expect(s.calls.rows.get('caller-1')).toMatchObject({ queueGroup: 'general', queueWaitMs: 42_000 });
    expect(s.callbacks.created).toEqual([{ number: '13800138000', reason: 'queue-abandon', sourceChannelId: 'caller-1', entryNumber: '4008001234', now: T0 + 42_000 }]);
    expect(s.acd.waitingIn('general')).toBe(0);
    // The max-wait timer went with the caller.
    expect(s.clock.pending).toBe(0);
  });

  it('owes no call back for a dialer call that hangs up in the queue: its campaign retries it', async () => {
    const s = setup();
    for (const id of ['1001', '1002']) s.acd.agentEvent(id, { type: 'pause', reason: 'lunch' });
    const caller = s.queueCaller('dialer-1', { oweCallback: false, silent: true });
    await settle();
    expect(s.tel.made('startMoh')).toEqual([]);
    s.tel.end('dialer-1');
    await settle();
    expect(caller.outcome).toBe('abandoned');
    expect(s.callbacks.created).toEqual([]);
  });

  it('calls off the ring when the caller hangs up while an agent phone rings, without holding it against the agent', async () => {
    const s = setup();
    const caller = s.queueCaller();
    await settle();
    const [ring] = s.rung();
    expect(ring).toBeDefined();
    const agentId = ring!.endpoint.replace('PJSIP/', '');
    s.clock.advance(5000);
    s.tel.end('caller-1');
    await settle();
    expect(caller.outcome).toBe('abandoned');
    expect(s.tel.made('hangup')).toContainEqual([ring!.channelId]);
    expect(s.tel.recorder.hungUpByUs).toContain(ring!.channelId);
    expect(s.agent(agentId)).toMatchObject({ state: 'ready', stats: { noAnswer: 0 } });
    expect(s.callbacks.created.map((c) => c.reason)).toEqual(['queue-abandon']);
  });

  it('sends a caller who waited the group maximum to a call back', async () => {
    const s = setup({ maxWaitS: 60 });
    for (const id of ['1001', '1002']) s.acd.agentEvent(id, { type: 'pause', reason: 'lunch' });
    const caller = s.queueCaller();
    await settle();
    s.clock.advance(59_999);
    await settle();
    expect(caller.outcome).toBeUndefined();
    s.clock.advance(1);
    await settle();
    expect(caller.outcome).toBe('callback');
    expect(s.tel.made('stopMoh')).toEqual([['caller-1']]);
    expect(s.callbacks.created).toMatchObject([{ number: '13800138000', reason: 'queue-max-wait' }]);
    expect(s.calls.rows.get('caller-1')).toMatchObject({ queueWaitMs: 60_000 });
  });

  it('answers an unknown agent or a refused change with a catalogue error', () => {
    const s = setup();
    const unknown = s.acd.agentEvent('9999', { type: 'ready' });
    expect(isHotlineError(unknown, 'NOT_FOUND')).toBe(true);
    expect(isHotlineError(s.acd.updateAgent('9999', { name: 'x' }), 'NOT_FOUND')).toBe(true);
    expect(isHotlineError(s.acd.removeAgent('1001'), 'AGENT_LOGGED_IN')).toBe(true);
    expect(isHotlineError(s.acd.addAgent({ id: '1001', name: 'again', skills: { general: 1 } }), 'AGENT_EXISTS')).toBe(true);
    expect(isHotlineError(s.acd.agentEvent('1001', { type: 'answer' }))).toBe(true);
  });
  it('a caller transferred to a group queues with the wait they had: served before a later caller, the whole wait recorded', async () => {
    const s = setup();
    s.acd.agentEvent('1001', { type: 'pause', reason: 'break' });
    s.acd.agentEvent('1002', { type: 'pause', reason: 'break' });
    s.queueCaller('caller-new');
    s.clock.advance(5000);
    // Waited 30 s before an agent took them, then was transferred to this group.
    s.queueCaller('caller-transferred', { queuedAt: s.clock.now() - 30_000 });
    await settle();
    s.acd.agentEvent('1001', { type: 'ready' });
    await settle();
    expect(s.rung().map((r) => r.near)).toEqual(['caller-transferred']);
    s.clock.advance(2000);
    s.tel.event({ type: 'answered', channelId: s.rung()[0]!.channelId, at: s.clock.now() });
    await settle();
    expect(s.calls.rows.get('caller-transferred')).toMatchObject({ agentId: '1001', queueWaitMs: 32_000 });
  });
});
