/** Seed 004's inbound definitions, exactly: 接起率 = answered within 10 s / 总呼入量 (every inbound call). */
import { describe, expect, it } from 'vitest';
import { inboundKpis, type InboundCallFacts } from '../../../src/reports/inbound-kpis.js';

const base: InboundCallFacts = { startedAt: 0, endedIn: null, queueGroup: null, queueWaitMs: null, agentId: null, talkMs: null, holdMs: null, acwMs: null, nonRegular: null, ivrPath: [] };
const kpis = (calls: InboundCallFacts[]) => inboundKpis({ calls, rings: [], staffedMs: new Map(), outboundHandled: new Map() });

describe('接起率 over all inbound calls', () => {
  it('counts a day whose one call ended after hours: one inbound call, none offered, 接起率 0', () => {
    const k = kpis([{ ...base, endedIn: 'caller-hangup', ivrPath: [{ node: 'after_hours', at: 0 }] }]);
    expect([k.calls, k.offered, k.answerRate10s, k.answerRate10sOfOffered]).toEqual([1, 0, 0, null]);
  });

  it.each([
    ['answered in 5 s, and two IVR-only calls', [{ ...base, agentId: '1001', endedIn: 'agent', queueGroup: 'general', queueWaitMs: 5000 }, base, base], 0.3333, 1],
    ['answered in 10 s exactly, and one in 11 s', [{ ...base, agentId: '1001', endedIn: 'agent', queueGroup: 'g', queueWaitMs: 10_000 }, { ...base, agentId: '1002', endedIn: 'agent', queueGroup: 'g', queueWaitMs: 11_000 }], 0.5, 0.5],
    ['no calls at all', [], null, null],
  ] as const)('%s', (_what, calls, overAll, overOffered) => {
    const k = kpis([...calls]);
    expect([k.answerRate10s, k.answerRate10sOfOffered]).toEqual([overAll, overOffered]);
  });
});
