/**
 * What a principal sees of a caller's history (issue 15 item 4). Pure over the rows the store gives, so every role is
 * checked by a table-driven test: numbers masked for the roles that do not see them (visibility.ts), and an agent
 * sees the category and result of every earlier call of the caller (that is what the history is for) but the notes
 * only of the calls they wrapped up themselves, as GET /calls/:id/wrap-up would show them.
 */
import type { Principal } from '../auth/principal.js';
import { ownAgentScope, shownNumber } from '../auth/visibility.js';
import type { CallerHistoryRows, HistoryCall, HistoryCallback, HistoryComplaint, HistoryWorkOrder } from '../store/caller-history-queries.js';

export interface CallerHistoryView {
  /** The caller's number as the principal may see it. */
  number: string;
  calls: Array<HistoryCall & { notesHidden: boolean }>;
  complaints: Array<HistoryComplaint & { overdue: boolean }>;
  workOrders: Array<HistoryWorkOrder & { overdue: boolean }>;
  callbacks: HistoryCallback[];
}

const closedOrder = new Set(['completed', 'cancelled']);

/** True when the order is open and past its completion deadline, or still unanswered past its response deadline. */
function orderOverdue(o: HistoryWorkOrder, now: number): boolean {
  if (closedOrder.has(o.status)) return false;
  return (o.completeBy !== null && o.completeBy < now) || (o.status === 'received' && o.respondBy !== null && o.respondBy < now);
}

/** The history as `p` may see it at `now` (overdue marks are as of then). */
export function callerHistoryView(p: Pick<Principal, 'role' | 'agentId'>, number: string, rows: CallerHistoryRows, now: number): CallerHistoryView {
  const scope = ownAgentScope(p);
  return {
    number: shownNumber(p, number)!,
    calls: rows.calls.map((c) => {
      const hidden = scope !== undefined && c.agentId !== scope && c.notes !== null;
      return { ...c, notes: hidden ? null : c.notes, notesHidden: hidden };
    }),
    complaints: rows.complaints.map((c) => ({ ...c, overdue: c.dueAt < now })),
    workOrders: rows.workOrders.map((o) => ({ ...o, overdue: orderOverdue(o, now) })),
    callbacks: rows.callbacks.map((c) => ({ ...c, number: shownNumber(p, c.number)! })),
  };
}
