import { describe, expect, it } from 'vitest';
import { MultiNodeTelephony, nodeLostCause, type NodeState } from '../../../src/ari/multi-node-telephony.js';
import { FakeClock } from '../support/shell-stubs.js';
import type { ConnectionEvent, TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { HotlineError } from '../../../src/errors.js';

/** A node's port that records each command and lets the test play its events and connection changes. */
function fakeNode(name: string, log: string[]) {
  const events = new Set<(e: TelephonyEvent) => void>();
  const conns = new Set<(e: ConnectionEvent) => void>();
  let channels: string[] = [];
  const state = { connected: true };
  const rec =
    (op: string, result: unknown = undefined) =>
    async (...args: unknown[]) => {
      log.push(`${name} ${op} ${args.filter((a) => typeof a === 'string').join(' ')}`.trim());
      return result;
    };
  const port = {
    get connected() {
      return state.connected;
    },
    start: rec('start'),
    stop: rec('stop'),
    onEvent: (l: (e: TelephonyEvent) => void) => (events.add(l), () => events.delete(l)),
    onConnection: (l: (e: ConnectionEvent) => void) => (conns.add(l), () => conns.delete(l)),
    answer: rec('answer'),
    hangup: rec('hangup'),
    mute: rec('mute'),
    unmute: rec('unmute'),
    originate: async (req: { channelId: string }) => void log.push(`${name} originate ${req.channelId}`),
    createBridge: rec('createBridge'),
    addToBridge: async (b: string, ids: string[]) => void log.push(`${name} addToBridge ${b} ${ids.join(',')}`),
    destroyBridge: rec('destroyBridge'),
    play: async (_c: string, _m: string[], id?: string) => (log.push(`${name} play ${_c}`), id ?? `${name}-pb`),
    stopPlayback: rec('stopPlayback'),
    hearEarlyMedia: async (c: string) => (log.push(`${name} hear ${c}`), async () => undefined),
    appChannels: async () => channels,
    bridgedChannels: async () => new Set<string>(),
    pushSipPhone: async (p: { id: string }) => void log.push(`${name} push ${p.id}`),
  } as unknown as TelephonyPort;
  return {
    name,
    port,
    arrive(channelId: string) {
      for (const l of events) l({ type: 'call-arrived', channelId, args: ['inbound'], callerNumber: '1', calledNumber: '400', state: 'Ring', at: 0 });
    },
    hangUp(channelId: string) {
      for (const l of events) l({ type: 'hung-up', channelId, cause: 16, causeText: '', at: 0 });
    },
    down() {
      state.connected = false;
      for (const l of conns) l({ type: 'disconnected', reason: 'killed', at: 0 });
    },
    setChannels(ids: string[]) {
      channels = ids;
    },
  };
}

function setup(pick: (nodes: readonly NodeState[]) => string | null = (nodes) => nodes[0]?.name ?? null) {
  const log: string[] = [];
  const a = fakeNode('n1', log);
  const b = fakeNode('n2', log);
  const clock = new FakeClock(0);
  const port = new MultiNodeTelephony([a, b], { pickNode: pick, clock, lostAfterMs: 3000 });
  return { log, a, b, port, clock };
}

describe('MultiNodeTelephony', () => {
  it('sends each command to the node the channel arrived on', async () => {
    const { log, a, b, port } = setup();
    a.arrive('c1');
    b.arrive('c2');
    await port.answer('c2');
    await port.hangup('c1');
    expect(log).toEqual(['n2 answer c2', 'n1 hangup c1']);
    expect(port.nodeStates()).toEqual([
      { name: 'n1', connected: true, channels: 1 },
      { name: 'n2', connected: true, channels: 1 },
    ]);
  });

  it("mutes and unmutes a channel on its node, a supervisor's leg dialled near a call on that call's node", async () => {
    const { log, b, port } = setup();
    b.arrive('c2');
    await port.originate({ channelId: 'sv-leg', endpoint: 'PJSIP/1002', callerId: 'monitor', timeoutS: 5, amd: false, near: 'c2' });
    await port.mute('sv-leg', 'in');
    await port.unmute('sv-leg', 'in');
    expect(log).toEqual(['n2 originate sv-leg', 'n2 mute sv-leg in', 'n2 unmute sv-leg in']);
  });

  it("dials a caller's agent leg on the caller's node and makes their bridge there", async () => {
    const { log, b, port } = setup();
    b.arrive('caller');
    await port.originate({ channelId: 'leg', endpoint: 'PJSIP/1001', callerId: '400', timeoutS: 15, amd: false, near: 'caller' });
    const bridge = await port.createBridge();
    await port.addToBridge(bridge, ['caller', 'leg']);
    expect(log).toEqual(['n2 originate leg', `n2 createBridge ${bridge}`, `n2 addToBridge ${bridge} caller,leg`]);
  });

  it("refuses a leg for a channel on no node it sees, rather than dialling it where it could not be bridged", async () => {
    const { log, b, port } = setup();
    b.arrive('caller');
    b.hangUp('caller');
    const err = await port.originate({ channelId: 'xfer', endpoint: 'PJSIP/1002', callerId: '400', timeoutS: 15, amd: false, near: 'caller' }).catch((e: unknown) => e);
    expect((err as HotlineError).code).toBe('CHANNEL_GONE');
    expect(log).toEqual([]);
    expect(port.nodeStates().map((n) => n.channels)).toEqual([0, 0]);
  });

  it('places a new outbound leg by the policy, before its early media is heard, and dials it on the same node', async () => {
    const { log, port } = setup((nodes) => nodes.at(-1)?.name ?? null);
    await port.hearEarlyMedia('out1', () => undefined);
    await port.originate({ channelId: 'out1', endpoint: 'PJSIP/139@carrier', callerId: '400', timeoutS: 30, amd: true });
    expect(log).toEqual(['n2 hear out1', 'n2 originate out1']);
  });

  it('never dials through a node it cannot see: the policy only gets connected nodes, and none is an error', async () => {
    const seen: string[][] = [];
    const { a, b, port } = setup((nodes) => (seen.push(nodes.map((n) => n.name)), nodes[0]?.name ?? null));
    a.down();
    await port.originate({ channelId: 'x', endpoint: 'PJSIP/1@carrier', callerId: '400', timeoutS: 30, amd: false });
    b.down();
    await expect(port.originate({ channelId: 'y', endpoint: 'PJSIP/1@carrier', callerId: '400', timeoutS: 30, amd: false })).rejects.toMatchObject({ code: 'ARI_UNAVAILABLE' });
    expect(seen).toEqual([['n2'], []]);
  });

  it("ends a lost node's channels once it stays away, and then a command for one fails as gone", async () => {
    const { a, b, port, clock } = setup();
    const ended: string[] = [];
    port.onEvent((e) => e.type === 'hung-up' && ended.push(`${e.channelId} ${e.cause}`));
    a.arrive('c1');
    b.arrive('c2');
    a.down();
    clock.advance(2999);
    expect(ended).toEqual([]);
    clock.advance(1);
    expect(ended).toEqual([`c1 ${nodeLostCause}`]);
    expect(port.nodeStates().map((n) => n.channels)).toEqual([0, 1]);
    const err = await port.answer('c1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('CHANNEL_GONE');
  });

  it('lists the app channels of connected nodes and learns their owners (reconcile after a restart)', async () => {
    const { log, a, b, port } = setup();
    a.setChannels(['old1']);
    b.setChannels(['old2']);
    expect((await port.appChannels()).sort()).toEqual(['old1', 'old2']);
    await port.hangup('old2');
    expect(log).toEqual(['n2 hangup old2']);
  });

  it('hands watchers their channel events and drops them at hang-up; connection events name the node', () => {
    const { a, port } = setup();
    const seen: string[] = [];
    const nodes: string[] = [];
    port.watchChannel('c1', (e) => seen.push(e.type));
    port.onConnection((e) => nodes.push(`${e.node} ${e.type}`));
    a.arrive('c1');
    a.hangUp('c1');
    expect(seen).toEqual(['call-arrived', 'hung-up']);
    expect(port.watchedChannels()).toBe(0);
    a.down();
    expect(nodes).toEqual(['n1 disconnected']);
  });

  it('pushes an agent phone to every connected node', async () => {
    const { log, port } = setup();
    await port.pushSipPhone({ id: '1001', auth: {}, aor: {}, endpoint: {} });
    expect(log.sort()).toEqual(['n1 push 1001', 'n2 push 1001']);
  });
});
