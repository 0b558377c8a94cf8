/**
 * Whether a wrap-up may be saved, as a pure decision over the call, the category tree and the clock: the first
 * refusal names the request field at fault. The shell (wrap-up-commands.ts) writes nothing when this refuses.
 */
import { HotlineError } from '../errors.js';
import type { WrapUpResult } from '../store/wrap-ups-repo.js';
import type { Category } from './categories.js';

export interface WrapUpInput {
  category: string;
  notes?: string | undefined;
  result: WrapUpResult;
  /** When the agreed callback is due (epoch ms); required with result callback, refused otherwise. */
  callbackAt?: number | undefined;
  workOrderNo?: string | undefined;
  /** A new work order to open with the wrap-up (a repair report, 报修), linked to it; not with workOrderNo. */
  newWorkOrder?: { description: string; respondBy?: number | undefined; completeBy?: number | undefined } | undefined;
  complaintId?: number | undefined;
}

export interface WrapUpFacts {
  call: { direction: 'inbound' | 'outbound'; callerNumber: string | null; agentId: string | null } | undefined;
  /** The call has a wrap-up already. */
  wrapped: boolean;
  categories: ReadonlyMap<string, Category>;
  workOrderExists: (no: string) => boolean;
  complaintExists: (id: number) => boolean;
  now: number;
}

// A callback agreed for "now" must not be refused because the form took a minute to send.
export const pastToleranceMs = 60_000;

/** The refusal, or undefined when the wrap-up can be saved. */
export function checkWrapUp(input: WrapUpInput, f: WrapUpFacts): HotlineError | undefined {
  if (!f.call) return new HotlineError('NOT_FOUND', 'no such call', { key: 'channelId' });
  if (f.call.direction !== 'inbound') return new HotlineError('CONFLICT', 'outbound calls take a disposition, not a wrap-up', { key: 'channelId' });
  if (f.wrapped) return new HotlineError('CONFLICT', 'the call has a wrap-up already', { key: 'channelId' });
  if (!f.categories.has(input.category)) return new HotlineError('BAD_REQUEST', `unknown category "${input.category}"`, { key: 'category' });
  if (input.result === 'callback') {
    if (input.callbackAt === undefined) return new HotlineError('BAD_REQUEST', 'a callback result needs the agreed time', { key: 'callbackAt' });
    if (input.callbackAt < f.now - pastToleranceMs) return new HotlineError('BAD_REQUEST', 'the callback time is in the past', { key: 'callbackAt' });
    if (!f.call.callerNumber) return new HotlineError('CONFLICT', 'the caller withheld their number: there is none to call back', { key: 'result' });
  } else if (input.callbackAt !== undefined) {
    return new HotlineError('BAD_REQUEST', 'a callback time goes with the callback result only', { key: 'callbackAt' });
  }
  if (input.workOrderNo !== undefined && input.newWorkOrder !== undefined) {
    return new HotlineError('BAD_REQUEST', 'link an existing work order or open a new one, not both', { key: 'newWorkOrder' });
  }
  if (input.workOrderNo !== undefined && !f.workOrderExists(input.workOrderNo)) {
    return new HotlineError('BAD_REQUEST', `no work order ${input.workOrderNo}`, { key: 'workOrderNo' });
  }
  if (input.complaintId !== undefined && !f.complaintExists(input.complaintId)) {
    return new HotlineError('BAD_REQUEST', `no complaint #${input.complaintId}`, { key: 'complaintId' });
  }
  return undefined;
}
