/** Issue 17 item 9: calls cut by an Asterisk loss, and callers it took while hotline was away, are never "served". */
import { describe, expect, it } from 'vitest';
import { inboundKpis, type InboundCallFacts } from '../../../src/reports/inbound-kpis.js';

const base: InboundCallFacts = { startedAt: 0, endedIn: null, queueGroup: null, queueWaitMs: null, agentId: null, talkMs: null, holdMs: null, acwMs: null, nonRegular: null, ivrPath: [] };
const kpis = (calls: InboundCallFacts[]) => inboundKpis({ calls, rings: [], staffedMs: new Map(), outboundHandled: new Map() });
const served = { ...base, agentId: '1001', endedIn: 'agent', queueGroup: 'general', queueWaitMs: 4000, talkMs: 60_000, holdMs: 0, acwMs: 0 };

describe('KPIs after a media-server loss', () => {
  it('a call an agent had when Asterisk died counts as a call, not as answered, offered or handled', () => {
    const k = kpis([served, { ...served, reconciled: 'media-server-lost' }]);
    expect({ calls: k.calls, answered: k.answered, offered: k.offered, cut: k.cutByMediaServer, rate: k.answerRate10s }).toEqual({ calls: 2, answered: 1, offered: 1, cut: 1, rate: 0.5 });
    expect(k.agents.find((a) => a.agentId === '1001')?.handledInbound).toBe(1);
  });

  it('a caller who reached Asterisk while hotline was away counts as a call, never served', () => {
    const k = kpis([{ ...base, reconciled: 'while-away' }]);
    expect({ calls: k.calls, answered: k.answered, away: k.whileAway }).toEqual({ calls: 1, answered: 0, away: 1 });
  });
});
