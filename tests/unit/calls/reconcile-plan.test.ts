import { describe, expect, it } from 'vitest';
import { planReconcile, type ReconcileInput } from '../../../src/calls/reconcile-plan.js';

const input = (over: Partial<ReconcileInput>): ReconcileInput => ({
  appChannels: [],
  bridged: new Set(),
  live: [],
  openRows: [],
  rule: 'restart-entry',
  ...over,
});

describe('planReconcile', () => {
  it('keeps calls we track that Asterisk still has', () => {
    expect(planReconcile(input({ appChannels: ['a'], live: ['a'], openRows: [{ channelId: 'a', direction: 'inbound' }] }))).toEqual([
      { kind: 'keep', channelId: 'a' },
    ]);
  });

  it('closes records whose channel is gone, tracked or only open in the store', () => {
    const plan = planReconcile(input({ live: ['a'], openRows: [{ channelId: 'b', direction: 'outbound' }] }));
    expect(plan).toEqual([
      { kind: 'close-lost', channelId: 'a' },
      { kind: 'close-lost', channelId: 'b' },
    ]);
  });

  it('after a restart: restarts inbound, hangs up outbound, never cuts a bridged call', () => {
    const plan = planReconcile(
      input({
        appChannels: ['in', 'out', 'talk'],
        bridged: new Set(['talk']),
        openRows: [
          { channelId: 'in', direction: 'inbound' },
          { channelId: 'out', direction: 'outbound' },
          { channelId: 'talk', direction: 'outbound' },
        ],
      }),
    );
    expect(plan).toEqual([
      { kind: 'restart-entry', channelId: 'in' },
      { kind: 'hangup', channelId: 'out' },
      { kind: 'watch-bridged', channelId: 'talk' },
    ]);
  });

  it('treats an owned channel with no record as an inbound caller missed while away', () => {
    expect(planReconcile(input({ appChannels: ['x'] }))).toEqual([{ kind: 'restart-entry', channelId: 'x' }]);
    expect(planReconcile(input({ appChannels: ['x'], rule: 'hangup' }))).toEqual([{ kind: 'hangup', channelId: 'x' }]);
  });
});
