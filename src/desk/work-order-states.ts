/**
 * A work order's statuses and moves as data (docs/domain.md §Work orders: tracked for response and completion on time), the
 * deadlines it is measured against, and when it is overdue. Pure.
 */
import { HotlineError } from '../errors.js';

export const workOrderStatuses = ['received', 'in-progress', 'completed', 'cancelled'] as const;
export type WorkOrderStatus = (typeof workOrderStatuses)[number];

/** Every allowed status change; anything else is WORK_ORDER_BAD_TRANSITION. */
export const workOrderMoves: ReadonlyArray<{ from: WorkOrderStatus; to: WorkOrderStatus }> = [
  // The first response: someone took it on.
  { from: 'received', to: 'in-progress' },
  // Done at once (a phone fix) also counts as the response.
  { from: 'received', to: 'completed' },
  { from: 'in-progress', to: 'completed' },
  { from: 'received', to: 'cancelled' },
  { from: 'in-progress', to: 'cancelled' },
];

export interface WorkOrderClock {
  status: string;
  respondBy: number | null;
  completeBy: number | null;
}

/** The deadline missed, as of `now`: response (still only received), completion, or none. */
export function overdueAt(o: WorkOrderClock, now: number): 'response' | 'completion' | null {
  if (o.status === 'completed' || o.status === 'cancelled') return null;
  if (o.completeBy !== null && o.completeBy < now) return 'completion';
  if (o.status === 'received' && o.respondBy !== null && o.respondBy < now) return 'response';
  return null;
}

/** Refuses a status change the table does not allow, naming the field. */
export function checkMove(from: string, to: WorkOrderStatus): HotlineError | undefined {
  if (workOrderMoves.some((m) => m.from === from && m.to === to)) return undefined;
  return new HotlineError('WORK_ORDER_BAD_TRANSITION', `a work order cannot go from ${from} to ${to}`, {
    key: 'status',
    details: { status: from, to, allowed: workOrderMoves.filter((m) => m.from === from).map((m) => m.to) },
  });
}

/** The deadlines of a new order: the config's hours unless given; refused in the past or out of order. */
export function deadlines(
  given: { respondBy?: number | undefined; completeBy?: number | undefined },
  hours: { respondWithinH: number; completeWithinH: number },
  now: number,
  toleranceMs: number,
): { respondBy: number; completeBy: number } | HotlineError {
  const respondBy = given.respondBy ?? now + hours.respondWithinH * 3_600_000;
  const completeBy = given.completeBy ?? Math.max(respondBy, now + hours.completeWithinH * 3_600_000);
  if (respondBy < now - toleranceMs) return new HotlineError('BAD_REQUEST', 'the response deadline is in the past', { key: 'respondBy' });
  if (completeBy < now - toleranceMs) return new HotlineError('BAD_REQUEST', 'the completion deadline is in the past', { key: 'completeBy' });
  if (completeBy < respondBy) return new HotlineError('BAD_REQUEST', 'the completion deadline is before the response deadline', { key: 'completeBy' });
  return { respondBy, completeBy };
}
