/**
 * desk.wrapUpRequired in the running ACD: after an inbound call the agent stays in after-call work, is not offered
 * the next caller and cannot go ready until the call's wrap-up is saved (a stub port plays Asterisk, a fake clock time).
 */
import { describe, expect, it } from 'vitest';
import type { OriginateRequest } from '../../../src/ari/port.js';
import { isHotlineError } from '../../../src/errors.js';
import { settle } from '../support/shell-stubs.js';
import { stubAcd } from './acd-stub.js';

function setup(wrapUpRequired: boolean, wrapped: Set<string> = new Set()) {
  const { clock, tel, calls, acd } = stubAcd(
    {
      groups: [{ id: 'general', skill: 'general', wrapUpS: 5, ringTimeoutS: 15, maxWaitS: 300, comfortEveryS: 0 }],
      agents: [{ id: '1001', name: 'Li Na', skills: { general: 1 } }],
    },
    { wrapUpRequired, wrappedUp: (id) => wrapped.has(id) },
  );
  const rung = () => tel.made('originate').map(([req]) => req as OriginateRequest);
  /** A caller queued, answered by 1001, talking 30 s, then hanging up. */
  const talk = async (channelId: string) => {
    const call = tel.addCall(channelId);
    calls.open(channelId, { callerNumber: '13800138000', entryNumber: '4008001234' });
    void acd.enqueue(call, 'general', 0, 'zh');
    await settle();
    const leg = rung().at(-1)!.channelId;
    tel.event({ type: 'answered', channelId: leg, at: clock.now() });
    await settle();
    clock.advance(30_000);
    tel.end(channelId);
    await settle();
  };
  const agent = () => acd.agentList()[0]!;
  return { clock, tel, calls, acd, talk, rung, agent };
}

describe('wrap-up required before ready, in the ACD', () => {
  it('holds the agent in after-call work and offers them no caller until the wrap-up is saved', async () => {
    const s = setup(true);
    await s.talk('caller-1');
    expect(s.agent()).toMatchObject({ state: 'after-call-work', wrapUpOwed: 'caller-1' });
    s.clock.advance(60_000);
    expect(s.agent().state).toBe('after-call-work');
    const refused = s.acd.agentEvent('1001', { type: 'ready' });
    expect(isHotlineError(refused, 'WRAP_UP_REQUIRED')).toBe(true);

    // The next caller waits: nobody is ready.
    const next = s.tel.addCall('caller-2');
    s.calls.open('caller-2', { callerNumber: '13900139000', entryNumber: '4008001234' });
    void s.acd.enqueue(next, 'general', 0, 'zh');
    await settle();
    expect(s.rung()).toHaveLength(1);

    // The wrap-up is saved: the agent is ready and the waiting caller rings them.
    expect(s.acd.agentEvent('1001', { type: 'wrapped-up', callId: 'caller-1' })).toMatchObject({ state: 'ready' });
    await settle();
    expect(s.agent()).toMatchObject({ state: 'ringing', callId: 'caller-2' });
    expect(s.rung()).toHaveLength(2);
    s.acd.close();
  });

  it('owes nothing for a call wrapped up while it was on', async () => {
    const s = setup(true, new Set(['caller-1']));
    await s.talk('caller-1');
    expect(s.agent().wrapUpOwed).toBeUndefined();
    s.clock.advance(5_010);
    expect(s.agent().state).toBe('ready');
    s.acd.close();
  });

  it('without the setting, after-call work ends after the group wrap-up time', async () => {
    const s = setup(false);
    await s.talk('caller-1');
    expect(s.agent().state).toBe('after-call-work');
    s.clock.advance(5_010);
    expect(s.agent().state).toBe('ready');
    s.acd.close();
  });
});
