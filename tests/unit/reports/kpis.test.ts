import { describe, expect, it } from 'vitest';
import { staffedMs } from '../../../src/reports/agent-hours.js';
import { inboundKpis } from '../../../src/reports/inbound-kpis.js';
import { attemptKpis, callbackPunctuality, campaignCompletion, complianceWindows } from '../../../src/reports/outbound-kpis.js';
import { attempts, DAY, inboundCalls, rings } from './fixture.js';

const H = 3_600_000;

describe('inbound KPIs against hand-computed calls', () => {
  const k = inboundKpis({ calls: inboundCalls, rings, staffedMs: new Map([['1001', 4 * H], ['1002', 2 * H]]), outboundHandled: new Map([['1001', 6]]) });

  it('counts, 接起率, abandon, waits and AHT', () => {
    // offered: c1 c2 c3 c4 c5 c9 c10 = 7; answered: c1 c2 c3 c9 = 4; within 10 s: c1 (5 s) c3 (8 s) c9 (10 s) = 3
    expect(k).toMatchObject({ calls: 10, offered: 7, answered: 4, answeredWithin10s: 3, abandoned: 2 });
    // Seed 004: 接起率 is over every inbound call (总呼入量), IVR-only and after-hours calls included: 3 / 10.
    expect(k.answerRate10s).toBe(0.3);
    expect(k.answerRate10sOfOffered).toBe(0.4286); // 3 / 7
    expect(k.abandonRate).toBe(0.2857); // 2 / 7 (c4, c5)
    expect(k.avgWaitS).toBe(13); // (5 + 12 + 8 + 10 + 40 + 3) / 6
    expect(k.avgAnswerWaitS).toBe(8.8); // (5 + 12 + 8 + 10) / 4 = 8.75
    expect(k.ahtS).toBe(137.5); // (145 + 75 + 240 + 90) / 4
    expect([k.avgTalkS, k.avgHoldS, k.avgAcwS]).toEqual([117.5, 10, 10]); // 470/4, 40/4, 40/4
    expect(k.nonRegular).toEqual({ misdial: 1, 'one-ring': 1 });
  });

  it('per agent: missed rings (个人呼叫放弃率), handled calls and calls per agent-hour', () => {
    expect(k.agents).toEqual([
      // 1001: 1 of 3 rings missed; 2 inbound + 6 outbound over 4 h = 2/h; AHT (145 + 75) / 2
      { agentId: '1001', rung: 3, answered: 2, missed: 1, abandonRate: 0.3333, handledInbound: 2, handledOutbound: 6, staffedHours: 4, callsPerHour: 2, ahtS: 110 },
      // 1002: 2 inbound over 2 h = 1/h; AHT (240 + 90) / 2
      { agentId: '1002', rung: 2, answered: 2, missed: 0, abandonRate: 0, handledInbound: 2, handledOutbound: 0, staffedHours: 2, callsPerHour: 1, ahtS: 165 },
    ]);
    expect(k.callsPerAgentHour).toBe(1.67); // 10 calls / 6 h
  });

  it('IVR nodes with drop-off, and hot issues by menu choice', () => {
    expect(k.ivrNodes).toEqual([
      { node: 'main_menu', calls: 9, dropOff: 1, dropOffRate: 0.1111 }, // c7 hung up in the menu
      { node: 'consult_queue', calls: 3, dropOff: 0, dropOffRate: 0 },
      { node: 'complaint_queue', calls: 2, dropOff: 0, dropOffRate: 0 },
      { node: 'repair_queue', calls: 2, dropOff: 0, dropOffRate: 0 },
      { node: 'order_collect', calls: 1, dropOff: 0, dropOffRate: 0 },
      { node: 'order_status', calls: 1, dropOff: 1, dropOffRate: 1 }, // c6 hung up on the work-order status
    ]);
    expect(k.hotIssues).toEqual([
      { node: 'main_menu', key: '1', calls: 3, share: 0.375 },
      { node: 'main_menu', key: '2', calls: 2, share: 0.25 },
      { node: 'main_menu', key: '3', calls: 2, share: 0.25 },
      { node: 'main_menu', key: '4', calls: 1, share: 0.125 },
    ]);
  });

  it('says null, not 0%, when there is nothing to divide by', () => {
    const empty = inboundKpis({ calls: [], rings: [], staffedMs: new Map(), outboundHandled: new Map() });
    expect(empty).toMatchObject({ calls: 0, answerRate10s: null, abandonRate: null, ahtS: null, avgWaitS: null, callsPerAgentHour: null, agents: [] });
  });
});

describe('outbound KPIs against hand-computed attempts', () => {
  const k = attemptKpis(attempts, new Map([[1, 8], [2, 2]]));
  it('dials, connects and the rates, overall and per campaign', () => {
    expect(k.total).toEqual({
      dials: 12,
      connects: 6, // live answers: not busy/no answer/unallocated/changed, not the machine or the fax
      contactRate: 0.5,
      successes: 2,
      successRate: 0.3333, // 2 / 6
      wrongParty: 1,
      wrongPartyRate: 0.1667, // 1 / 6
      deadNumbers: 3, // unallocated, fax, number changed
      deadNumberRate: 0.25,
      abandoned: 1,
      abandonRate: 0.1667,
      machines: 1,
      leadsDialed: 10,
      attemptsPerLead: 1.2,
    });
    expect(k.campaigns.map((c) => [c.campaignId, c.dials, c.connects, c.contactRate, c.successRate, c.wrongPartyRate, c.deadNumberRate, c.abandonRate, c.attemptsPerLead])).toEqual([
      [1, 10, 5, 0.5, 0.2, 0.2, 0.2, 0.2, 1.25],
      [2, 2, 1, 0.5, 1, 0, 0.5, 0, 1],
    ]);
  });

  it('abandon rate per compliance window: Ofcom 24 h and FCC 30 days, against 3%', () => {
    const rows = [
      { campaignId: 1, outcome: 'abandoned', answered: true, last24h: true, n: 1 },
      { campaignId: 1, outcome: 'human', answered: true, last24h: true, n: 1 },
      { campaignId: 1, outcome: 'human', answered: true, last24h: false, n: 40 },
      { campaignId: 1, outcome: 'machine', answered: true, last24h: true, n: 7 }, // not a live answer
      { campaignId: 1, outcome: 'busy', answered: false, last24h: true, n: 9 }, // not answered
      { campaignId: 2, outcome: 'abandoned', answered: true, last24h: false, n: 2 },
      { campaignId: 2, outcome: 'human', answered: true, last24h: false, n: 98 },
    ];
    expect(complianceWindows(rows)).toEqual([
      { campaignId: 1, window: '24h', liveAnswers: 2, abandoned: 1, rate: 0.5, over: true },
      { campaignId: 1, window: '30d', liveAnswers: 42, abandoned: 1, rate: 0.0238, over: false },
      { campaignId: 2, window: '24h', liveAnswers: 0, abandoned: 0, rate: null, over: false },
      { campaignId: 2, window: '30d', liveAnswers: 100, abandoned: 2, rate: 0.02, over: false },
    ]);
  });

  it('counts grouped rows as their number of attempts', () => {
    const grouped = attemptKpis(
      [
        { campaignId: 1, outcome: 'human', disposition: 'success', answered: true, n: 30 },
        { campaignId: 1, outcome: 'no-answer', disposition: null, answered: false, n: 70 },
      ],
      new Map([[1, 40]]),
    );
    expect(grouped.total).toMatchObject({ dials: 100, connects: 30, contactRate: 0.3, successRate: 1, attemptsPerLead: 2.5 });
  });

  it('callbacks on time, late, missed and pending', () => {
    const t = DAY + 12 * H;
    const tolerance = () => 20 * 60_000;
    const rows = [
      { campaignId: 1, callbackAt: t, dialedAt: t + 60_000, state: 'done-success' as const },
      { campaignId: 1, callbackAt: t, dialedAt: t + 20 * 60_000, state: 'done-success' as const }, // at the limit: on time
      { campaignId: 1, callbackAt: t, dialedAt: t + 20 * 60_000 + 1, state: 'retry-wait' as const },
      { campaignId: 1, callbackAt: t, dialedAt: null, state: 'callback-scheduled' as const },
      { campaignId: 1, callbackAt: t + 10 * H, dialedAt: null, state: 'callback-scheduled' as const },
    ];
    expect(callbackPunctuality(rows, tolerance, t + H)).toEqual({ due: 5, onTime: 2, late: 1, missed: 1, pending: 1, onTimeRate: 0.5 });
  });

  it('campaign completion from lead states', () => {
    expect(campaignCompletion([{ campaignId: 3, name: '回访', byState: { new: 2, 'done-success': 3, dnc: 1, 'retry-wait': 4 } }])).toEqual([
      { campaignId: 3, name: '回访', leads: 10, final: 4, successes: 3, completion: 0.4 },
    ]);
  });
});

describe('agent-hours from the state log', () => {
  it('counts logged-in time inside the period, from the state before it to a logout or the end', () => {
    const from = DAY;
    const to = DAY + 24 * H;
    const log = [
      { agentId: '1001', state: 'ready', at: from - 2 * H }, // logged in before the day
      { agentId: '1001', state: 'paused', at: from + H },
      { agentId: '1001', state: 'on-call', at: from + 2 * H },
      { agentId: '1001', state: 'logged-out', at: from + 3 * H },
      { agentId: '1002', state: 'logged-out', at: from - H },
      { agentId: '1002', state: 'ready', at: from + 20 * H },
      { agentId: '1003', state: 'ready', at: from + 23 * H },
      { agentId: '1003', state: 'logged-out', at: to + H },
    ];
    const ms = staffedMs(log, from, to, to + 5 * H);
    expect(Object.fromEntries([...ms].map(([id, v]) => [id, v / H]))).toEqual({ '1001': 3, '1002': 4, '1003': 1 });
    // A period still going: counted up to now.
    expect(staffedMs(log, from, to, from + 21 * H).get('1002')).toBe(H);
  });
});
