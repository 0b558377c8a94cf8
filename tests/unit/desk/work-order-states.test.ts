import { describe, expect, it } from 'vitest';
import { checkMove, deadlines, overdueAt, workOrderStatuses, type WorkOrderStatus } from '../../../src/desk/work-order-states.js';
import { HotlineError } from '../../../src/errors.js';

const allowed: Record<WorkOrderStatus, WorkOrderStatus[]> = {
  received: ['in-progress', 'completed', 'cancelled'],
  'in-progress': ['completed', 'cancelled'],
  completed: [],
  cancelled: [],
};

describe('work-order moves', () => {
  it.each(workOrderStatuses.flatMap((from) => workOrderStatuses.map((to) => [from, to, allowed[from].includes(to)] as const)))('%s → %s allowed: %s', (from, to, ok) => {
    const r = checkMove(from, to);
    if (ok) expect(r).toBeUndefined();
    else expect(r).toMatchObject({ code: 'WORK_ORDER_BAD_TRANSITION', key: 'status', details: { allowed: allowed[from] } });
  });
});

describe('overdue', () => {
  const o = { respondBy: 1000, completeBy: 5000 };
  it.each([
    ['received before its response deadline', 'received', 999, null],
    ['received past its response deadline', 'received', 1001, 'response'],
    ['in progress past the response deadline only', 'in-progress', 1001, null],
    ['in progress past completion', 'in-progress', 5001, 'completion'],
    ['received past both', 'received', 5001, 'completion'],
    ['completed late', 'completed', 9999, null],
    ['cancelled', 'cancelled', 9999, null],
  ] as const)('%s → %s', (_what, status, now, want) => {
    expect(overdueAt({ status, ...o }, now)).toBe(want);
  });
  it('has no deadline for the demo orders', () => {
    expect(overdueAt({ status: 'received', respondBy: null, completeBy: null }, 1e15)).toBeNull();
  });
});

describe('deadlines', () => {
  const hours = { respondWithinH: 2, completeWithinH: 48 };
  const now = 1_000_000_000;
  it('defaults to the config hours', () => {
    expect(deadlines({}, hours, now, 60_000)).toEqual({ respondBy: now + 2 * 3_600_000, completeBy: now + 48 * 3_600_000 });
  });
  it.each([
    [{ respondBy: now - 3_600_000 }, 'respondBy'],
    [{ completeBy: now - 3_600_000 }, 'completeBy'],
    [{ respondBy: now + 7_200_000, completeBy: now + 3_600_000 }, 'completeBy'],
  ])('refuses %o naming %s', (given, key) => {
    const r = deadlines(given, hours, now, 60_000);
    expect(r).toBeInstanceOf(HotlineError);
    expect((r as HotlineError).key).toBe(key);
  });
});
