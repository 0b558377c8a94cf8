/**
 * What a caller of the API may see of a record: pure decisions over the principal, so the table-driven tests can
 * check every role without a server.
 */
import { maskNumber } from '../log/mask-rule.js';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';

// Admins and managers load and export lists; an agent dials and calls back their own customers. Supervisors, QA and
// read-only viewers judge the work, for which the number is not needed (customer data is confidential, 严守通信机密:
// docs/domain.md §Quality and security).
const fullNumberRoles: ReadonlySet<Role> = new Set(['admin', 'manager', 'agent']);

/** True when the role sees phone numbers whole. */
export function seesFullNumbers(role: Role): boolean {
  return fullNumberRoles.has(role);
}

/** The number as this principal may see it (null stays null). */
export function shownNumber(p: Pick<Principal, 'role'>, value: string | null): string | null {
  if (value === null) return null;
  return seesFullNumbers(p.role) ? value : maskNumber(value);
}

/** The agent id a principal's reads are limited to, or undefined when it may see everyone's. */
export function ownAgentScope(p: Pick<Principal, 'role' | 'agentId'>): string | undefined {
  return p.role === 'agent' ? (p.agentId ?? '\u0000no-agent') : undefined;
}

/** True when the principal may act on a record owned by `agentId` (an attempt's agent, a callback's owner). */
export function mayTouchAgentRecord(p: Pick<Principal, 'role' | 'agentId'>, agentId: string | null): boolean {
  const scope = ownAgentScope(p);
  return scope === undefined || scope === agentId;
}
