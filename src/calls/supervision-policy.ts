/**
 * Who may do what to a live call, and what each supervisor mode asks of an ARI snoop channel (pure data; issue 13).
 * The monitor routes check mayActOnCall; monitor-plan.ts builds its steps from supervisorModes.
 */
import type { Role } from '../auth/roles.js';

/** Actions on a live call beyond answering and hanging up. */
export const callActions = ['hold', 'transfer', 'conference', 'listen', 'whisper', 'barge'] as const;
export type CallAction = (typeof callActions)[number];

/**
 * Roles allowed each action. Agents act on their own calls only (the caller checks ownership); listen, whisper and
 * barge are the floor supervisor's (seed 003: every agent under control at every moment), never an agent's.
 */
export const callActionRoles: Readonly<Record<CallAction, readonly Role[]>> = {
  hold: ['admin', 'supervisor', 'agent'],
  transfer: ['admin', 'supervisor', 'agent'],
  conference: ['admin', 'supervisor', 'agent'],
  listen: ['admin', 'supervisor'],
  whisper: ['admin', 'supervisor'],
  barge: ['admin', 'supervisor'],
};

/** True when `role` may take `action` on a call (an agent: on their own call). */
export function mayActOnCall(role: Role, action: CallAction, ownCall: boolean): boolean {
  if (!callActionRoles[action].includes(role)) return false;
  return role !== 'agent' || ownCall;
}

export type SupervisorMode = 'listen' | 'whisper' | 'barge';

/**
 * How a mode is built from ARI: a snoop on the agent's leg with `spy` (what the supervisor hears) and `whisper` (who
 * hears the supervisor: `out` is the agent's phone only), or, for barge, the supervisor joined to the conversation's
 * bridge so all three talk.
 */
export const supervisorModes: Readonly<Record<SupervisorMode, { via: 'snoop'; spy: 'both'; whisper: 'none' | 'out' } | { via: 'bridge' }>> = {
  // The agent and the customer hear nothing.
  listen: { via: 'snoop', spy: 'both', whisper: 'none' },
  // Only the agent hears the supervisor.
  whisper: { via: 'snoop', spy: 'both', whisper: 'out' },
  barge: { via: 'bridge' },
};
