import { describe, expect, it } from 'vitest';
import { CallHolds } from '../../../src/calls/call-holds.js';
import { CallTransfers } from '../../../src/calls/call-transfers.js';
import { isHotlineError } from '../../../src/errors.js';
import type { LiveConversation } from '../../../src/recordings/call-recordings.js';
import { openDb } from '../../../src/store/db.js';
import { TransfersRepo } from '../../../src/store/transfers-repo.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

const agentStates: Record<string, string> = { a1: 'on-call', a2: 'ready', a3: 'logged-out' };

function harness() {
  const clock = new FakeClock(1_000_000);
  const stub = new StubTelephony(clock);
  stub.addCall('cust');
  let handedOff = 0;
  const conv: LiveConversation = { channelId: 'cust', legId: 'leg-a1', bridgeId: 'br', agentId: 'a1', mode: 'none', recordingId: null, handOff: () => void handedOff++ };
  const conversation = (id: string) => (id === 'cust' || id === 'leg-a1' ? conv : undefined);
  const holds = new CallHolds({ port: stub.port, conversation, clock, log: silentLog });
  const repo = new TransfersRepo(openDb(':memory:'));
  const reserved: string[] = [];
  const released: string[] = [];
  const requeued: string[] = [];
  const owners: Array<{ agentId: string; legId: string; bridgeId: string; opsBefore: number; handOff: () => void }> = [];
  const ownersDone: string[] = [];
  const transfers = new CallTransfers({
    port: stub.port,
    recorder: stub.recorderPort,
    conversation,
    holds,
    transfers: repo,
    facts: { agentState: (id) => agentStates[id], groupExists: (id) => id === 'sales' },
    onDnc: (n) => n === '+8613900000009',
    dialStringOf: (id) => `PJSIP/${id}`,
    trunk: 'carrier',
    callerId: '4001000000',
    ringTimeoutS: 20,
    reserve: (id) => {
      reserved.push(id);
      return () => void released.push(id);
    },
    requeue: (ch, g) => void requeued.push(`${ch}→${g}`),
    handedOver: (o) => {
      owners.push({ ...o, opsBefore: stub.calls.length });
      return () => void ownersDone.push(o.agentId);
    },
    clock,
    log: silentLog,
  });
  const ops = () => stub.calls.map((c) => `${c.op} ${JSON.stringify(c.args[0])}${c.args[1] !== undefined ? ` ${JSON.stringify(c.args[1])}` : ''}`);
  const leg = () => (stub.made('originate')[0]![0] as { channelId: string }).channelId;
  /** A transfer whose target answers at once: what most cases start from. */
  const answeredTransfer = async (...args: Parameters<CallTransfers['transfer']>) => {
    const done = transfers.transfer(...args);
    await settle();
    stub.event({ type: 'answered', channelId: leg(), at: clock.now() });
    return done;
  };
  return { clock, stub, holds, repo, transfers, ops, leg, reserved, released, requeued, owners, ownersDone, handedOff: () => handedOff, answeredTransfer };
}

const errOf = (p: Promise<unknown>) => p.then(() => undefined, (e: unknown) => e);

describe('CallTransfers', () => {
  it('blind to an agent: the caller hears music while the agent rings, then joins them and the first agent leaves', async () => {
    const h = harness();
    const done = h.transfers.transfer('leg-a1', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1');
    await settle();
    expect(h.stub.made('originate')[0]![0]).toMatchObject({ endpoint: 'PJSIP/a2', near: 'cust', callerId: '4001000000' });
    expect(h.ops()).toContain('startMoh "cust"');
    expect(h.reserved).toEqual(['a2']);
    expect(h.transfers.current('cust')?.state).toBe('ringing-blind');
    h.clock.advance(5000);
    h.stub.event({ type: 'answered', channelId: h.leg(), at: h.clock.now() });
    expect(await done).toMatchObject({ channelId: 'cust', state: 'transferred' });
    const after = h.ops().slice(h.ops().indexOf('startMoh "cust"') + 2);
    expect(after).toEqual([`addToBridge "br" ["${h.leg()}"]`, 'stopMoh "cust"', 'addToBridge "br" ["cust"]', 'removeFromBridge "br" ["leg-a1"]', 'hangup "leg-a1"']);
    expect(h.handedOff()).toBe(1);
    expect(h.transfers.current('cust')).toBeUndefined();
    expect(h.repo.ofCall('cust')).toMatchObject([{ kind: 'blind', targetKind: 'agent', target: 'a2', fromAgent: 'a1', requestedBy: 'a1', outcome: 'completed', answeredAt: 1_005_000, holdMs: 5000 }]);
    // The caller and the new agent end together; the agent goes back to the ACD.
    expect(h.released).toEqual([]);
    h.stub.end(h.leg());
    await settle();
    expect(h.ops()).toContain('hangup "cust"');
    expect(h.released).toEqual(['a2']);
  });

  it('a completed transfer to an agent makes the call theirs before the first agent leaves, until their part ends', async () => {
    const h = harness();
    await h.answeredTransfer('leg-a1', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1');
    expect(h.owners).toMatchObject([{ agentId: 'a2', legId: h.leg(), bridgeId: 'br' }]);
    // Handed over while the first agent's leg was still up: no moment when the call is no one's.
    expect(h.ops().slice(h.owners[0]!.opsBefore)).toContain('hangup "leg-a1"');
    expect(h.ownersDone).toEqual([]);
    h.stub.end('cust');
    await settle();
    expect(h.ownersDone).toEqual(['a2']);
    expect(h.released).toEqual(['a2']);
  });

  it('a call the new agent transferred on: their leg leaving ends their part, not the caller', async () => {
    const h = harness();
    await h.answeredTransfer('leg-a1', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1');
    h.owners[0]!.handOff();
    h.stub.end(h.leg());
    await settle();
    expect(h.ops()).not.toContain('hangup "cust"');
    expect(h.ownersDone).toEqual(['a2']);
    expect(h.released).toEqual(['a2']);
  });

  it('a transfer to an outside number hands the call to no agent', async () => {
    const h = harness();
    await h.answeredTransfer('cust', { kind: 'number', number: '13900000001' }, 'consult', 'a1');
    await h.transfers.complete('cust');
    expect(h.owners).toEqual([]);
  });

  it('attended, completed: the agent talks to the target while the caller is held, then leaves', async () => {
    const h = harness();
    const consult = h.transfers.transfer('cust', { kind: 'number', number: '13900000001' }, 'consult', 'sup');
    await settle();
    expect(h.stub.made('originate')[0]![0]).toMatchObject({ endpoint: 'PJSIP/13900000001@carrier' });
    h.stub.event({ type: 'answered', channelId: h.leg(), at: h.clock.now() });
    expect(await consult).toMatchObject({ state: 'consulting' });
    expect(h.holds.isHeld('cust')).toBe(true);
    expect(h.ops()).not.toContain('hangup "leg-a1"');
    h.clock.advance(12_000);
    expect(await h.transfers.complete('leg-a1')).toMatchObject({ state: 'transferred' });
    expect(h.ops().slice(-4)).toEqual(['stopMoh "cust"', 'addToBridge "br" ["cust"]', 'removeFromBridge "br" ["leg-a1"]', 'hangup "leg-a1"']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ kind: 'attended', targetKind: 'number', target: '+8613900000001', requestedBy: 'sup', outcome: 'completed', holdMs: 12_000 }]);
  });

  it('attended, cancelled: the target leaves and the caller is back with the agent', async () => {
    const h = harness();
    await h.answeredTransfer('cust', { kind: 'agent', agentId: 'a2' }, 'consult', 'a1');
    h.clock.advance(3000);
    expect(await h.transfers.cancel('cust')).toMatchObject({ state: 'talking' });
    expect(h.ops().slice(-3)).toEqual([`hangup "${h.leg()}"`, 'stopMoh "cust"', 'addToBridge "br" ["cust"]']);
    expect(h.ops()).not.toContain('hangup "leg-a1"');
    expect(h.handedOff()).toBe(0);
    expect(h.released).toEqual(['a2']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ outcome: 'cancelled', holdMs: 3000 }]);
    // A new transfer may start.
    expect(h.transfers.current('cust')).toBeUndefined();
  });

  it('cancelled while the target still rings: the transfer call answers TRANSFER_NOT_ANSWERED, the caller is back', async () => {
    const h = harness();
    const consult = errOf(h.transfers.transfer('cust', { kind: 'agent', agentId: 'a2' }, 'consult', 'a1'));
    await settle();
    await h.transfers.cancel('cust');
    const err = await consult;
    expect(isHotlineError(err, 'TRANSFER_NOT_ANSWERED') && err.details).toMatchObject({ cancelled: true });
    expect(h.ops().slice(-2)).toEqual(['stopMoh "cust"', 'addToBridge "br" ["cust"]']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ outcome: 'cancelled' }]);
  });

  it('three-way conference: the caller joins the agent and the third party; the third party leaving leaves the two', async () => {
    const h = harness();
    await h.answeredTransfer('cust', { kind: 'number', number: '13900000001' }, 'consult', 'a1');
    h.clock.advance(2000);
    expect(await h.transfers.conference('cust')).toMatchObject({ state: 'conference' });
    expect(h.ops().slice(-2)).toEqual(['stopMoh "cust"', 'addToBridge "br" ["cust"]']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ outcome: 'conference', holdMs: 2000 }]);
    h.stub.end(h.leg());
    await settle();
    expect(h.transfers.current('cust')).toBeUndefined();
    expect(h.ops()).not.toContain('hangup "cust"');
    expect(h.ops()).not.toContain('hangup "leg-a1"');
  });

  it('a target that does not answer: TRANSFER_NOT_ANSWERED with the cause, the caller back with the agent', async () => {
    const h = harness();
    const blind = errOf(h.transfers.transfer('cust', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1'));
    await settle();
    h.clock.advance(20_000);
    h.stub.event({ type: 'hung-up', channelId: h.leg(), cause: 19, causeText: 'no answer', at: h.clock.now() });
    const err = await blind;
    expect(isHotlineError(err, 'TRANSFER_NOT_ANSWERED') && err.details).toMatchObject({ cause: 19, cancelled: false });
    expect(h.ops().slice(-2)).toEqual(['stopMoh "cust"', 'addToBridge "br" ["cust"]']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ outcome: 'not-answered', holdMs: 20_000 }]);
    expect(h.released).toEqual(['a2']);
  });

  it('to a skill group: the agent leaves and the caller queues again', async () => {
    const h = harness();
    expect(await h.transfers.transfer('cust', { kind: 'group', groupId: 'sales' }, 'blind', 'a1')).toMatchObject({ state: 'transferred', legId: null });
    expect(h.ops()).toEqual(['removeFromBridge "br" ["cust"]', 'hangup "leg-a1"', 'destroyBridge "br"']);
    expect(h.requeued).toEqual(['cust→sales']);
    expect(h.repo.ofCall('cust')).toMatchObject([{ targetKind: 'group', target: 'sales', outcome: 'completed' }]);
    const err = await errOf(h.transfers.transfer('cust', { kind: 'group', groupId: 'sales' }, 'consult', 'a1'));
    expect(isHotlineError(err, 'TRANSFER_REFUSED') && err.details).toMatchObject({ reason: 'group-consult' });
  });

  it.each([
    ['an outside number on the DNC list', { kind: 'number', number: '13900000009' }, 'TRANSFER_REFUSED', { reason: 'dnc' }],
    ['a 400 number', { kind: 'number', number: '4001234567' }, 'TRANSFER_REFUSED', { reason: 'number-type' }],
    ['an agent not logged in', { kind: 'agent', agentId: 'a3' }, 'AGENT_NOT_LOGGED_IN', { agentId: 'a3' }],
  ] as const)('refuses %s with its code, touching nothing', async (_n, target, code, details) => {
    const h = harness();
    const err = await errOf(h.transfers.transfer('cust', target, 'blind', 'a1'));
    expect(isHotlineError(err, code) && err.details).toMatchObject(details);
    expect(h.ops()).toEqual([]);
    expect(h.repo.ofCall('cust')).toEqual([]);
  });

  it('refuses a step the transfer is not ready for, and a call with no agent', async () => {
    const h = harness();
    expect(isHotlineError(await errOf(h.transfers.complete('cust')), 'TRANSFER_BAD_TRANSITION')).toBe(true);
    const ringing = errOf(h.transfers.transfer('cust', { kind: 'agent', agentId: 'a2' }, 'consult', 'a1'));
    await settle();
    const err = await errOf(h.transfers.conference('cust'));
    expect(isHotlineError(err, 'TRANSFER_BAD_TRANSITION') && err.details).toMatchObject({ state: 'ringing-consult', allowed: ['answered', 'not-answered', 'cancel'] });
    expect(isHotlineError(await errOf(h.transfers.transfer('cust', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1')), 'TRANSFER_BAD_TRANSITION')).toBe(true);
    expect(isHotlineError(await errOf(h.transfers.transfer('nobody', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1')), 'CALL_NOT_BRIDGED')).toBe(true);
    await h.transfers.cancel('cust');
    await ringing;
  });

  it('the caller hanging up during a consult ends the target leg and closes the row', async () => {
    const h = harness();
    await h.answeredTransfer('cust', { kind: 'agent', agentId: 'a2' }, 'consult', 'a1');
    h.stub.end('cust');
    await settle();
    expect(h.ops()).toContain(`hangup "${h.leg()}"`);
    expect(h.repo.ofCall('cust')).toMatchObject([{ outcome: 'caller-gone' }]);
    expect(h.released).toEqual(['a2']);
  });
});
