import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { GLOBAL_DNC } from '../../../src/store/dnc-repo.js';
import { dialerHarness, openSettings, settleMicrotasks } from './dialer-harness.js';

const phones = (n: number) => Array.from({ length: n }, (_, i) => `+86139000000${String(i).padStart(2, '0')}`);

describe('the dialer tick', () => {
  it('dials nothing until the attempts a previous run left open are settled', async () => {
    const h = dialerHarness();
    h.campaign(openSettings({ mode: 'progressive' }), phones(1));
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toEqual([]);
    await h.engine.reconcile();
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
  });

  it('claims each lead before its originate, on the campaign trunk, and never more than the free lines', async () => {
    const h = dialerHarness();
    const c = h.campaign(openSettings({ mode: 'agentless', flow: 'survey', maxLines: 2 }), phones(3));
    await h.engine.reconcile();
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(2);
    expect(h.engine.liveCount(c.id)).toBe(2);
    for (const r of h.tel.originated) {
      const a = h.attempts.byChannel(r.channelId)!;
      expect(a).toMatchObject({ campaignId: c.id, attemptNo: 1, reason: 'new', dialedAt: h.clock.now(), endedAt: null });
      expect(h.leads.get(a.leadId)!.state).toBe('dialing');
      expect(r.endpoint).toMatch(/^PJSIP\/139000000\d\d@/);
    }
    // A later tick with both lines busy dials nothing more.
    h.clock.advance(1000);
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(2);
  });

  it('logs each pacing launch at debug with the state it was decided on, and nothing at info', async () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (chunk, _enc, cb) => (lines.push(String(chunk)), cb()) });
    for (const level of ['debug', 'info'] as const) {
      lines.length = 0;
      const h = dialerHarness({ ready: ['1001', '1002'], log: pino({ level }, sink) });
      const c = h.campaign(openSettings({ mode: 'progressive' }), phones(3));
      await h.engine.reconcile();
      h.engine.tick();
      await settleMicrotasks();
      const launches = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.msg === 'pacing launch');
      if (level === 'info') expect(launches).toEqual([]);
      else {
        expect(launches).toHaveLength(1);
        expect(launches[0]).toMatchObject({ campaignId: c.id, decision: { launch: 2, reason: 'progressive' }, state: { ready: 2, talkMs: [], ringingMs: [], waitingMs: [] } });
      }
    }
  });

  it('records each attempt\'s decision latency: from its line freeing (or the start) to the originate request', async () => {
    const h = dialerHarness();
    const c = h.campaign(openSettings({ mode: 'agentless', flow: 'survey', maxLines: 1 }), phones(2));
    await h.engine.reconcile();
    h.engine.start();
    // Ticks every 100 ms: the first dial goes at the first tick.
    h.clock.advance(100);
    await settleMicrotasks();
    h.clock.advance(930);
    h.tel.emit({ type: 'hung-up', channelId: h.tel.originated[0]!.channelId, cause: 16, causeText: '', at: h.clock.now() });
    await settleMicrotasks();
    // The line is free 70 ms before the next tick, which dials the second lead.
    h.clock.advance(70);
    await settleMicrotasks();
    h.clock.advance(930);
    h.tel.emit({ type: 'hung-up', channelId: h.tel.originated[1]!.channelId, cause: 16, causeText: '', at: h.clock.now() });
    await settleMicrotasks();
    h.engine.stop();
    expect(h.attempts.decisionLatencies(c.id)).toEqual([0, 70]);
  });

  it('spends the calls-per-second budget: one dial a second at maxCallsPerSecond 1', async () => {
    const h = dialerHarness();
    h.campaign(openSettings({ mode: 'agentless', flow: 'survey', maxCallsPerSecond: 1 }), phones(3));
    await h.engine.reconcile();
    h.engine.tick();
    h.clock.advance(400);
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
    h.clock.advance(600);
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(2);
  });

  it('marks a lead on the do-not-call list dnc and never dials it', async () => {
    const h = dialerHarness();
    const c = h.campaign(openSettings({ mode: 'agentless', flow: 'survey' }), phones(2));
    h.dnc.add('+8613900000001', GLOBAL_DNC, 'asked', h.clock.now());
    await h.engine.reconcile();
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated.map((r) => r.endpoint)).toEqual([expect.stringContaining('13900000000')]);
    expect(h.leads.get(c.leads[1]!)!.state).toBe('dnc');
  });

  it('dials nothing while Asterisk is away or outside the calling window', async () => {
    const h = dialerHarness();
    h.campaign(openSettings({ mode: 'agentless', flow: 'survey', windows: { tue: [{ from: '12:00', to: '13:00' }] } }), phones(1));
    await h.engine.reconcile();
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toEqual([]);
    (h.tel.port as { connected: boolean }).connected = false;
    h.clock.advance(2 * 3_600_000);
    h.engine.checkCampaigns();
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toEqual([]);
    (h.tel.port as { connected: boolean }).connected = true;
    h.engine.tick();
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
  });

  it('ticks on the clock once started, and stops with stop()', async () => {
    const h = dialerHarness();
    h.campaign(openSettings({ mode: 'agentless', flow: 'survey', maxCallsPerSecond: 1 }), phones(3));
    await h.engine.reconcile();
    h.engine.start();
    h.clock.advance(100);
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
    h.engine.stop();
    h.clock.advance(5000);
    await settleMicrotasks();
    expect(h.tel.originated).toHaveLength(1);
  });
});
