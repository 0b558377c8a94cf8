import pino from 'pino';
import { systemClock } from '../../src/clock.js';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/ari/port.js';
import type { Config } from '../../src/config/schema.js';
import { startAgentPhones } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { Reports } from '../../src/reports/reports.js';
import { ServiceLab, serviceConfig } from './service-lab.js';
import { callerTarget, closedRecord, waitFor } from './support.js';
import { storeOf } from '../../src/store/store.js';

describe('queues and agents on the sample hotline', () => {
  const lab = new ServiceLab();
  afterEach(() => lab.stop());

  async function start(acd: (c: Config) => void): Promise<{ config: Config; events: TelephonyEvent[] }> {
    const config = await serviceConfig((c) => {
      acd(c);
      // The callbacks these calls owe are asserted as owed; the dialer (which would dial them) is tested on its own.
      c.dialer.enabled = false;
    });
    const service = await lab.start(config);
    const events: TelephonyEvent[] = [];
    service.port.onEvent((e) => events.push(e));
    return { config, events };
  }

  it('one ready agent: the caller is bridged, and both legs record their times', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 3000 } }, { ids: ['1001'] });
    const report = await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    expect(report.hungUpBy).toBe('far-end');
    const caller = await closedRecord(lab.service!, lab.service!.repo.recent(5).find((r) => r.direction === 'inbound')!.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: '1001', queueGroup: 'consult' });
    expect(caller.queueWaitMs).toBeGreaterThan(500);
    const leg = lab.service!.repo.recent(5).find((r) => r.direction === 'outbound')!;
    expect(leg.calledNumber).toBe('1001');
    expect(leg.answeredAt).not.toBeNull();
    expect(leg.endedAt! - leg.answeredAt!).toBeGreaterThan(2500);
    expect(caller.talkMs).toBeGreaterThan(2500);
    expect(caller.acwMs).toBe(5000);
    expect(lab.phones[0]!.calls()).toHaveLength(1);
    expect(lab.service!.acd.agentList()[0]!.state).toMatch(/after-call-work|ready/);
  });

  it('an agent who does not answer becomes not-ready and the next agent gets the call', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 9 } },
        { id: '1002', name: 'B', skills: { general: 1 } },
      ];
      for (const g of c.acd.groups) g.ringTimeoutS = 5;
    });
    lab.phones = [
      ...(await startAgentPhones(config, { answer: { kind: 'never' }, talk: { kind: 'far-end' } }, { ids: ['1001'] })),
      ...(await startAgentPhones(config, { answer: { kind: 'after', ms: 500 }, talk: { kind: 'hangup-after', ms: 2000 } }, { ids: ['1002'] })),
    ];
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    const caller = await closedRecord(lab.service!, lab.service!.repo.recent(5).find((r) => r.direction === 'inbound')!.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: '1002' });
    const a1001 = lab.service!.acd.agentList().find((a) => a.id === '1001')!;
    expect(a1001.state).toBe('paused');
    expect(a1001.pauseReason).toBe('no-answer');
  });

  it('no agent: the caller hears position and wait, accepts the callback offer, and a callback is owed', async () => {
    const { config, events } = await start((c) => {
      c.acd.agents = [];
      for (const g of c.acd.groups) g.callbackOfferAfterS = 3;
    });
    // 1 for consultation; then 1 again once the callback offer has been made (about 10 s in). The queue ignores a 1
    // before its offer, so the caller presses it again every 3.3 s: on a loaded machine the prompts before the queue
    // run longer and a single press came before the offer (CI).
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1,,,,,,,,,1,,,1,,,1,,,1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 30_000 } });
    const row = await closedRecord(lab.service!);
    expect(row.endedIn).toBe('callback');
    expect(lab.service!.callbacks.pending()).toEqual([expect.objectContaining({ number: '13800138000', reason: 'queue-callback-offer', sourceChannelId: row.channelId })]);
    const announced = events.filter((e) => e.type === 'playback-started' && e.playbackId.includes(':acd-'));
    expect(announced.map((e) => (e as { playbackId: string }).playbackId.split('-').pop())).toEqual(['announce', 'callback']);
  });

  it('a caller who hangs up in the queue is an abandoned call with its wait', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [];
    });
    // 12 s: the prompts before the queue take about 7 s, longer on a loaded machine; the wait must still pass 1 s.
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'after-answer', afterMs: 12_000 } });
    const row = await closedRecord(lab.service!);
    expect(row.endedIn).toBe('queue-abandon');
    expect(row.queueGroup).toBe('consult');
    // The wait runs from entering the queue node to the hang-up, whatever the prompts before it took.
    const queued = row.ivrPath.find((s) => s.node === 'consult_queue')!.at;
    expect(row.queueWaitMs).toBeGreaterThan(1000);
    expect(Math.abs(row.queueWaitMs! - (row.endedAt! - queued))).toBeLessThan(500);
    expect(lab.service!.callbacks.pending()).toEqual([expect.objectContaining({ number: '13800138000', reason: 'queue-abandon' })]);
  });

  it("the inbound report agrees with what the callers' and the agent's phones saw", async () => {
    const { config } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
      for (const g of c.acd.groups) g.wrapUpS = 4;
    });
    // One agent who picks up after 1 s and talks 8 s: the first caller is answered at once, the second waits for
    // the first call and its after-call work (over 10 s), the third gives up in the queue.
    lab.phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 8000 } }, { ids: ['1001'] });
    const startedAt = Date.now();
    const call = (from: string, delayMs: number, hangup: Parameters<typeof placeCall>[0]['hangup']) =>
      new Promise((r) => setTimeout(r, delayMs)).then(() =>
        placeCall({ ...callerTarget(config), number: '4008001234', from, keys: '1', firstKeyAfterMs: 1500, hangup }),
      );
    const callers = await Promise.all([
      call('13800138001', 0, { kind: 'far-end', maxMs: 60_000 }),
      call('13800138002', 1000, { kind: 'far-end', maxMs: 60_000 }),
      call('13800138003', 2000, { kind: 'after-answer', afterMs: 12_000 }),
    ]);
    const s = lab.service!;
    await waitFor(() => s.repo.recent(10).filter((r) => r.direction === 'inbound' && r.endedAt !== null).length === 3, 10_000, 'three closed caller records');
    const kpis = new Reports({ store: storeOf(s.db), clock: systemClock, config: config.api.reports, agentIds: () => ['1001'], log: pino({ level: 'silent' }) }).compute({
      kind: 'range',
      label: 'lab',
      from: startedAt,
      to: Date.now() + 1000,
    }).inbound;

    // The truth, from SIPp: calls the callers placed and hotline answered, calls the agent's phone took, and for each
    // of those the time from the caller's key to the agent's answer (an upper bound of the queue wait) and the talk.
    const picked = lab.phones[0]!.calls().filter((c) => c.answeredAt !== undefined);
    const offered = callers.filter((c) => c.outcome === 'answered').length;
    expect([offered, picked.length]).toEqual([3, 2]);
    const keyAt = (i: number) => callers[i]!.answeredAt! + callers[i]!.keys[0]!.atMs;
    // The queue is first come, first served: the agent's first call is the first caller's, the second the second's.
    // Every caller hears the same prompt between the key and the queue; the first caller's phone rang the moment
    // they were queued, which gives its length.
    const prompt = picked[0]!.invitedAt - keyAt(0);
    expect(prompt).toBeGreaterThanOrEqual(0);
    const waits = picked.map((p, i) => p.answeredAt! - (keyAt(i) + prompt));
    expect(waits[0]).toBeLessThan(3000);
    expect(waits[1]).toBeGreaterThan(11_000);
    const talkS = picked.map((p) => (p.endedAt! - p.answeredAt!) / 1000);

    expect(kpis).toMatchObject({ offered, answered: picked.length, abandoned: offered - picked.length, answeredWithin10s: waits.filter((w) => w <= 10_000).length });
    expect(kpis.abandonRate).toBeCloseTo((offered - picked.length) / offered, 3);
    const meanWaitS = waits.reduce((a, b) => a + b, 0) / waits.length / 1000;
    // Within 1 s: the phones time SIP messages, the service ARI events; on a loaded machine the two drift apart by a few
    // hundred ms (0.506 s seen once), which is not the error this guards against (a wait counted from the wrong event).
    expect(Math.abs(kpis.avgAnswerWaitS! - meanWaitS), `answer wait ${kpis.avgAnswerWaitS} s, the phones say ${meanWaitS.toFixed(2)} s (${JSON.stringify({ waits, prompt, rows: s.repo.recent(10).filter((r) => r.direction === 'inbound').map((r) => [r.callerNumber, r.queueWaitMs, r.startedAt, r.answeredAt]), callers: callers.map((c) => [c.invitedAt, c.answeredAt, c.keys]), picked: picked.map((p) => [p.invitedAt, p.answeredAt]) })})`).toBeLessThan(1);
    const acwS = 4;
    const aht = talkS.reduce((a, b) => a + b, 0) / talkS.length + acwS;
    expect(Math.abs(kpis.ahtS! - aht), `AHT ${kpis.ahtS} s, the agent's phone says ${aht.toFixed(2)} s (talk ${talkS.join(', ')} s + ${acwS} s)`).toBeLessThan(0.5);
  }, 120_000);
});
