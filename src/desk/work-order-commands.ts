/**
 * Work orders as commands: create one (from a call, a wrap-up or the API) with its deadlines, and change its status
 * by the table of work-order-states.ts. One transaction each, with the order's history row and the audit entry;
 * a refusal writes nothing and names the field.
 */
import { DateTime } from 'luxon';
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import type { CallRow } from '../store/calls-repo.js';
import type { Store } from '../store/store.js';
import type { WorkOrderRow } from '../store/work-orders-repo.js';
import { checkMove, deadlines, type WorkOrderStatus } from './work-order-states.js';
import { pastToleranceMs } from './wrap-up.js';

export type WorkOrderStore = Pick<Store, 'workOrders' | 'audit' | 'transaction'>;

export interface NewWorkOrderInput {
  description: string;
  category?: string | undefined;
  callerNumber?: string | undefined;
  respondBy?: number | undefined;
  completeBy?: number | undefined;
}

export interface WorkOrderSettings {
  hours: Config['desk']['workOrders'];
  /** Order numbers start with the year in this zone. */
  timeZone: string;
  /** Known wrap-up category keys (a work order's category is one of them). */
  categories: ReadonlySet<string>;
}

/** Creates a received work order; `call` is the call it came from, already checked as the principal's. */
export function createWorkOrder(store: WorkOrderStore, s: WorkOrderSettings, p: Principal, input: NewWorkOrderInput, call: CallRow | undefined, now: number): WorkOrderRow {
  if (input.category !== undefined && !s.categories.has(input.category)) throw new HotlineError('BAD_REQUEST', `unknown category "${input.category}"`, { key: 'category' });
  if (!input.description.trim()) throw new HotlineError('BAD_REQUEST', 'a work order says what is to be done', { key: 'description' });
  const due = deadlines(input, s.hours, now, pastToleranceMs);
  if (due instanceof HotlineError) throw due;
  return store.transaction(() => {
    const orderNo = store.workOrders.create(
      {
        channelId: call?.channelId ?? null,
        callerNumber: input.callerNumber ?? call?.callerNumber ?? null,
        category: input.category ?? null,
        description: input.description.trim(),
        ...due,
        createdAt: now,
        createdBy: p.name,
      },
      DateTime.fromMillis(now, { zone: s.timeZone }).year,
    );
    const row = store.workOrders.get(orderNo)!;
    store.audit.record(p, { action: 'work-order.create', entity: 'work-order', entityId: orderNo, summary: `work order ${orderNo}`, after: row }, now);
    return row;
  });
}

/** Moves a work order to a status the table allows, noting it in its history. */
export function setWorkOrderStatus(store: WorkOrderStore, p: Principal, orderNo: string, status: WorkOrderStatus, note: string, now: number): WorkOrderRow {
  return store.transaction(() => {
    const before = store.workOrders.get(orderNo);
    if (!before) throw new HotlineError('NOT_FOUND', `no work order ${orderNo}`, { key: 'orderNo' });
    const refusal = checkMove(before.status, status);
    if (refusal) throw refusal;
    store.workOrders.setStatus(orderNo, status, { note: note.trim(), at: now, actor: p.name });
    const after = store.workOrders.get(orderNo)!;
    store.audit.record(p, { action: 'work-order.status', entity: 'work-order', entityId: orderNo, summary: `${before.status} → ${status}`, before, after }, now);
    return after;
  });
}
