import { describe, expect, it } from 'vitest';
import { checkTransferTarget, type TargetFacts, type TransferTarget } from '../../../src/calls/transfer-target.js';
import { isHotlineError } from '../../../src/errors.js';

const states: Record<string, string> = { a1: 'on-call', a2: 'ready', a3: 'logged-out', a4: 'after-call-work' };
const facts: TargetFacts = {
  fromAgent: 'a1',
  agentState: (id) => states[id],
  groupExists: (id) => id === 'sales',
  onDnc: (n) => n === '+8613900000009',
};

const cases: Array<[string, TransferTarget, string, Record<string, unknown>?]> = [
  ['a ready agent', { kind: 'agent', agentId: 'a2' }, 'ok'],
  ['oneself', { kind: 'agent', agentId: 'a1' }, 'TRANSFER_REFUSED', { reason: 'self' }],
  ['an agent logged out', { kind: 'agent', agentId: 'a3' }, 'AGENT_NOT_LOGGED_IN', { agentId: 'a3', state: 'logged-out' }],
  ['an agent in after-call work', { kind: 'agent', agentId: 'a4' }, 'TRANSFER_REFUSED', { reason: 'agent-busy' }],
  ['no such agent', { kind: 'agent', agentId: 'zz' }, 'NOT_FOUND'],
  ['a known group', { kind: 'group', groupId: 'sales' }, 'ok'],
  ['an unknown group', { kind: 'group', groupId: 'nope' }, 'TRANSFER_REFUSED', { reason: 'unknown-group' }],
  ['a mobile', { kind: 'number', number: '13900000001' }, 'ok'],
  ['a mobile on the DNC list', { kind: 'number', number: '13900000009' }, 'TRANSFER_REFUSED', { reason: 'dnc' }],
  ['a 400 number', { kind: 'number', number: '4001234567' }, 'TRANSFER_REFUSED', { reason: 'number-type' }],
  ['an international number', { kind: 'number', number: '0014155550100' }, 'TRANSFER_REFUSED', { reason: 'number-type' }],
  ['not a number', { kind: 'number', number: 'abc' }, 'TRANSFER_REFUSED', { reason: 'number-type' }],
];

describe('transfer target check', () => {
  it.each(cases)('%s', (_name, target, code, details) => {
    const r = checkTransferTarget(target, facts);
    if (code === 'ok') {
      expect(isHotlineError(r)).toBe(false);
      return;
    }
    expect(isHotlineError(r) && r.code).toBe(code);
    if (details && isHotlineError(r)) expect(r.details).toMatchObject(details);
  });

  it('an outside number is dialled in E.164', () => {
    expect(checkTransferTarget({ kind: 'number', number: '139 0000 0001' }, facts)).toEqual({ kind: 'number', e164: '+8613900000001' });
  });
});
