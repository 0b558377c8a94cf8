/** The service desk's report math, each figure computed by hand from the rows below. */
import { describe, expect, it } from 'vitest';
import { deskKpis, firstChoice, judge, type OrderTimes, type WrappedUpCall } from '../../../src/reports/desk-kpis.js';

const menu = (key: string) => [{ node: 'welcome', at: 0 }, { node: 'main_menu', key, note: 'chosen', at: 1 }];
const w = (category: string, result: string, ivrPath: WrappedUpCall['ivrPath'] = []): WrappedUpCall => ({ category, result, ivrPath });
const now = 1_000_000;
const o = (status: string, respondBy: number | null, respondedAt: number | null, completeBy: number | null, completedAt: number | null): OrderTimes => ({ status, respondBy, respondedAt, completeBy, completedAt });
const noComplaints = { byCategory: [], byDepartment: [] };

describe('firstChoice', () => {
  it.each([
    ['no IVR', [], 'none'],
    ['a menu choice', menu('2'), 'main_menu:2'],
    ['an invalid key first, then a choice', [{ node: 'main_menu', key: '9', note: 'invalid', at: 0 }, { node: 'main_menu', key: '4', note: 'chosen', at: 1 }, { node: 'sub', key: '1', note: 'chosen', at: 2 }], 'main_menu:4'],
  ])('%s → %s', (_n, path, want) => expect(firstChoice(path)).toBe(want));
});

describe('judge', () => {
  it.each([
    ['done before the deadline', 90, 100, false, 'onTime'],
    ['done exactly at it', 100, 100, false, 'onTime'],
    ['done after it', 101, 100, false, 'late'],
    ['not done, deadline passed', null, now - 1, false, 'late'],
    ['not done, deadline to come', null, now + 1, false, 'notYetDue'],
    ['cancelled, never done', null, now - 1, true, undefined],
    ['cancelled after being done late', 101, 100, true, 'late'],
    ['no deadline', 5, null, false, undefined],
  ] as const)('%s', (_n, doneAt, dueBy, cancelled, want) => expect(judge(doneAt, dueBy, cancelled, now)).toBe(want));
});

describe('deskKpis', () => {
  it('hot issues by category and by category and IVR choice, with first-call resolution', () => {
    // 5 wrap-ups: repair ×3 (2 resolved; 2 chose key 2, one no IVR), consult ×1 resolved (key 1), complaint ×1 escalated (key 2).
    const k = deskKpis({
      wrappedUp: [w('repair', 'resolved', menu('2')), w('repair', 'callback', menu('2')), w('repair', 'resolved'), w('consult', 'resolved', menu('1')), w('complaint', 'escalated', menu('2'))],
      ordersCreated: [],
      complaints: noComplaints,
      now,
    });
    expect([k.wrappedUp, k.resolvedOnCall, k.fcrRate]).toEqual([5, 3, 0.6]);
    expect(k.byCategory).toEqual([
      { category: 'repair', calls: 3, share: 0.6, resolved: 2, fcrRate: 0.6667 },
      { category: 'complaint', calls: 1, share: 0.2, resolved: 0, fcrRate: 0 },
      { category: 'consult', calls: 1, share: 0.2, resolved: 1, fcrRate: 1 },
    ]);
    expect(k.byCategoryAndChoice).toEqual([
      { category: 'repair', choice: 'main_menu:2', calls: 2 },
      { category: 'complaint', choice: 'main_menu:2', calls: 1 },
      { category: 'consult', choice: 'main_menu:1', calls: 1 },
      { category: 'repair', choice: 'none', calls: 1 },
    ]);
  });

  it('响应及时率 and 完成及时率 over the orders created, as of now', () => {
    const k = deskKpis({
      wrappedUp: [],
      ordersCreated: [
        o('completed', 100, 50, 200, 150), // response on time, completion on time
        o('completed', 100, 120, 200, 250), // response late, completion late
        o('in-progress', 100, 90, now - 1, null), // response on time, completion overdue (late)
        o('in-progress', 100, 90, now + 10, null), // response on time, completion not yet due
        o('received', now - 1, null, now + 10, null), // response overdue (late), completion not yet due
        o('received', now + 1, null, now + 10, null), // both not yet due
        o('cancelled', 100, null, 200, null), // neither
      ],
      complaints: noComplaints,
      now,
    });
    // Response: on time 3, late 2 → 3/5. Completion: on time 1, late 2 → 1/3.
    expect(k.workOrders).toEqual({
      created: 7,
      response: { onTime: 3, late: 2, notYetDue: 1, rate: 0.6 },
      completion: { onTime: 1, late: 2, notYetDue: 3, rate: 0.3333 },
    });
  });

  it('gives no rate when nothing was due, and passes the complaint tables through', () => {
    const byCategory = [{ key: 'billing', total: 2, open: 1, resolved: 1, confirmed: 0, overdue: 1 }];
    const k = deskKpis({ wrappedUp: [], ordersCreated: [o('received', now + 1, null, now + 2, null)], complaints: { byCategory, byDepartment: [] }, now });
    expect([k.fcrRate, k.workOrders.response.rate, k.workOrders.completion.rate]).toEqual([null, null, null]);
    expect(k.complaints.byCategory).toEqual(byCategory);
  });
});
