import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/ari/port.js';
import { projectRoot } from '../../src/config/load.js';
import type { Config } from '../../src/config/schema.js';
import { buildHttp } from '../../src/http/app.js';
import { startAgentPhones, type AgentPhone } from '../../src/lab/sipp-agents.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import type { Service } from '../../src/service/service.js';
import { callerTarget, closedRecord, freePort, labConfig, startLabService } from './support.js';

const tuesday10 = Date.parse('2026-11-24T02:00:00Z');

describe('queues and agents on the sample hotline', () => {
  let service: Service | undefined;
  let http: ReturnType<typeof buildHttp> | undefined;
  let phones: AgentPhone[] = [];

  afterEach(async () => {
    await Promise.all(phones.map((p) => p.stop()));
    phones = [];
    await http?.close();
    await service?.stop();
  });

  async function start(acd: (c: Config) => void): Promise<{ config: Config; events: TelephonyEvent[] }> {
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
      c.ivr.dir = join(projectRoot, 'config/ivr');
      // One TTS cache for the whole tier: prompts are content-addressed, so sharing is safe and made once.
      c.prompts.dir = join(c.lab.dir, 'prompts');
      acd(c);
      // The callbacks these calls owe are asserted as owed; the dialer (which would dial them) is tested on its own.
      c.dialer.enabled = false;
    });
    ({ service } = await startLabService(config, { flowNow: () => tuesday10 + (Date.now() % 60_000) }));
    await service.promptsReady();
    const events: TelephonyEvent[] = [];
    service.port.onEvent((e) => events.push(e));
    http = buildHttp(service);
    await http.listen({ host: '127.0.0.1', port });
    return { config, events };
  }

  it('one ready agent: the caller is bridged, and both legs record their times', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [{ id: '1001', name: 'A', skills: { general: 5 } }];
    });
    phones = await startAgentPhones(config, { answer: { kind: 'after', ms: 1000 }, talk: { kind: 'hangup-after', ms: 3000 } }, { ids: ['1001'] });
    const report = await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    expect(report.hungUpBy).toBe('far-end');
    const caller = await closedRecord(service!, service!.repo.recent(5).find((r) => r.direction === 'inbound')!.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: '1001', queueGroup: 'consult' });
    expect(caller.queueWaitMs).toBeGreaterThan(500);
    const leg = service!.repo.recent(5).find((r) => r.direction === 'outbound')!;
    expect(leg.calledNumber).toBe('1001');
    expect(leg.answeredAt).not.toBeNull();
    expect(leg.endedAt! - leg.answeredAt!).toBeGreaterThan(2500);
    expect(caller.talkMs).toBeGreaterThan(2500);
    expect(caller.acwMs).toBe(5000);
    expect(phones[0]!.calls()).toHaveLength(1);
    expect(service!.acd.agentList()[0]!.state).toMatch(/after-call-work|ready/);
  });

  it('an agent who does not answer becomes not-ready and the next agent gets the call', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [
        { id: '1001', name: 'A', skills: { general: 9 } },
        { id: '1002', name: 'B', skills: { general: 1 } },
      ];
      for (const g of c.acd.groups) g.ringTimeoutS = 5;
    });
    phones = [
      ...(await startAgentPhones(config, { answer: { kind: 'never' }, talk: { kind: 'far-end' } }, { ids: ['1001'] })),
      ...(await startAgentPhones(config, { answer: { kind: 'after', ms: 500 }, talk: { kind: 'hangup-after', ms: 2000 } }, { ids: ['1002'] })),
    ];
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 40_000 } });
    const caller = await closedRecord(service!, service!.repo.recent(5).find((r) => r.direction === 'inbound')!.channelId);
    expect(caller).toMatchObject({ endedIn: 'agent', agentId: '1002' });
    const a1001 = service!.acd.agentList().find((a) => a.id === '1001')!;
    expect(a1001.state).toBe('paused');
    expect(a1001.pauseReason).toBe('no-answer');
  });

  it('no agent: the caller hears position and wait, accepts the callback offer, and a callback is owed', async () => {
    const { config, events } = await start((c) => {
      c.acd.agents = [];
      for (const g of c.acd.groups) g.callbackOfferAfterS = 3;
    });
    // 1 for consultation; then 1 again once the callback offer has been made.
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1,,,,,,,,,1', firstKeyAfterMs: 1500, hangup: { kind: 'far-end', maxMs: 30_000 } });
    const row = await closedRecord(service!);
    expect(row.endedIn).toBe('callback');
    expect(service!.callbacks.pending()).toEqual([expect.objectContaining({ number: '13800138000', reason: 'queue-callback-offer', sourceChannelId: row.channelId })]);
    const announced = events.filter((e) => e.type === 'playback-started' && e.playbackId.includes(':acd-'));
    expect(announced.map((e) => (e as { playbackId: string }).playbackId.split('-').pop())).toEqual(['announce', 'callback']);
  });

  it('a caller who hangs up in the queue is an abandoned call with its wait', async () => {
    const { config } = await start((c) => {
      c.acd.agents = [];
    });
    await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', keys: '1', firstKeyAfterMs: 1500, hangup: { kind: 'after-answer', afterMs: 9000 } });
    const row = await closedRecord(service!);
    expect(row.endedIn).toBe('queue-abandon');
    expect(row.queueGroup).toBe('consult');
    // The wait runs from entering the queue node to the hang-up, whatever the prompts before it took.
    const queued = row.ivrPath.find((s) => s.node === 'consult_queue')!.at;
    expect(row.queueWaitMs).toBeGreaterThan(1000);
    expect(Math.abs(row.queueWaitMs! - (row.endedAt! - queued))).toBeLessThan(500);
    expect(service!.callbacks.pending()).toEqual([expect.objectContaining({ number: '13800138000', reason: 'queue-abandon' })]);
  });
});
