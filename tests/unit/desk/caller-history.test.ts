import { describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { callerHistoryView } from '../../../src/desk/caller-history.js';
import type { CallerHistoryRows } from '../../../src/store/caller-history-queries.js';

const now = 1_000_000;
const call = (channelId: string, agentId: string | null, notes: string | null) => ({
  channelId, startedAt: 1, answeredAt: 2, endedIn: 'agent', queueGroup: 'general', agentId, category: notes === null ? null : 'repair', result: notes === null ? null : ('resolved' as const), notes, workOrderNo: null, complaintId: null,
});
const rows: CallerHistoryRows = {
  calls: [call('mine', '1001', '我的备注'), call('theirs', '1002', '别人的备注'), call('bare', null, null)],
  complaints: [
    { id: 1, category: 'billing', department: 'finance', description: 'd', state: 'registered', escalation: 0, dueAt: now - 1, createdAt: 0 },
    { id: 2, category: 'billing', department: 'finance', description: 'd', state: 'escalated', escalation: 1, dueAt: now + 1, createdAt: 0 },
  ],
  workOrders: [
    { orderNo: 'late-complete', status: 'in-progress', category: null, description: '', createdAt: 0, respondBy: now - 10, completeBy: now - 1, completedAt: null },
    { orderNo: 'late-response', status: 'received', category: null, description: '', createdAt: 0, respondBy: now - 1, completeBy: now + 10, completedAt: null },
    { orderNo: 'responded', status: 'in-progress', category: null, description: '', createdAt: 0, respondBy: now - 1, completeBy: now + 10, completedAt: null },
    { orderNo: 'done-late', status: 'completed', category: null, description: '', createdAt: 0, respondBy: now - 10, completeBy: now - 1, completedAt: now - 2 },
    { orderNo: 'no-deadlines', status: 'received', category: null, description: '', createdAt: 0, respondBy: null, completeBy: null, completedAt: null },
  ],
  callbacks: [{ id: 7, number: '13800138000', reason: 'wrap-up', dueAt: null, state: 'pending', createdAt: 0 }],
};

describe('callerHistoryView', () => {
  it.each<[Role, string | null, boolean, string[]]>([
    // role, agent, number whole, notes seen (by call)
    ['admin', null, true, ['我的备注', '别人的备注']],
    ['manager', null, true, ['我的备注', '别人的备注']],
    ['supervisor', null, false, ['我的备注', '别人的备注']],
    ['read-only', null, false, ['我的备注', '别人的备注']],
    ['agent', '1001', true, ['我的备注']],
    ['agent', '1002', true, ['别人的备注']],
  ])('%s %s: numbers whole %s, notes %j', (role, agentId, whole, notes) => {
    const v = callerHistoryView({ role, agentId }, '13800138000', rows, now);
    expect(v.number === '13800138000').toBe(whole);
    expect(v.callbacks[0]!.number === '13800138000').toBe(whole);
    expect(v.calls.map((c) => c.notes).filter((n) => n !== null)).toEqual(notes);
    // A call without a wrap-up has nothing to hide; categories are never hidden.
    expect(v.calls.find((c) => c.channelId === 'bare')!.notesHidden).toBe(false);
    expect(v.calls.map((c) => c.category)).toEqual(['repair', 'repair', null]);
  });

  it('marks open complaints and work orders past a deadline', () => {
    const v = callerHistoryView({ role: 'admin', agentId: null }, '1', rows, now);
    expect(v.complaints.map((c) => c.overdue)).toEqual([true, false]);
    expect(Object.fromEntries(v.workOrders.map((o) => [o.orderNo, o.overdue]))).toEqual({
      'late-complete': true,
      'late-response': true,
      responded: false,
      'done-late': false,
      'no-deadlines': false,
    });
  });
});
