/**
 * Issue 14 item 4: transfers and supervisor monitoring when hotline drives several Asterisk nodes. The shells run on a
 * real MultiNodeTelephony over two stub nodes; the customer's call is on n2 while the placement policy would pick n1
 * for any leg it placed itself. Every leg dialled for the call (transfer target, consult, outside number, conference
 * party, supervisor, a requeued caller's new agent) and every bridge and snoop must be on n2.
 */
import { describe, expect, it } from 'vitest';
import { MultiNodeTelephony } from '../../../src/ari/multi-node-telephony.js';
import type { TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { CallHolds } from '../../../src/calls/call-holds.js';
import { CallSupervision } from '../../../src/calls/call-supervision.js';
import { CallTransfers } from '../../../src/calls/call-transfers.js';
import { connectLeg } from '../../../src/calls/connect-leg.js';
import type { LiveConversation } from '../../../src/recordings/call-recordings.js';
import { openDb } from '../../../src/store/db.js';
import { TransfersRepo } from '../../../src/store/transfers-repo.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

/** A stub node whose events reach the several-node port (as a node's ARI socket would). */
function stubNode(name: string, clock: FakeClock) {
  const stub = new StubTelephony(clock);
  const listeners = new Set<(e: TelephonyEvent) => void>();
  const port = { ...stub.port, onEvent: (l: (e: TelephonyEvent) => void) => (listeners.add(l), () => void listeners.delete(l)) } as TelephonyPort;
  return { name, stub, port, emit: (e: TelephonyEvent) => [...listeners].forEach((l) => l(e)) };
}

async function harness() {
  const clock = new FakeClock(1_000_000);
  const n1 = stubNode('n1', clock);
  const n2 = stubNode('n2', clock);
  // The policy always says n1: a leg that followed it instead of the caller would land on the wrong node.
  const port = new MultiNodeTelephony([n1, n2], { pickNode: () => 'n1', clock, lostAfterMs: 3000 });
  const arrive = (id: string) => n2.emit({ type: 'call-arrived', channelId: id, args: ['inbound'], callerNumber: '138', calledNumber: '400', state: 'Up', at: clock.now() });
  arrive('cust');
  await port.originate({ channelId: 'leg-a1', endpoint: 'PJSIP/a1', callerId: '400', timeoutS: 15, amd: false, near: 'cust' });
  await port.createBridge('br');
  await port.addToBridge('br', ['cust', 'leg-a1']);
  const conv: LiveConversation = { channelId: 'cust', legId: 'leg-a1', bridgeId: 'br', agentId: 'a1', mode: 'none', recordingId: null, handOff: () => undefined };
  const conversation = (id: string) => (id === 'cust' || id === 'leg-a1' ? conv : undefined);
  const answer = (id: string) => n2.emit({ type: 'answered', channelId: id, at: clock.now() });
  /** The commands each node got, as `op first-arg`, after the conversation was set up. */
  const mark = n2.stub.calls.length;
  const ops = (n: typeof n1, from = 0) => n.stub.calls.slice(from).map((c) => `${c.op} ${typeof c.args[0] === 'string' ? c.args[0] : (c.args[0] as { channelId: string }).channelId}`);
  return { clock, n1, n2, port, conv, conversation, answer, ops: (n: typeof n1) => ops(n, n === n2 ? mark : 0) };
}

function transfersOn(h: Awaited<ReturnType<typeof harness>>) {
  const holds = new CallHolds({ port: h.port, conversation: h.conversation, clock: h.clock, log: silentLog });
  return new CallTransfers({
    port: h.port,
    recorder: h.n2.stub.recorderPort,
    conversation: h.conversation,
    holds,
    transfers: new TransfersRepo(openDb(':memory:')),
    facts: { agentState: (id) => (id === 'a2' ? 'ready' : 'on-call'), groupExists: () => true },
    onDnc: () => false,
    dialStringOf: (id) => `PJSIP/${id}`,
    trunk: 'carrier',
    callerId: '4001000000',
    ringTimeoutS: 20,
    reserve: () => () => undefined,
    requeue: () => undefined,
    clock: h.clock,
    log: silentLog,
  });
}

const legOf = (h: Awaited<ReturnType<typeof harness>>) => (h.n2.stub.made('originate').at(-1)![0] as { channelId: string; endpoint: string });

describe('legs for a call on another node than the policy would pick', () => {
  it("a blind transfer to an agent dials the new agent from the caller's node and bridges there", async () => {
    const h = await harness();
    const done = transfersOn(h).transfer('leg-a1', { kind: 'agent', agentId: 'a2' }, 'blind', 'a1');
    await settle();
    const leg = legOf(h);
    expect(leg.endpoint).toBe('PJSIP/a2');
    h.answer(leg.channelId);
    expect(await done).toMatchObject({ state: 'transferred' });
    expect(h.ops(h.n1)).toEqual([]);
    expect(h.ops(h.n2)).toEqual(['removeFromBridge br', 'startMoh cust', `originate ${leg.channelId}`, 'addToBridge br', 'stopMoh cust', 'addToBridge br', 'removeFromBridge br', 'hangup leg-a1']);
  });

  it("a consult to an outside number, then a conference: the number is dialled from the caller's node to the carrier", async () => {
    const h = await harness();
    const transfers = transfersOn(h);
    const consult = transfers.transfer('cust', { kind: 'number', number: '13900000001' }, 'consult', 'a1');
    await settle();
    const leg = legOf(h);
    expect(leg.endpoint).toBe('PJSIP/13900000001@carrier');
    h.answer(leg.channelId);
    expect(await consult).toMatchObject({ state: 'consulting' });
    expect(await transfers.conference('cust')).toMatchObject({ state: 'conference' });
    expect(h.ops(h.n1)).toEqual([]);
    expect(h.ops(h.n2)).toEqual(['removeFromBridge br', 'startMoh cust', `originate ${leg.channelId}`, 'addToBridge br', 'stopMoh cust', 'addToBridge br']);
  });

  it("a supervisor listens and barges: their leg, bridge and snoop are all on the caller's node", async () => {
    const h = await harness();
    const sup = new CallSupervision({ port: h.port, conversation: h.conversation, clock: h.clock, log: silentLog });
    const started = sup.start('cust', 'listen', '1003');
    await settle();
    const leg = legOf(h);
    expect(leg.endpoint).toBe('PJSIP/1003');
    h.answer(leg.channelId);
    expect(await started).toMatchObject({ mode: 'listen' });
    expect((await sup.switch('cust', 'barge')).mode).toBe('barge');
    expect(h.ops(h.n1)).toEqual([]);
    const svBridge = h.n2.stub.made('createBridge').at(-1)![0];
    expect(h.ops(h.n2)).toEqual([
      `originate ${leg.channelId}`,
      `createBridge ${String(svBridge)}`,
      `addToBridge ${String(svBridge)}`,
      `mute ${leg.channelId}`,
      'snoop leg-a1',
      `addToBridge ${String(svBridge)}`,
      `removeFromBridge ${String(svBridge)}`,
      'hangup sv-snoop-cust-1',
      `unmute ${leg.channelId}`,
      `removeFromBridge ${String(svBridge)}`,
      'addToBridge br',
    ]);
  });

  it("a caller put back in a queue (a transfer to a group) gets their next agent dialled from their own node", async () => {
    const h = await harness();
    const caller = h.n2.stub.addCall('cust');
    const result = connectLeg(h.port, h.n2.stub.recorderPort, caller, { endpoint: 'PJSIP/a2', calledNumber: 'a2', callerId: '400', timeoutS: 15, legId: 'leg-a2' });
    await settle();
    h.answer('leg-a2');
    expect(await result).toMatchObject({ kind: 'bridged', legId: 'leg-a2' });
    expect(h.ops(h.n1)).toEqual([]);
    expect(h.ops(h.n2)).toEqual(['originate leg-a2', expect.stringMatching(/^createBridge /), expect.stringMatching(/^addToBridge /)]);
  });

  it('a supervisor for a call whose node is gone is refused, never rung from another node', async () => {
    const h = await harness();
    h.n2.emit({ type: 'hung-up', channelId: 'cust', cause: 38, causeText: 'node lost', at: h.clock.now() });
    const sup = new CallSupervision({ port: h.port, conversation: h.conversation, clock: h.clock, log: silentLog });
    await expect(sup.start('cust', 'listen', '1003')).rejects.toMatchObject({ code: 'CHANNEL_GONE' });
    expect(h.ops(h.n1)).toEqual([]);
  });
});
