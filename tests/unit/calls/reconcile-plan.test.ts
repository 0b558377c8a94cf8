import { describe, expect, it } from 'vitest';
import { planReconcile, type ReconcileInput } from '../../../src/calls/reconcile-plan.js';

const input = (over: Partial<ReconcileInput>): ReconcileInput => ({
  appChannels: [],
  bridged: new Set(),
  live: [],
  openRows: [],
  rule: 'restart-entry',
  ringing: new Set(),
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

  // Issue 17 item 8: a restart hung up 72 ringing legs, and took two unrecorded outbound legs for inbound callers.
  it.each([
    { why: 'a ringing outbound leg with a row', rows: [{ channelId: 'dial-1', direction: 'outbound' as const }], ringing: ['dial-1'], kind: 'follow-ringing' },
    { why: 'a ringing dialer leg with no row yet', rows: [], ringing: ['dial-1'], kind: 'follow-ringing' },
    { why: 'an answered dialer leg with no row yet', rows: [], ringing: [], kind: 'hangup' },
    { why: 'a ringing API call with no row', rows: [], ringing: ['out-1'], kind: 'follow-ringing' },
    { why: 'an answered agent leg with no row', rows: [], ringing: [], kind: 'hangup' },
  ])('$why → $kind, never restart-entry', ({ rows, ringing, kind }) => {
    const id = rows[0]?.channelId ?? (ringing[0] ?? (kind === 'hangup' ? 'leg-1' : 'dial-1'));
    const plan = planReconcile(input({ appChannels: [id], openRows: rows, ringing: new Set(ringing) }));
    expect(plan).toEqual([{ kind, channelId: id }]);
  });

  it('still restarts a ringing inbound caller (Asterisk ids are digits and a dot)', () => {
    expect(planReconcile(input({ appChannels: ['1733581234.12'], ringing: new Set(['1733581234.12']) }))).toEqual([{ kind: 'restart-entry', channelId: '1733581234.12' }]);
  });
});
