import pino from 'pino';
import type { ChannelTraces } from '../../../src/calls/channel-trace.js';
import { describe, expect, it } from 'vitest';
import { recordDisposition } from '../../../src/dialer/campaign-commands.js';
import { InFlightAttempts } from '../../../src/dialer/in-flight-attempts.js';
import { dialerHarness, settleMicrotasks, type DialerHarness } from './dialer-harness.js';
import { celRecord, dialOne, goneAfterDial, hangUp } from './restart-support.js';
import { storeOf } from '../../../src/store/store.js';

/** The customer answers and agent 1001 takes the call. */
async function answer(h: DialerHarness, channelId: string) {
  h.tel.emit({ type: 'answered', channelId, at: h.clock.now() });
  await settleMicrotasks();
}


describe('settling an ended attempt', () => {
  it('a busy leg: the attempt is busy with its cause, the lead waits for its retry, the line is free', async () => {
    const h = dialerHarness();
    const d = await dialOne(h);
    h.clock.advance(3000);
    hangUp(h, d.channelId, 17);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'busy', causeCode: 17, endedAt: h.clock.now() });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'retry-wait', dueAt: h.clock.now() + 60_000, lastOutcome: 'busy' });
    expect(h.engine.liveCount()).toBe(0);
  });

  it('a conversation with an agent: human, connected to the agent, the lead done', async () => {
    const h = dialerHarness();
    const d = await dialOne(h);
    h.clock.advance(5000);
    await answer(h, d.channelId);
    h.clock.advance(30_000);
    hangUp(h, d.channelId);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'human', agentId: '1001', answeredAt: expect.any(Number), connectedAt: expect.any(Number) });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'done-success', lastOutcome: 'human' });
  });

  it('takes an outcome decided before the leg ends, and the leg end that follows changes nothing', async () => {
    const h = dialerHarness();
    const d = await dialOne(h);
    h.clock.advance(8000);
    // As a step that heard the line would: it knows the outcome before the carrier's final answer.
    h.engine.inFlight.settle(d.channelId, 'no-answer', { endedAt: h.clock.now() });
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'no-answer', endedAt: h.clock.now() });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'retry-wait', attempts: 1 });
    expect(h.engine.liveCount()).toBe(0);
    h.clock.advance(500);
    hangUp(h, d.channelId, 487);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'no-answer', endedAt: h.clock.now() - 500 });
  });

  it('a leg the hearing cancelled on a vacant announcement: its end keeps the cause and is decided by the announcement', async () => {
    const h = dialerHarness();
    const d = await dialOne(h);
    h.clock.advance(5000);
    h.engine.inFlight.announced(d.channelId, 'vacant');
    // Cancelled by hotline: the leg ends as a plain clearing, which the cause table alone would call no answer.
    hangUp(h, d.channelId, 16);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'vacant', causeCode: 16, endedAt: h.clock.now() });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'invalid-number', lastOutcome: 'vacant' });
    expect(h.engine.liveCount()).toBe(0);
  });

  it('a dial that lost its end event: hung up while its channel is there, settled as failed once it is gone', async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { ringTimeoutS: 20, maxCallsPerSecond: 1, maxLines: 1 });
    // Past the ring time-out and the grace, the channel still up: hotline hangs it up and waits for its end.
    h.clock.advance(51_000);
    await settleMicrotasks();
    expect(h.tel.hungUp).toEqual([d.channelId]);
    expect(h.attempts.get(d.attemptId)!.endedAt).toBeNull();
    // The end never comes and the channel is gone: the next look settles it.
    h.tel.channels.delete(d.channelId);
    h.clock.advance(5000);
    await settleMicrotasks();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'failed', reconciled: 'lost-in-flight' });
    expect(h.leads.get(d.leadId)!.state).toBe('retry-wait');
    expect(h.engine.liveCount()).toBe(0);
  });

  it('after a restart: a gone leg is closed as failed, a leg still up is followed to its end', async () => {
    const h = dialerHarness();
    const gone = await dialOne(h);
    const up = await dialOne(h, {}, '+8613900000002');
    h.engine.stop();
    h.tel.channels.delete(gone.channelId);
    const { engine: next, recorder } = h.restart();
    // The service's own reconciliation adopts the call still up (service.ts), then the dialer's runs.
    recorder.adoptFromRow(h.calls.get(up.channelId)!, 'followed-after-restart');
    await next.reconcile();
    expect(h.attempts.get(gone.attemptId)).toMatchObject({ outcome: 'failed', reconciled: 'lost-on-restart' });
    expect(h.leads.get(gone.leadId)!.state).toBe('retry-wait');
    expect(h.attempts.get(up.attemptId)).toMatchObject({ endedAt: null, reconciled: 'followed-after-restart' });
    expect(next.liveCount()).toBe(1);
    next.start();
    h.clock.advance(2000);
    hangUp(h, up.channelId, 17);
    expect(h.attempts.get(up.attemptId)).toMatchObject({ outcome: 'busy' });
    expect(next.liveCount()).toBe(0);
  });
});

describe("the agent's word stands", () => {
  /** An agent on the call records a disposition through the API's command while the customer is still there. */
  async function dispositionDuringCall(disposition: 'callback-at' | 'not-interested' | 'wrong-party') {
    const h = dialerHarness();
    const d = await dialOne(h);
    h.clock.advance(4000);
    await answer(h, d.channelId);
    h.clock.advance(20_000);
    const callbackAt = h.clock.now() + 5 * 3_600_000;
    recordDisposition(storeOf(h.db), { attemptId: d.attemptId, disposition, ...(disposition === 'callback-at' ? { callbackAt, ownedBy: '1001' } : {}) }, h.clock.now());
    return { h, d, callbackAt };
  }

  it('a callback agreed during the call is kept after the customer hangs up: that time, that agent', async () => {
    const { h, d, callbackAt } = await dispositionDuringCall('callback-at');
    h.clock.advance(10_000);
    hangUp(h, d.channelId);
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'callback-scheduled', dueAt: callbackAt, callbackAt, callbackAgent: '1001', lastOutcome: 'callback-at' });
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'human', disposition: 'callback-at', endedAt: h.clock.now() });
    expect(h.engine.liveCount()).toBe(0);
  });

  it.each([
    ['not-interested', 'done-failed'],
    ['wrong-party', 'wrong-party'],
  ] as const)('"%s" during the call stays %s after the hang-up, never success', async (disposition, state) => {
    const { h, d } = await dispositionDuringCall(disposition);
    hangUp(h, d.channelId);
    expect(h.leads.get(d.leadId)).toMatchObject({ state, lastOutcome: disposition });
    expect(h.attempts.get(d.attemptId)!.endedAt).not.toBeNull();
  });

  it('and after a restart that lost the call: the attempt closes as lost, the callback stays', async () => {
    const { h, d, callbackAt } = await dispositionDuringCall('callback-at');
    h.engine.stop();
    h.tel.channels.delete(d.channelId);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'failed', reconciled: 'lost-on-restart', disposition: 'callback-at' });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'callback-scheduled', dueAt: callbackAt, callbackAgent: '1001' });
  });
});

describe('the end of an attempt is one transaction', () => {
  it('when its lead cannot be written, the attempt stays open and pacing learns nothing', async () => {
    const h = dialerHarness();
    const d = await goneAfterDial(h);
    let learned = 0;
    const inFlight = new InFlightAttempts({
      attempts: h.attempts,
      leads: {
        get: (id) => h.leads.get(id),
        update: () => {
          throw new Error('disk full');
        },
      },
      campaigns: h.campaigns,
      pacing: { settled: () => void (learned += 1) },
      wrapUpS: () => 0,
      recorder: { failed: () => undefined },
      channelExists: async () => false,
      hangup: async () => undefined,
      clock: h.clock,
      log: pino({ level: 'silent' }),
    });
    await expect(inFlight.reconcile()).rejects.toThrow('disk full');
    expect(h.attempts.get(d.attemptId)).toMatchObject({ endedAt: null, outcome: null, reconciled: null });
    expect(h.leads.get(d.leadId)!.state).toBe('dialing');
    expect(learned).toBe(0);
    // The next run settles it whole.
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'failed', reconciled: 'lost-on-restart' });
    expect(h.leads.get(d.leadId)!.state).toBe('retry-wait');
  });
});

// Issue 17 item 8: a restart recovers what the carrier said from Asterisk's own record instead of calling it failed.
describe("after a restart, the ends it missed are read from Asterisk's record", () => {
  it.each([
    { cause: 17, outcome: 'busy', sip: 486, state: 'retry-wait' },
    { cause: 19, outcome: 'no-answer', sip: 480, state: 'retry-wait' },
    { cause: 1, outcome: 'unallocated', sip: 404, state: 'invalid-number' },
  ])('the carrier said $sip: the attempt is $outcome, not failed, and the lead is $state', async ({ cause, outcome, sip, state }) => {
    let traces: ChannelTraces | null = null;
    const h = dialerHarness({ traces: () => traces });
    const { t, ...d } = await goneAfterDial(h);
    traces = celRecord([['CHAN_START', d.channelId, t - 100], ['HANGUP', d.channelId, t + 2000, JSON.stringify({ hangupcause: cause })], ['CHAN_END', d.channelId, t + 2001]]);
    h.clock.advance(10_000);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome, causeCode: cause, sipCode: sip, endedAt: t + 2001, reconciled: 'asterisk-record' });
    expect(h.leads.get(d.leadId)).toMatchObject({ state, lastOutcome: outcome });
  });

  it('a claim whose dial request went out is never taken back, even when the record read lacks its channel (a wrong record): counted, not dialed again', async () => {
    let traces: ChannelTraces | null = null;
    const h = dialerHarness({ traces: () => traces });
    const d = await dialOne(h);
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'dialing', attempts: 1 });
    h.engine.stop();
    h.tel.channels.delete(d.channelId);
    // The record is complete from before the claim and holds other channels, not this one.
    traces = celRecord([['CHAN_START', 'dial-other', h.clock.now() - 60_000]]);
    h.clock.advance(5000);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'failed' });
    expect(h.leads.get(d.leadId)).toMatchObject({ attempts: 1 });
  });

  it('with no record to read, a gone leg is closed as before (failed, lost on restart)', async () => {
    const h = dialerHarness({ traces: () => null });
    const d = await goneAfterDial(h);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'failed', reconciled: 'lost-on-restart' });
  });
});

describe('a dial followed after a restart that never ends (a leg Asterisk never got going)', () => {
  it('is hung up after its campaign ring time and the grace, counted from the restart, not after minutes', async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { ringTimeoutS: 20 });
    h.engine.stop();
    const next = h.restart().engine;
    await next.reconcile();
    next.start();
    h.tel.hungUp.length = 0;
    h.clock.advance(55_000);
    await settleMicrotasks();
    expect(h.tel.hungUp).toContain(d.channelId);
  });
});
