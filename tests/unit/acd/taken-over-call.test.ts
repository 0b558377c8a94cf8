/**
 * A caller transferred to an agent (issue 13): from the hand-over the call is the new agent's in the ACD and on the
 * record (a stub port plays Asterisk, a fake clock keeps time).
 */
import { describe, expect, it } from 'vitest';
import { stubAcd } from './acd-stub.js';

function setup() {
  const holds = new Map<string, number>();
  const { clock, calls, acd, agent } = stubAcd(
    {
      groups: [
        { id: 'general', skill: 'general', wrapUpS: 5, ringTimeoutS: 15, maxWaitS: 300, comfortEveryS: 0 },
        { id: 'vip', skill: 'vip', wrapUpS: 20, ringTimeoutS: 15, maxWaitS: 300, comfortEveryS: 0 },
      ],
      agents: [
        { id: '1001', name: 'A', skills: { general: 1, vip: 1 } },
        { id: '1002', name: 'B', skills: { general: 1, vip: 1 } },
      ],
    },
    { holdMsOf: (id) => holds.get(id) ?? 0 },
  );
  return { clock, calls, holds, acd, agent };
}

describe('a transferred caller taken over by an agent', () => {
  it("puts the agent on the call and names them on the record; at the end the record's times are the whole conversation", () => {
    const s = setup();
    // What the first agent left on the record when they handed the caller over: 40 s of talk, 8 s of it on hold.
    s.calls.open('cust', { direction: 'inbound', queueGroup: 'vip', agentId: '1001', talkMs: 32_000, holdMs: 8000, acwMs: 20_000 });
    const ended = s.acd.takeOver('1002', 'cust');
    expect(s.agent('1002')).toMatchObject({ state: 'on-call', callId: 'cust' });
    expect(s.calls.rows.get('cust')).toMatchObject({ agentId: '1002' });

    s.clock.advance(25_000);
    s.holds.set('cust', 5000);
    ended();
    expect(s.calls.rows.get('cust')).toMatchObject({ agentId: '1002', talkMs: 32_000 + 20_000, holdMs: 8000 + 5000, acwMs: 20_000 });
    expect(s.agent('1002')).toMatchObject({ state: 'after-call-work' });
    expect(s.agent('1002').stats).toMatchObject({ answered: 1, handled: 1 });
    s.clock.advance(20_001);
    expect(s.agent('1002').state).toBe('ready');
    // A second call of the end changes nothing.
    ended();
    expect(s.agent('1002').stats).toMatchObject({ handled: 1 });
    s.acd.close();
  });

  it('an agent who paused meanwhile stays paused; the record still becomes theirs', () => {
    const s = setup();
    s.calls.open('cust', { direction: 'inbound', queueGroup: 'general' });
    s.acd.agentEvent('1002', { type: 'pause', reason: 'break' });
    s.acd.takeOver('1002', 'cust')();
    expect(s.agent('1002').state).toBe('paused');
    expect(s.calls.rows.get('cust')).toMatchObject({ agentId: '1002', talkMs: 0, acwMs: 5000 });
    s.acd.close();
  });
});
