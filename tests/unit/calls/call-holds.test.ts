import { describe, expect, it } from 'vitest';
import { CallHolds } from '../../../src/calls/call-holds.js';
import { isHotlineError } from '../../../src/errors.js';
import type { LiveConversation } from '../../../src/recordings/call-recordings.js';
import { FakeClock, silentLog } from '../support/shell-stubs.js';

const conv: LiveConversation = { channelId: 'cust', legId: 'leg', bridgeId: 'br', agentId: '1001', mode: 'none', recordingId: null };

function harness(fail?: string) {
  const clock = new FakeClock(1_000_000);
  const ops: string[] = [];
  const op = (name: string) => async (...args: unknown[]) => {
    if (name === fail) throw new Error(`${name} failed`);
    ops.push(`${name} ${JSON.stringify(args)}`);
  };
  const holds = new CallHolds({
    port: { removeFromBridge: op('removeFromBridge'), addToBridge: op('addToBridge'), startMoh: op('startMoh'), stopMoh: op('stopMoh') },
    conversation: (id) => (id === 'cust' || id === 'leg' ? conv : undefined),
    clock,
    log: silentLog,
  });
  return { clock, ops, holds };
}

describe('CallHolds', () => {
  it('takes the customer out of the bridge with music, and back; the hold time goes to the record at the end', async () => {
    const h = harness();
    expect(await h.holds.hold('leg')).toEqual({ channelId: 'cust', held: true, holdMs: 0, holds: 1 });
    expect(h.ops).toEqual(['removeFromBridge ["br",["cust"]]', 'startMoh ["cust",null]']);
    h.clock.advance(7000);
    expect(await h.holds.resume('cust')).toEqual({ channelId: 'cust', held: false, holdMs: 7000, holds: 1 });
    expect(h.ops.slice(2)).toEqual(['stopMoh ["cust"]', 'addToBridge ["br",["cust"]]']);
    expect(h.holds.takeHoldMs('cust', h.clock.now() + 60_000)).toBe(7000);
    // Read once: the next call on a reused id starts from nothing.
    expect(h.holds.takeHoldMs('cust', h.clock.now())).toBe(0);
  });

  it('a call that ends on hold was held until its end', async () => {
    const h = harness();
    await h.holds.hold('cust');
    expect(h.holds.takeHoldMs('cust', h.clock.now() + 4000)).toBe(4000);
  });

  it('refuses a call not talking to an agent with CALL_NOT_BRIDGED', async () => {
    const h = harness();
    const err = await h.holds.hold('nobody').catch((e: unknown) => e);
    expect(isHotlineError(err, 'CALL_NOT_BRIDGED')).toBe(true);
    expect(h.ops).toEqual([]);
  });

  it('a hold that Asterisk refuses leaves the call not held', async () => {
    const h = harness('startMoh');
    await expect(h.holds.hold('cust')).rejects.toThrow('startMoh failed');
    const err = await h.holds.resume('cust').catch((e: unknown) => e);
    expect(isHotlineError(err, 'CALL_HOLD_STATE')).toBe(true);
  });
});
