import type { Principal } from '../auth/principal.js';
import { ownAgentScope } from '../auth/visibility.js';
import { HotlineError } from '../errors.js';
import type { CallRow, CallsRepo } from '../store/calls-repo.js';

/**
 * The call a desk record is opened from (a complaint, a work order), when the request names one: it must exist and,
 * for an agent, be one they took. Otherwise the same refusal either way, so an agent cannot probe others' calls.
 */
export function callInScope(calls: Pick<CallsRepo, 'get'>, p: Principal, channelId: string | undefined): CallRow | undefined {
  if (channelId === undefined) return undefined;
  const call = calls.get(channelId);
  const scope = ownAgentScope(p);
  if (!call || (scope !== undefined && call.agentId !== scope)) throw new HotlineError('BAD_REQUEST', `no call ${channelId}`, { key: 'channelId' });
  return call;
}
