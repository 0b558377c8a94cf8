import { describe, expect, it } from 'vitest';
import { categoryIndex } from '../../../src/desk/categories.js';
import { defaultCategories } from '../../../src/desk/desk-config.js';
import { checkWrapUp, type WrapUpFacts, type WrapUpInput } from '../../../src/desk/wrap-up.js';
import type { HotlineError } from '../../../src/errors.js';

const now = 1_000_000_000;
const facts: WrapUpFacts = {
  call: { direction: 'inbound', callerNumber: '13800138000', agentId: '1001' },
  wrapped: false,
  categories: categoryIndex(defaultCategories),
  workOrderExists: (no) => no === '20260001',
  complaintExists: (id) => id === 7,
  now,
};
const ok: WrapUpInput = { category: 'repair', result: 'resolved' };

describe('checkWrapUp', () => {
  it.each([
    ['a plain wrap-up', ok, {}],
    ['a product line', { category: 'finance', result: 'transferred' }, {}],
    ['a callback a little in the past (the form took a moment)', { category: 'consult', result: 'callback', callbackAt: now - 30_000 }, {}],
    ['links that exist', { ...ok, workOrderNo: '20260001', complaintId: 7 }, {}],
    ['a new work order', { ...ok, newWorkOrder: { description: '漏水' } }, {}],
  ] as const)('accepts %s', (_what, input, more) => {
    expect(checkWrapUp(input as WrapUpInput, { ...facts, ...more })).toBeUndefined();
  });

  it.each([
    ['no call', ok, { call: undefined }, 'NOT_FOUND', 'channelId'],
    ['an outbound call', ok, { call: { direction: 'outbound', callerNumber: '4008001234', agentId: '1001' } }, 'CONFLICT', 'channelId'],
    ['a second wrap-up', ok, { wrapped: true }, 'CONFLICT', 'channelId'],
    ['an unknown category', { category: 'weather', result: 'resolved' }, {}, 'BAD_REQUEST', 'category'],
    ['a callback without its time', { category: 'consult', result: 'callback' }, {}, 'BAD_REQUEST', 'callbackAt'],
    ['a callback in the past', { category: 'consult', result: 'callback', callbackAt: now - 120_000 }, {}, 'BAD_REQUEST', 'callbackAt'],
    ['a callback to a withheld number', { category: 'consult', result: 'callback', callbackAt: now + 1 }, { call: { direction: 'inbound', callerNumber: null, agentId: null } }, 'CONFLICT', 'result'],
    ['a time with another result', { category: 'consult', result: 'escalated', callbackAt: now + 1 }, {}, 'BAD_REQUEST', 'callbackAt'],
    ['a link and a new work order', { ...ok, workOrderNo: '20260001', newWorkOrder: { description: 'x' } }, {}, 'BAD_REQUEST', 'newWorkOrder'],
    ['a work order that does not exist', { ...ok, workOrderNo: '1' }, {}, 'BAD_REQUEST', 'workOrderNo'],
    ['a complaint that does not exist', { ...ok, complaintId: 8 }, {}, 'BAD_REQUEST', 'complaintId'],
  ] as const)('refuses %s: %s naming %s', (_what, input, more, code, key) => {
    const r = checkWrapUp(input as WrapUpInput, { ...facts, ...(more as Partial<WrapUpFacts>) }) as HotlineError;
    expect([r?.code, r?.key]).toEqual([code, key]);
  });
});
