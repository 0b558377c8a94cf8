import { describe, expect, it } from 'vitest';
import { newAgent, settle, transition, type Agent, type AgentEvent } from '../../../src/acd/agent-state.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

function ok(result: Agent | HotlineError): Agent {
  if (result instanceof HotlineError) throw result;
  return result;
}
const run = (a: Agent, steps: ReadonlyArray<[AgentEvent, number]>) => steps.reduce((x, [e, at]) => ok(transition(x, e, at)), a);

/** An agent whose inbound call c1 ended at t=4000 with a required wrap-up (group wrap-up 5 s). */
function owing(): Agent {
  return run(newAgent({ id: '1001', name: 'Li Na', skills: { general: 3 } }, 0), [
    [{ type: 'login' }, 1000],
    [{ type: 'offer', callId: 'c1' }, 2000],
    [{ type: 'answer' }, 3000],
    [{ type: 'hangup', wrapUpS: 5, wrapUpRequired: true }, 4000],
  ]);
}

describe('wrap-up required before ready', () => {
  it('keeps the agent in after-call work past the group wrap-up time until the wrap-up is saved', () => {
    const a = owing();
    expect(a).toMatchObject({ state: 'after-call-work', wrapUpOwed: 'c1' });
    expect(settle(a, 60_000).state).toBe('after-call-work');
    const done = ok(transition(a, { type: 'wrapped-up', callId: 'c1' }, 70_000));
    expect(done.state).toBe('ready');
    expect(done.wrapUpOwed).toBeUndefined();
    expect(done.stats.acwMs).toBe(66_000);
  });

  it.each(['ready', 'wrap-up-done'] as const)('refuses %s while owed, naming the call', (type) => {
    const r = transition(owing(), { type } as AgentEvent, 5000);
    expect(isHotlineError(r, 'WRAP_UP_REQUIRED')).toBe(true);
    expect((r as HotlineError).details).toEqual({ agentId: '1001', callId: 'c1' });
  });

  it('keeps the debt through a pause and a logout: no ready, no login, until the wrap-up is saved', () => {
    const paused = ok(transition(owing(), { type: 'pause', reason: 'break' }, 5000));
    expect(isHotlineError(transition(paused, { type: 'ready' }, 6000), 'WRAP_UP_REQUIRED')).toBe(true);
    const out = ok(transition(paused, { type: 'logout' }, 7000));
    expect(isHotlineError(transition(out, { type: 'login' }, 8000), 'WRAP_UP_REQUIRED')).toBe(true);
    const paid = ok(transition(out, { type: 'wrapped-up', callId: 'c1' }, 9000));
    expect(paid).toMatchObject({ state: 'logged-out' });
    expect(ok(transition(paid, { type: 'login' }, 10_000)).state).toBe('ready');
  });

  it("a wrap-up of another call pays nothing and moves nothing", () => {
    const a = owing();
    expect(transition(a, { type: 'wrapped-up', callId: 'c0' }, 5000)).toBe(a);
  });

  it('without the setting after-call work ends on its own, and a saved wrap-up ends it early', () => {
    const a = run(newAgent({ id: '1001', name: 'Li Na', skills: {} }, 0), [
      [{ type: 'login' }, 1000],
      [{ type: 'offer', callId: 'c1' }, 2000],
      [{ type: 'answer' }, 3000],
      [{ type: 'hangup', wrapUpS: 5 }, 4000],
    ]);
    expect(a.wrapUpOwed).toBeUndefined();
    expect(settle(a, 9000).state).toBe('ready');
    expect(ok(transition(a, { type: 'wrapped-up', callId: 'c1' }, 5000)).state).toBe('ready');
  });
});
