/**
 * Where a caller may be transferred (pure): an agent who is logged in, a skill group the ACD knows, or an outside
 * number that passes the callbacks' number-type check (the centre's own country's mobiles and fixed lines, no
 * 400/800/premium/international) and is on no do-not-call list. A refusal is a typed error with its reason.
 */
import type { CountryCode } from 'libphonenumber-js/max';
import { checkCallbackNumber } from '../dialer/callback-number.js';
import { HotlineError } from '../errors.js';

export type TransferTarget = { kind: 'agent'; agentId: string } | { kind: 'group'; groupId: string } | { kind: 'number'; number: string };

/** A checked target: the number in E.164 for an outside one. */
export type CheckedTarget = { kind: 'agent'; agentId: string } | { kind: 'group'; groupId: string } | { kind: 'number'; e164: string };

export interface TargetFacts {
  /** The agent on the call now (a transfer to oneself is refused). */
  fromAgent: string;
  /** An agent's state, or undefined for no such agent. */
  agentState: (agentId: string) => string | undefined;
  groupExists: (groupId: string) => boolean;
  /** The number (E.164) is on the global do-not-call list or the call's campaign's own. */
  onDnc: (e164: string) => boolean;
  country?: CountryCode;
}

const refused = (reason: string, message: string, details: Record<string, unknown> = {}) =>
  new HotlineError('TRANSFER_REFUSED', message, { key: 'target', details: { reason, ...details } });

/** The checked target, or the refusal. */
export function checkTransferTarget(t: TransferTarget, f: TargetFacts): CheckedTarget | HotlineError {
  switch (t.kind) {
    case 'agent': {
      if (t.agentId === f.fromAgent) return refused('self', 'an agent cannot transfer a call to themselves', { agentId: t.agentId });
      const state = f.agentState(t.agentId);
      if (state === undefined) return new HotlineError('NOT_FOUND', `no agent ${t.agentId}`, { key: 'target' });
      if (state === 'logged-out') return new HotlineError('AGENT_NOT_LOGGED_IN', `agent ${t.agentId} is not logged in`, { key: 'target', details: { agentId: t.agentId, state } });
      // Rung outside the queue: an agent on a call, ringing or in after-call work would be offered two callers at once.
      if (state !== 'ready') return refused('agent-busy', `agent ${t.agentId} is not ready (${state})`, { agentId: t.agentId, state });
      return { kind: 'agent', agentId: t.agentId };
    }
    case 'group':
      if (!f.groupExists(t.groupId)) return refused('unknown-group', `no skill group ${t.groupId}`, { groupId: t.groupId });
      return { kind: 'group', groupId: t.groupId };
    case 'number': {
      const n = checkCallbackNumber(t.number, f.country);
      if (!n.ok) return refused('number-type', `the number cannot be called: ${n.reason}`, { why: n.reason });
      if (f.onDnc(n.e164)) return refused('dnc', 'the number is on a do-not-call list');
      return { kind: 'number', e164: n.e164 };
    }
  }
}
