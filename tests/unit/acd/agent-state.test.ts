import { describe, expect, it } from 'vitest';
import { newAgent, settle, transition, type Agent, type AgentEvent, type AgentState } from '../../../src/acd/agent-state.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

const cfg = { id: '1001', name: 'Li Na', skills: { general: 3 } };

function ok(result: Agent | HotlineError): Agent {
  if (result instanceof HotlineError) throw result;
  return result;
}

function run(agent: Agent, steps: ReadonlyArray<[AgentEvent, number]>): Agent {
  return steps.reduce((a, [event, at]) => ok(transition(a, event, at)), agent);
}

/** An agent driven into `state` through the machine itself, by t = 4000. */
function agentIn(state: AgentState): Agent {
  const a = newAgent(cfg, 0);
  const paths: Record<AgentState, ReadonlyArray<[AgentEvent, number]>> = {
    'logged-out': [],
    ready: [[{ type: 'login' }, 1000]],
    ringing: [
      [{ type: 'login' }, 1000],
      [{ type: 'offer', callId: 'c1' }, 2000],
    ],
    'on-call': [
      [{ type: 'login' }, 1000],
      [{ type: 'offer', callId: 'c1' }, 2000],
      [{ type: 'answer' }, 3000],
    ],
    'after-call-work': [
      [{ type: 'login' }, 1000],
      [{ type: 'offer', callId: 'c1' }, 2000],
      [{ type: 'answer' }, 3000],
      [{ type: 'hangup', wrapUpS: 60 }, 4000],
    ],
    paused: [
      [{ type: 'login' }, 1000],
      [{ type: 'pause', reason: 'lunch' }, 2000],
    ],
  };
  return run(a, paths[state]);
}

const events: Record<AgentEvent['type'], AgentEvent> = {
  login: { type: 'login' },
  logout: { type: 'logout' },
  ready: { type: 'ready' },
  pause: { type: 'pause', reason: 'break' },
  offer: { type: 'offer', callId: 'c2' },
  answer: { type: 'answer' },
  'no-answer': { type: 'no-answer' },
  reject: { type: 'reject' },
  hold: { type: 'hold' },
  unhold: { type: 'unhold' },
  hangup: { type: 'hangup', wrapUpS: 60 },
  'wrap-up-done': { type: 'wrap-up-done' },
  'wrapped-up': { type: 'wrapped-up', callId: 'c1' },
};

/** The expected machine, written out independently of the implementation's table. */
const allowed: Record<AgentState, Partial<Record<AgentEvent['type'], AgentState>>> = {
  'logged-out': { login: 'ready', 'wrapped-up': 'logged-out' },
  ready: { logout: 'logged-out', ready: 'ready', pause: 'paused', offer: 'ringing', 'wrapped-up': 'ready' },
  ringing: { answer: 'on-call', 'no-answer': 'paused', reject: 'paused', hangup: 'ready' },
  'on-call': { hold: 'on-call', unhold: 'on-call', hangup: 'after-call-work' },
  'after-call-work': { logout: 'logged-out', ready: 'ready', pause: 'paused', 'wrap-up-done': 'ready', 'wrapped-up': 'ready' },
  paused: { logout: 'logged-out', ready: 'ready', pause: 'paused', 'wrapped-up': 'paused' },
};

const cases = (Object.keys(allowed) as AgentState[]).flatMap((from) =>
  (Object.keys(events) as Array<AgentEvent['type']>).map((event) => [from, event, allowed[from][event] ?? 'AGENT_BAD_TRANSITION'] as const),
);

describe('agent transitions', () => {
  it.each(cases)('%s + %s → %s', (from, event, expected) => {
    const agent = agentIn(from);
    expect(agent.state).toBe(from);
    const result = transition(agent, events[event], 5000);
    if (expected === 'AGENT_BAD_TRANSITION') {
      expect(isHotlineError(result, 'AGENT_BAD_TRANSITION')).toBe(true);
      expect((result as HotlineError).details).toEqual({ agentId: '1001', state: from, event });
    } else {
      expect(ok(result).state).toBe(expected);
    }
  });

  it('never changes the agent it is given', () => {
    const agent = agentIn('on-call');
    const before = structuredClone(agent);
    ok(transition(agent, { type: 'hangup', wrapUpS: 10 }, 9000));
    expect(agent).toEqual(before);
  });
});

describe('pauses', () => {
  it.each([
    [{ type: 'no-answer' } as AgentEvent, 'no-answer', 'noAnswer'],
    [{ type: 'no-answer', reason: 'unreachable' } as AgentEvent, 'unreachable', 'noAnswer'],
    [{ type: 'reject' } as AgentEvent, 'rejected', 'rejected'],
  ] as const)('a ringing agent after %o is paused with reason %s', (event, reason, counter) => {
    const a = ok(transition(agentIn('ringing'), event, 5000));
    expect(a).toMatchObject({ state: 'paused', pauseReason: reason, since: 5000 });
    expect(a.callId).toBeUndefined();
    expect(a.stats[counter]).toBe(1);
    expect(a.stats.ringingMs).toBe(3000);
  });

  it('keeps the reason the agent chose, and a new one replaces it', () => {
    const a = agentIn('paused');
    expect(a.pauseReason).toBe('lunch');
    expect(ok(transition(a, { type: 'pause', reason: 'training' }, 5000))).toMatchObject({ pauseReason: 'training', since: 2000 });
  });

  it('needs a reason', () => {
    expect(isHotlineError(transition(agentIn('ready'), { type: 'pause', reason: ' ' }, 5000), 'BAD_REQUEST')).toBe(true);
  });
});

describe('idle time for longest-idle routing', () => {
  it('starts at login and survives a second ready', () => {
    const a = run(newAgent(cfg, 0), [
      [{ type: 'login' }, 1000],
      [{ type: 'ready' }, 5000],
    ]);
    expect(a).toMatchObject({ state: 'ready', idleSince: 1000, since: 1000 });
  });

  it('survives a ring the caller hung up on', () => {
    const a = run(agentIn('ringing'), [[{ type: 'hangup', callId: 'c1', wrapUpS: 30 }, 9000]]);
    expect(a).toMatchObject({ state: 'ready', idleSince: 1000 });
    expect(a.callId).toBeUndefined();
    expect(a.stats).toMatchObject({ offered: 1, answered: 0, handled: 0, ringingMs: 7000, acwMs: 0 });
  });

  it('starts again when after-call work ends', () => {
    const a = ok(transition(agentIn('after-call-work'), { type: 'ready' }, 10_000));
    expect(a).toMatchObject({ state: 'ready', idleSince: 10_000 });
    expect(a.stats.acwMs).toBe(6000);
  });

  it('starts at the hang-up when there is no wrap-up time', () => {
    const a = ok(transition(agentIn('on-call'), { type: 'hangup', wrapUpS: 0 }, 8000));
    expect(a).toMatchObject({ state: 'ready', idleSince: 8000 });
    expect(a.stats).toMatchObject({ handled: 1, talkMs: 5000, acwMs: 0 });
  });
});

describe('after-call work is timed', () => {
  it('ends on its own at the wrap-up time, counted exactly', () => {
    const acw = agentIn('after-call-work');
    expect(acw.acwUntil).toBe(64_000);
    expect(settle(acw, 63_999)).toBe(acw);
    const a = settle(acw, 90_000);
    expect(a).toMatchObject({ state: 'ready', since: 64_000, idleSince: 64_000 });
    expect(a.stats.acwMs).toBe(60_000);
  });

  it('is settled before any event, so an expired agent can be offered a call', () => {
    const a = ok(transition(agentIn('after-call-work'), { type: 'offer', callId: 'c9' }, 70_000));
    expect(a).toMatchObject({ state: 'ringing', callId: 'c9', idleSince: 64_000 });
    // 1 s ready before the first call, 6 s after the wrap-up ended.
    expect(a.stats).toMatchObject({ acwMs: 60_000, readyMs: 7000, offered: 2 });
  });

  it('a pause during it ends it and counts only the time spent', () => {
    const a = ok(transition(agentIn('after-call-work'), { type: 'pause', reason: 'supervisor' }, 14_000));
    expect(a).toMatchObject({ state: 'paused', pauseReason: 'supervisor' });
    expect(a.stats.acwMs).toBe(10_000);
    expect(a.acwUntil).toBeUndefined();
  });

  it('keeps the call id for the disposition', () => {
    expect(agentIn('after-call-work').callId).toBe('c1');
  });

  it('refuses a negative wrap-up', () => {
    expect(isHotlineError(transition(agentIn('on-call'), { type: 'hangup', wrapUpS: -1 }, 5000), 'BAD_REQUEST')).toBe(true);
  });
});

describe('talk and hold times', () => {
  it.each([
    ['no hold', [], 47_000, 0],
    [
      'one hold',
      [
        [{ type: 'hold' }, 10_000],
        [{ type: 'unhold' }, 20_000],
      ],
      37_000,
      10_000,
    ],
    [
      'hold still open at hang-up',
      [
        [{ type: 'hold' }, 10_000],
        [{ type: 'unhold' }, 20_000],
        [{ type: 'hold' }, 40_000],
      ],
      27_000,
      20_000,
    ],
    [
      'hold pressed twice, unhold without hold',
      [
        [{ type: 'unhold' }, 5000],
        [{ type: 'hold' }, 10_000],
        [{ type: 'hold' }, 15_000],
        [{ type: 'unhold' }, 20_000],
      ],
      37_000,
      10_000,
    ],
  ] as const)('%s', (_name, steps, talkMs, holdMs) => {
    const a = run(agentIn('on-call'), [...(steps as ReadonlyArray<[AgentEvent, number]>), [{ type: 'hangup', wrapUpS: 30 }, 50_000]]);
    expect(a.stats).toMatchObject({ talkMs, holdMs, answered: 1, handled: 1 });
    expect(a.heldSince).toBeUndefined();
    expect(a.callHoldMs).toBe(0);
  });

  it('counts every state into the reports, logged-out time excluded', () => {
    const a = run(newAgent(cfg, 0), [
      [{ type: 'login' }, 1000],
      [{ type: 'offer', callId: 'c1' }, 11_000],
      [{ type: 'answer', callId: 'c1' }, 14_000],
      [{ type: 'hangup', callId: 'c1', wrapUpS: 20 }, 74_000],
      [{ type: 'pause', reason: 'break' }, 124_000],
      [{ type: 'logout' }, 424_000],
    ]);
    expect(a.stats).toEqual({
      offered: 1,
      answered: 1,
      noAnswer: 0,
      rejected: 0,
      handled: 1,
      readyMs: 10_000 + 30_000,
      ringingMs: 3000,
      talkMs: 60_000,
      holdMs: 0,
      acwMs: 20_000,
      pausedMs: 300_000,
    });
  });
});

describe('events about another call', () => {
  it.each([
    { type: 'answer', callId: 'old' },
    { type: 'no-answer', callId: 'old' },
    { type: 'reject', callId: 'old' },
    { type: 'hangup', callId: 'old', wrapUpS: 0 },
  ] as AgentEvent[])('%o on an agent ringing for c1 is AGENT_WRONG_CALL', (event) => {
    const result = transition(agentIn('ringing'), event, 5000);
    expect(isHotlineError(result, 'AGENT_WRONG_CALL')).toBe(true);
    expect((result as HotlineError).details).toMatchObject({ agentId: '1001', callId: 'old', agentCallId: 'c1' });
  });

  it('accepts the right call id', () => {
    expect(ok(transition(agentIn('ringing'), { type: 'answer', callId: 'c1' }, 5000)).state).toBe('on-call');
  });
});
