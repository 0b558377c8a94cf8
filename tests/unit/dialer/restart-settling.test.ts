/**
 * Issue 17 (chaos): what a restart does with the attempts a killed process left, on the dialer's shells (real SQLite,
 * stub port, fake clock): claims never dialed are taken back, a missed end is read again until Asterisk has written
 * it, and answered calls the kill cut are `cut`, not short calls. The rules: src/dialer/open-attempt-verdict.ts.
 */
import { describe, expect, it } from 'vitest';
import type { ChannelTraces } from '../../../src/calls/channel-trace.js';
import { dialerHarness, settleMicrotasks } from './dialer-harness.js';
import { celRecord, dialOne, goneAfterDial, hangUp } from './restart-support.js';

describe('claims a killed process left', () => {
  it('a gone leg whose end Asterisk had not written yet is read again until it is: decided from the record, not failed', async () => {
    let traces: ChannelTraces | null = null;
    const h = dialerHarness({ traces: () => traces });
    const { t, ...d } = await goneAfterDial(h);
    traces = celRecord([['CHAN_START', d.channelId, t - 100]]);
    h.clock.advance(5000);
    const done = h.restart().engine.reconcile();
    h.clock.advance(750);
    await settleMicrotasks();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ endedAt: null });
    traces = celRecord([['CHAN_START', d.channelId, t - 100], ['HANGUP', d.channelId, t + 4000, JSON.stringify({ hangupcause: 17 })], ['CHAN_END', d.channelId, t + 4001]]);
    h.clock.advance(250);
    await settleMicrotasks();
    await done;
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'busy', causeCode: 17, sipCode: 486, endedAt: t + 4001, reconciled: 'asterisk-record' });
  });

  it('a claim killed between making the channel and dialing it is taken back, and the silent channel hung up', async () => {
    let traces: ChannelTraces | null = null;
    const h = dialerHarness({ traces: () => traces });
    h.tel.flags.killBeforeDial = true;
    const d = await dialOne(h);
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'dialing', attempts: 1 });
    h.engine.stop();
    // Asterisk has the channel (made by channels/create) and no end: it was never dialed, so it never rings or ends.
    traces = celRecord([['CHAN_START', d.channelId, h.clock.now()]]);
    h.clock.advance(5000);
    h.tel.hungUp.length = 0;
    await h.restart().engine.reconcile();
    await settleMicrotasks();
    expect(h.attempts.get(d.attemptId)).toBeUndefined();
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'new', attempts: 0, attemptsToday: 0, dueAt: h.clock.now() });
    expect(h.tel.hungUp).toEqual([d.channelId]);
    expect(h.calls.get(d.channelId)).toMatchObject({ outcome: 'failed', endedAt: h.clock.now() });
  });

  it('a claim killed before its dial whose channel Asterisk then ended is taken back too', async () => {
    const h = dialerHarness({ traces: () => null });
    h.tel.flags.killBeforeDial = true;
    const d = await goneAfterDial(h);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toBeUndefined();
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'new', attempts: 0 });
  });

  it('a claim whose dial was sent is never taken back: still up, it is followed, not dialed again', async () => {
    const h = dialerHarness({ traces: () => null });
    const d = await dialOne(h);
    h.engine.stop();
    const next = h.restart().engine;
    await next.reconcile();
    next.start();
    next.tick();
    await settleMicrotasks();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ endedAt: null, reconciled: 'followed-after-restart' });
    expect(h.tel.originated.filter((o) => o.channelId === d.channelId || o.endpoint.includes('13900000001'))).toHaveLength(1);
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'dialing', attempts: 1 });
  });

});

describe('answered calls a kill cut, decided from Asterisk\'s record', () => {
  it.each([
    { talkMs: 12_000, outcome: 'cut' },
    { talkMs: 1_000, outcome: 'short-call' },
  ])('an answered survey call that ended while no process ran it, after $talkMs ms: $outcome', async ({ talkMs, outcome }) => {
    let traces: ChannelTraces | null = null;
    const h = dialerHarness({ traces: () => traces });
    const d = await dialOne(h, { mode: 'agentless', flow: 'survey' });
    h.tel.emit({ type: 'answered', channelId: d.channelId, at: h.clock.now() });
    await settleMicrotasks();
    h.engine.stop();
    h.tel.channels.delete(d.channelId);
    const t = h.clock.now();
    traces = celRecord([['CHAN_START', d.channelId, t - 3000], ['ANSWER', d.channelId, t], ['HANGUP', d.channelId, t + talkMs, JSON.stringify({ hangupcause: 16 })], ['CHAN_END', d.channelId, t + talkMs + 1]]);
    h.clock.advance(30_000);
    await h.restart().engine.reconcile();
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome, reconciled: 'asterisk-record' });
  });

  it("the same call closed by the call reconciliation from Asterisk's record: cut", async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { mode: 'agentless', flow: 'survey' });
    h.tel.emit({ type: 'answered', channelId: d.channelId, at: h.clock.now() });
    await settleMicrotasks();
    h.engine.stop();
    const t = h.clock.now();
    const traces = celRecord([['CHAN_START', d.channelId, t - 3000], ['ANSWER', d.channelId, t], ['HANGUP', d.channelId, t + 12_000, JSON.stringify({ hangupcause: 16 })]]);
    h.clock.advance(30_000);
    const { engine: next, recorder } = h.restart();
    next.start();
    recorder.closeLost(h.calls.get(d.channelId)!, h.clock.now(), traces);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'cut', reconciled: 'asterisk-record' });
  });

});

// Issue 17 item 8: a survey call the kill cut is recorded as cut by the service loss, not as a short call.
describe('an answered call whose process was killed', () => {
  it('hung up by the next process: cut, with why, retried; not a short call', async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { mode: 'agentless', flow: 'survey' });
    h.clock.advance(3000);
    h.tel.emit({ type: 'answered', channelId: d.channelId, at: h.clock.now() });
    await settleMicrotasks();
    h.engine.stop();
    h.clock.advance(8000);
    const { engine: next, recorder } = h.restart();
    // The call reconciliation adopts the answered orphan and hangs it up (its flow died with the process).
    recorder.adoptFromRow(h.calls.get(d.channelId)!, 'hangup');
    recorder.markHangupByUs(d.channelId);
    await next.reconcile();
    next.start();
    hangUp(h, d.channelId);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'cut', causeText: expect.stringContaining('service that ran the call was lost') });
    expect(h.leads.get(d.leadId)).toMatchObject({ state: 'retry-wait', lastOutcome: 'cut' });
  });

  it('followed while ringing and answered after the restart, then hung up (nothing can run its call): cut', async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { mode: 'agentless', flow: 'survey' });
    h.engine.stop();
    const { engine: next, recorder } = h.restart();
    recorder.adoptFromRow(h.calls.get(d.channelId)!, 'follow-ringing');
    await next.reconcile();
    next.start();
    h.tel.emit({ type: 'answered', channelId: d.channelId, at: h.clock.now() });
    recorder.markHangupByUs(d.channelId);
    h.clock.advance(200);
    hangUp(h, d.channelId);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'cut' });
  });

  it('the far end hanging up a call this process placed stays a short call', async () => {
    const h = dialerHarness();
    const d = await dialOne(h, { mode: 'agentless', flow: 'survey' });
    h.tel.emit({ type: 'answered', channelId: d.channelId, at: h.clock.now() });
    await settleMicrotasks();
    h.clock.advance(1000);
    hangUp(h, d.channelId);
    expect(h.attempts.get(d.attemptId)).toMatchObject({ outcome: 'short-call' });
  });
});

