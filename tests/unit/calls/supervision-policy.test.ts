import { describe, expect, it } from 'vitest';
import { grants, roles } from '../../../src/auth/roles.js';
import { callActionRoles, callActions, mayActOnCall, monitorSnoop, supervisorModes } from '../../../src/calls/supervision-policy.js';

describe('who may act on a live call', () => {
  it.each([
    ['agent', 'hold', true, true],
    ['agent', 'hold', false, false],
    ['agent', 'transfer', true, true],
    ['agent', 'listen', true, false],
    ['agent', 'barge', true, false],
    ['supervisor', 'listen', false, true],
    ['supervisor', 'whisper', false, true],
    ['supervisor', 'transfer', false, true],
    ['manager', 'listen', false, false],
    ['read-only', 'hold', false, false],
  ] as const)('%s %s (own call %s): %s', (role, action, own, allowed) => {
    expect(mayActOnCall(role, action, own)).toBe(allowed);
  });

  it('only supervisors and admins ever listen, whisper or barge', () => {
    for (const role of roles) {
      for (const a of ['listen', 'whisper', 'barge'] as const) expect(mayActOnCall(role, a, true)).toBe(role === 'admin' || role === 'supervisor');
    }
    expect(callActions).toHaveLength(6);
  });

  it("the monitor routes' permission grants exactly the roles the table lets listen, whisper and barge", () => {
    for (const a of ['listen', 'whisper', 'barge'] as const) expect([...grants['call:monitor']].sort()).toEqual([...callActionRolesOf(a)].sort());
  });

  it('listen hears both and says nothing (muted), whisper reaches the agent only (the same snoop, unmuted), barge joins the bridge', () => {
    expect(monitorSnoop).toEqual({ spy: 'both', whisper: 'out' });
    expect(supervisorModes.listen).toEqual({ via: 'snoop', muted: true });
    expect(supervisorModes.whisper).toEqual({ via: 'snoop', muted: false });
    expect(supervisorModes.barge).toEqual({ via: 'bridge', muted: false });
  });
});

function callActionRolesOf(a: 'listen' | 'whisper' | 'barge'): readonly string[] {
  return callActionRoles[a];
}
