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
 * How a mode is built from ARI. Listen and whisper share ONE snoop on the agent's leg, made once per monitor with
 * `monitorSnoop` (spy and whisper are fixed when a snoop is made, and Asterisk may keep a replaced snoop up for long,
 * its hang-up waiting for its audiohooks to come off the agent's channel): the snoop always whispers out toward the
 * agent's phone, and what differs is whether the supervisor's leg is muted (`in`: what their phone sends is dropped
 * before the bridge, so nothing reaches the snoop). Barge puts the supervisor's leg in the conversation's bridge.
 */
export const supervisorModes: Readonly<Record<SupervisorMode, { via: 'snoop'; muted: boolean } | { via: 'bridge'; muted: false }>> = {
  // The supervisor hears both; muted, so the agent and the customer hear nothing.
  listen: { via: 'snoop', muted: true },
  // Unmuted: the snoop whispers them out to the agent's phone only.
  whisper: { via: 'snoop', muted: false },
  // All three talk.
  barge: { via: 'bridge', muted: false },
};

/** The one snoop of a monitor: hears both directions, whispers toward the agent's phone only. */
export const monitorSnoop = { spy: 'both', whisper: 'out' } as const;
