import { describe, expect, it } from 'vitest';
import { MultiNodeTelephony, nodeLostCause } from '../../../src/ari/multi-node-telephony.js';
import type { ConnectionEvent, TelephonyEvent, TelephonyPort } from '../../../src/ari/port.js';
import { CallRecorder } from '../../../src/calls/call-recorder.js';
import { LiveCalls } from '../../../src/calls/live-calls.js';
import { createMetrics } from '../../../src/health/metrics.js';
import { createLogger } from '../../../src/log/logger.js';
import { CallsRepo } from '../../../src/store/calls-repo.js';
import { openDb } from '../../../src/store/db.js';
import { FakeClock } from '../support/shell-stubs.js';

/** One node's port: the test plays its events and its connection's loss; originate may be refused. */
function node(name: string) {
  const events = new Set<(e: TelephonyEvent) => void>();
  const conns = new Set<(e: ConnectionEvent) => void>();
  const state = { connected: true, refuse: false };
  const port = {
    get connected() {
      return state.connected;
    },
    onEvent: (l: (e: TelephonyEvent) => void) => (events.add(l), () => events.delete(l)),
    onConnection: (l: (e: ConnectionEvent) => void) => (conns.add(l), () => conns.delete(l)),
    follow: async () => undefined,
    originate: async () => {
      if (state.refuse) throw new Error('refused');
    },
  } as unknown as TelephonyPort;
  return {
    name,
    port,
    state,
    emit: (e: TelephonyEvent) => events.forEach((l) => l(e)),
    down: () => ((state.connected = false), conns.forEach((l) => l({ type: 'disconnected', reason: 'killed', at: 0 }))),
  };
}

function setup(pick: string) {
  const n1 = node('n1');
  const n2 = node('n2');
  const clock = new FakeClock(1000);
  const port = new MultiNodeTelephony([n1, n2], { pickNode: () => pick, clock, lostAfterMs: 3000 });
  const repo = new CallsRepo(openDb(':memory:'), clock);
  const calls = new LiveCalls();
  const recorder = new CallRecorder({ port, repo, calls, metrics: createMetrics(() => calls.size), log: createLogger('silent'), clock, shortCallS: 3, nodeOf: (id) => port.nodeOf(id) });
  recorder.start();
  return { n1, n2, port, repo, recorder, clock };
}

const arrival = (channelId: string): TelephonyEvent => ({ type: 'call-arrived', channelId, args: ['inbound', '4008001234'], callerNumber: '13900000001', calledNumber: '4008001234', state: 'Ring', at: 1000 });

describe('the call recorder names the node of each leg', () => {
  it("writes a caller's node when the call arrives", () => {
    const { n1, n2, repo } = setup('n1');
    n2.emit(arrival('in-2'));
    n1.emit(arrival('in-1'));
    expect([repo.get('in-1')?.node, repo.get('in-2')?.node]).toEqual(['n1', 'n2']);
  });

  it('writes an outbound leg\'s node once originate has placed it, and keeps it to the end', async () => {
    const { n2, port, repo, recorder } = setup('n2');
    recorder.beginOutbound('out-1', '13900000002', { amd: false, callerId: '400' });
    expect(repo.get('out-1')?.node).toBeNull();
    await port.originate({ channelId: 'out-1', endpoint: 'PJSIP/13900000002@carrier', callerId: '400', timeoutS: 30, amd: false });
    n2.emit({ type: 'ringing', channelId: 'out-1', at: 1100 });
    n2.emit({ type: 'hung-up', channelId: 'out-1', cause: 19, causeText: 'No answer', at: 1200 });
    expect(repo.get('out-1')).toMatchObject({ node: 'n2', endedAt: 1200 });
  });

  it('names the node of a leg whose originate the node refused', async () => {
    const { n1, port, repo, recorder } = setup('n1');
    n1.state.refuse = true;
    recorder.beginOutbound('out-2', '13900000003', { amd: false, callerId: '400' });
    await port.originate({ channelId: 'out-2', endpoint: 'PJSIP/x@carrier', callerId: '400', timeoutS: 30, amd: false }).catch(() => recorder.failed('out-2', 'refused'));
    expect(repo.get('out-2')).toMatchObject({ node: 'n1', outcome: 'failed' });
  });

  it("closes a lost node's calls with their node named, and leaves the survivor's open", () => {
    const { n1, n2, repo, clock } = setup('n1');
    n1.emit(arrival('in-1'));
    n2.emit(arrival('in-2'));
    n1.down();
    clock.advance(3000);
    expect(repo.get('in-1')).toMatchObject({ node: 'n1', endedAt: 4000, causeCode: nodeLostCause });
    expect(repo.openCalls().map((r) => [r.channelId, r.node])).toEqual([['in-2', 'n2']]);
  });
});
