import { describe, expect, it } from 'vitest';
import { grants, roles } from '../../../src/auth/roles.js';
import { callActionRoles, callActions, mayActOnCall, supervisorModes } from '../../../src/calls/supervision-policy.js';

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

  it('listen hears both and says nothing, whisper reaches the agent only, barge joins the bridge', () => {
    expect(supervisorModes.listen).toEqual({ via: 'snoop', spy: 'both', whisper: 'none' });
    expect(supervisorModes.whisper).toEqual({ via: 'snoop', spy: 'both', whisper: 'out' });
    expect(supervisorModes.barge).toEqual({ via: 'bridge' });
  });
});

function callActionRolesOf(a: 'listen' | 'whisper' | 'barge'): readonly string[] {
  return callActionRoles[a];
}
