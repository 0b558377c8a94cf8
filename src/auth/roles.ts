/**
 * Who may do what: the whole access policy as one table. Route handlers ask `can(role, permission)`; record-level
 * limits (an agent sees only their own calls and leads) and number masking live in visibility.ts.
 */
import { callActionRoles } from '../calls/supervision-policy.js';

// Issue 16: qa, the quality inspectors (质检员) who listen to and score calls.
export const roles = ['admin', 'manager', 'supervisor', 'agent', 'read-only', 'qa'] as const;
export type Role = (typeof roles)[number];

export const permissions = [
  'campaign:read',
  'campaign:write',
  'list:upload',
  'lead:read',
  'lead:export',
  'attempt:read',
  'call:read',
  'dnc:check',
  'dnc:read',
  'dnc:write',
  'dnc:remove',
  'callback:read',
  'callback:write',
  'agent:read',
  'agent:state',
  'agent:write',
  'disposition:write',
  'flow:read',
  'flow:write',
  'report:read',
  'report:run',
  'live:read',
  'recording:read',
  'recording:listen',
  'recording:start',
  'staffing:run',
  'token:admin',
  'audit:read',
  'session:read',
  // Issue 11 (LIBRARY): the announcement library.
  'announcement:read',
  'announcement:label',
  'announcement:import',
  'wrapup:read',
  'wrapup:write',
  'complaint:read',
  'complaint:write',
  'workorder:read',
  'workorder:write',
  'callerlist:read',
  'callerlist:write',
  // Issue 15 item 4: the caller history.
  'callerhistory:read',
  'callerhistory:search',
  // Issue 16 (quality and planning).
  'kb:read',
  'kb:write',
  'kb:gaps',
  'qa:read',
  'qa:score',
  'qa:form',
  'qa:respond',
  // Issue 13 (PHONE): the browser phone.
  'phone:use',
  'roster:read',
  'roster:write',
  'swap:write',
  'handover:write',
  'call:hold',
  // Issue 13 (TRANSFER): transfers and the three-way conference.
  'call:transfer',
  'call:monitor',
  // Issue 13: an agent's own part of the live feed (their state and the "monitored" badge).
  'live:own',
] as const;
export type Permission = (typeof permissions)[number];

const all: readonly Role[] = roles;
const staff: readonly Role[] = ['admin', 'manager', 'supervisor'];

/** Every permission and the roles that hold it; an agent's grants are further limited to their own records. */
export const grants: Readonly<Record<Permission, readonly Role[]>> = {
  'campaign:read': all,
  // Campaign managers (呼出运营主管) run campaigns and load lists; supervisors watch, they do not change them.
  'campaign:write': ['admin', 'manager'],
  'list:upload': ['admin', 'manager'],
  'lead:read': all,
  'lead:export': staff,
  'attempt:read': all,
  'call:read': all,
  // An agent may ask whether the number in front of them is blocked, but not read the lists.
  'dnc:check': all,
  'dnc:read': staff,
  'dnc:write': staff,
  // Taking a number off a do-not-call list undoes a customer's refusal: managers only.
  'dnc:remove': ['admin', 'manager'],
  'callback:read': all,
  'callback:write': ['admin', 'manager', 'supervisor', 'agent'],
  'agent:read': all,
  // Supervisors (班长) log agents in and out and pause them; agents change their own state.
  'agent:state': ['admin', 'supervisor', 'agent'],
  // Who the agents are, their skills and phones are the floor's set-up, like flows and campaigns: admins and managers.
  // Supervisors move agents between states; they do not create them.
  'agent:write': ['admin', 'manager'],
  'disposition:write': ['admin', 'manager', 'supervisor', 'agent'],
  'flow:read': ['admin', 'manager', 'supervisor', 'read-only'],
  'flow:write': ['admin', 'manager'],
  'report:read': ['admin', 'manager', 'supervisor', 'read-only'],
  'report:run': ['admin', 'manager'],
  'live:read': ['admin', 'manager', 'supervisor', 'read-only'],
  // Anyone may see that a call was recorded (an agent only their own); listening is for QA and the agent who talked.
  'recording:read': all,
  'recording:listen': ['admin', 'manager', 'supervisor', 'agent', 'qa'],
  // On demand: the agent on the call or a supervisor listening in starts it.
  'recording:start': ['admin', 'supervisor', 'agent'],
  'staffing:run': ['admin', 'manager', 'supervisor', 'read-only'],
  'token:admin': ['admin'],
  'audit:read': ['admin'],
  // Who the token is and what it may do: every role, so a client can show only what its user may use.
  'session:read': all,
  // Issue 11 (LIBRARY). Carrier announcements are not customer data, but the numbers they were heard on are (masked
  // for supervisors and read-only, visibility.ts). Supervisors (班长) run the labelling queue: listen, label, merge,
  // delete. Loading a library recorded elsewhere is set-up, like flows: admins and managers.
  'announcement:read': ['admin', 'manager', 'supervisor', 'read-only'],
  'announcement:label': staff,
  'announcement:import': ['admin', 'manager'],
  // The service desk (issue 15): agents record what each call was about, open complaints and work orders; the floor
  // supervisor (班长) moves complaints on and keeps the caller lists. Agents see their own wrap-ups only.
  'wrapup:read': all,
  'wrapup:write': ['admin', 'manager', 'supervisor', 'agent'],
  'complaint:read': all,
  'complaint:write': ['admin', 'manager', 'supervisor', 'agent'],
  'workorder:read': all,
  'workorder:write': ['admin', 'manager', 'supervisor', 'agent'],
  'callerlist:read': ['admin', 'manager', 'supervisor'],
  'callerlist:write': ['admin', 'manager', 'supervisor'],
  // Issue 15 item 4. The history of the caller of a call: the agent on it (their own calls only) and the floor. Looking
  // a number up without a call is the floor's, so an agent cannot browse customers by number.
  'callerhistory:read': ['admin', 'manager', 'supervisor', 'agent'],
  'callerhistory:search': staff,
  // Issue 16. Every one answers from the knowledge base and may log a question it could not answer; the business
  // owners (managers) write the articles and read the unanswered questions, as do the floor's supervisors.
  'kb:read': all,
  'kb:write': ['admin', 'manager'],
  'kb:gaps': staff,
  // QA staff score calls and keep the forms with the managers; supervisors score their own team's calls too. An agent
  // reads only their own scores (visibility.ts) and acknowledges or disputes them (an admin holds every permission).
  'qa:read': ['admin', 'manager', 'supervisor', 'qa', 'agent'],
  'qa:score': ['admin', 'supervisor', 'qa'],
  'qa:form': ['admin', 'manager', 'qa'],
  'qa:respond': ['admin', 'agent'],
  // Issue 13 (PHONE): a browser phone is issued for the agent a token stands for, and to a supervisor to monitor calls on
  // (phone-routes.ts); other roles have no calls to take.
  'phone:use': ['admin', 'supervisor', 'agent'],
  // The roster is the floor's: supervisors (班长) and managers plan it; an agent swaps their own shifts (at most 5 a
  // month, seed 001) and writes the handover note of their shift, as does the supervisor.
  'roster:read': all,
  'roster:write': ['admin', 'manager', 'supervisor'],
  'swap:write': ['admin', 'supervisor', 'agent'],
  'handover:write': ['admin', 'supervisor', 'agent'],
  // Hold is the agent's on their own call; a supervisor may hold a call they are helping with.
  'call:hold': ['admin', 'supervisor', 'agent'],
  // The agent on their own call, a supervisor helping; the roles are the call-action table's (supervision-policy.ts).
  'call:transfer': callActionRoles.transfer,
  // Listen, whisper and barge are the floor supervisor's (seed 003), never an agent's: supervision-policy.ts's table.
  'call:monitor': ['admin', 'supervisor'],
  // Only a token that stands for an agent has an own row to follow (the route refuses the others).
  'live:own': ['admin', 'agent'],
};

/** True when the role holds the permission. */
export function can(role: Role, permission: Permission): boolean {
  return grants[permission].includes(role);
}

/** True for a known role name. */
export function isRole(value: string): value is Role {
  return (roles as readonly string[]).includes(value);
}
