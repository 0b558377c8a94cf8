/**
 * The service desk's report (issue 15 item 6) as pure math over rows. Definitions:
 * - hot issues by category (热点问题): the wrap-ups of the period's inbound calls by category, each one's share of
 *   all wrap-ups; and by category and IVR choice (the first menu key the caller chose, `node:key`, or `none`), so a
 *   centre sees what callers pressed against what the call turned out to be about;
 * - first-call resolution (首次解决率): wrap-ups resolved on the call / all wrap-ups, overall and per category;
 * - complaint statistics (顾客投诉分类统计表): the store's counts by category and by department, passed through;
 * - work-order timeliness, over the orders created in the period, as of `now`: an order's response is on time when
 *   it was answered (left 'received') by respondBy, late when answered after it or still unanswered past it, and not
 *   yet due otherwise; likewise completion against completeBy. 响应及时率 = on time / (on time + late), 完成及时率
 *   the same for completion; cancelled orders never answered or completed count in neither.
 */
import type { IvrStep } from '../store/calls-repo.js';
import { ratio } from './ratio.js';

export interface WrappedUpCall {
  category: string;
  result: string;
  ivrPath: readonly IvrStep[];
}

export interface OrderTimes {
  status: string;
  respondBy: number | null;
  completeBy: number | null;
  respondedAt: number | null;
  completedAt: number | null;
}

export interface ComplaintCount {
  key: string;
  total: number;
  open: number;
  resolved: number;
  confirmed: number;
  overdue: number;
}

export interface Timeliness {
  onTime: number;
  late: number;
  notYetDue: number;
  rate: number | null;
}

export interface DeskKpis {
  wrappedUp: number;
  resolvedOnCall: number;
  /** 首次解决率: resolved on the call / wrap-ups. */
  fcrRate: number | null;
  byCategory: Array<{ category: string; calls: number; share: number | null; resolved: number; fcrRate: number | null }>;
  byCategoryAndChoice: Array<{ category: string; choice: string; calls: number }>;
  complaints: { byCategory: ComplaintCount[]; byDepartment: ComplaintCount[] };
  workOrders: { created: number; response: Timeliness; completion: Timeliness };
}

export interface DeskInputs {
  wrappedUp: Iterable<WrappedUpCall>;
  ordersCreated: Iterable<OrderTimes>;
  complaints: { byCategory: ComplaintCount[]; byDepartment: ComplaintCount[] };
  now: number;
}

/** The first menu choice of a call's IVR path, `node:key`, or `none`. */
export function firstChoice(path: readonly IvrStep[]): string {
  const step = path.find((s) => s.note === 'chosen' && s.key !== undefined);
  return step ? `${step.node}:${step.key}` : 'none';
}

/** On time, late or not yet due for one deadline; undefined when the order counts in neither (cancelled unanswered). */
export function judge(doneAt: number | null, dueBy: number | null, cancelled: boolean, now: number): 'onTime' | 'late' | 'notYetDue' | undefined {
  if (dueBy === null) return undefined;
  if (doneAt !== null) return doneAt <= dueBy ? 'onTime' : 'late';
  if (cancelled) return undefined;
  return dueBy < now ? 'late' : 'notYetDue';
}

function timeliness(t: { onTime: number; late: number; notYetDue: number }): Timeliness {
  return { ...t, rate: ratio(t.onTime, t.onTime + t.late) };
}

/** The desk KPIs of a period. */
export function deskKpis(input: DeskInputs): DeskKpis {
  const cats = new Map<string, { calls: number; resolved: number }>();
  const pairs = new Map<string, { category: string; choice: string; calls: number }>();
  let wrappedUp = 0;
  let resolvedOnCall = 0;
  for (const w of input.wrappedUp) {
    wrappedUp++;
    const resolved = w.result === 'resolved';
    if (resolved) resolvedOnCall++;
    const c = cats.get(w.category) ?? { calls: 0, resolved: 0 };
    c.calls++;
    if (resolved) c.resolved++;
    cats.set(w.category, c);
    const choice = firstChoice(w.ivrPath);
    const key = `${w.category}\u0000${choice}`;
    const p = pairs.get(key) ?? { category: w.category, choice, calls: 0 };
    p.calls++;
    pairs.set(key, p);
  }
  const response = { onTime: 0, late: 0, notYetDue: 0 };
  const completion = { onTime: 0, late: 0, notYetDue: 0 };
  let created = 0;
  for (const o of input.ordersCreated) {
    created++;
    const cancelled = o.status === 'cancelled';
    const r = judge(o.respondedAt, o.respondBy, cancelled, input.now);
    if (r) response[r]++;
    const c = judge(o.completedAt, o.completeBy, cancelled, input.now);
    if (c) completion[c]++;
  }
  const byCalls = <T extends { calls: number }>(a: T & { category: string }, b: T & { category: string }) => b.calls - a.calls || a.category.localeCompare(b.category);
  return {
    wrappedUp,
    resolvedOnCall,
    fcrRate: ratio(resolvedOnCall, wrappedUp),
    byCategory: [...cats.entries()]
      .map(([category, c]) => ({ category, calls: c.calls, share: ratio(c.calls, wrappedUp), resolved: c.resolved, fcrRate: ratio(c.resolved, c.calls) }))
      .sort(byCalls),
    byCategoryAndChoice: [...pairs.values()].sort((a, b) => byCalls(a, b) || a.choice.localeCompare(b.choice)),
    complaints: input.complaints,
    workOrders: { created, response: timeliness(response), completion: timeliness(completion) },
  };
}
