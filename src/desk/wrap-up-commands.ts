/**
 * Saving a wrap-up: the row, the callback it agrees (handed to the dialer by the callback intake like any IVR
 * callback) and the audit entry in one transaction, so a refusal or a failure leaves nothing half-written. Then the
 * agent's after-call work ends (and a required wrap-up is paid).
 */
import type { Principal } from '../auth/principal.js';
import type { AcdRunner } from '../acd/acd-runner.js';
import type { CallRow } from '../store/calls-repo.js';
import type { Store } from '../store/store.js';
import type { WrapUpRow } from '../store/wrap-ups-repo.js';
import type { Category } from './categories.js';
import { HotlineError } from '../errors.js';
import { createWorkOrder, type WorkOrderSettings } from './work-order-commands.js';
import { checkWrapUp, type WrapUpInput } from './wrap-up.js';

export interface WrapUpDeps {
  store: Pick<Store, 'wrapUps' | 'callbacks' | 'workOrders' | 'complaints' | 'audit' | 'transaction'>;
  categories: ReadonlyMap<string, Category>;
  acd: Pick<AcdRunner, 'agentEvent'>;
  workOrders: WorkOrderSettings;
}

/** Saves the call's wrap-up; throws the refusal (its key names the field) and writes nothing then. */
export function saveWrapUp(d: WrapUpDeps, p: Principal, call: CallRow | undefined, input: WrapUpInput, now: number): WrapUpRow {
  const { store } = d;
  const row = store.transaction(() => {
    const refusal = checkWrapUp(input, {
      call,
      wrapped: call ? store.wrapUps.byCall(call.channelId) !== undefined : false,
      categories: d.categories,
      workOrderExists: (no) => store.workOrders.find(no) !== undefined,
      complaintExists: (id) => store.complaints.exists(id),
      now,
    });
    if (refusal) throw refusal;
    const c = call!;
    const callbackId =
      input.result === 'callback'
        ? store.callbacks.create({ number: c.callerNumber!, reason: 'wrap-up', sourceChannelId: c.channelId, ...(c.entryNumber ? { entryNumber: c.entryNumber } : {}), dueAt: input.callbackAt!, now })
        : null;
    const workOrderNo = input.newWorkOrder ? openOrder(d, p, input, c, now) : (input.workOrderNo ?? null);
    const w = {
      channelId: c.channelId,
      agentId: c.agentId,
      category: input.category,
      notes: input.notes?.trim() ?? '',
      result: input.result,
      callbackAt: input.callbackAt ?? null,
      callbackId,
      workOrderNo,
      complaintId: input.complaintId ?? null,
      createdAt: now,
      createdBy: p.name,
    };
    const id = store.wrapUps.insert(w);
    store.audit.record(p, { action: 'wrap-up.create', entity: 'wrap-up', entityId: c.channelId, summary: `${input.category}: ${input.result}`, after: w }, now);
    return { id, ...w };
  });
  // After the commit: the agent's state follows the record, never the other way round.
  if (row.agentId) d.acd.agentEvent(row.agentId, { type: 'wrapped-up', callId: row.channelId });
  return row;
}

/** The work order the wrap-up opens, under the call's category; its refusals name the field inside newWorkOrder. */
function openOrder(d: WrapUpDeps, p: Principal, input: WrapUpInput, call: CallRow, now: number): string {
  try {
    return createWorkOrder(d.store, d.workOrders, p, { ...input.newWorkOrder!, category: input.category }, call, now).orderNo;
  } catch (err) {
    if (!(err instanceof HotlineError) || err.key === undefined) throw err;
    throw new HotlineError(err.code, err.message, { key: `newWorkOrder.${err.key}`, ...(err.details ? { details: err.details } : {}) });
  }
}
