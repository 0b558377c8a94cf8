/**
 * A day of calls computed by hand (the numbers in the tests are worked out in the comments, not by the code under
 * test). Ten inbound calls, five rings of agents, twelve outbound attempts over two campaigns.
 */
import type { IvrStep } from '../../../src/store/calls-repo.js';
import type { AgentRing, InboundCallFacts } from '../../../src/reports/inbound-kpis.js';
import type { AttemptFacts } from '../../../src/reports/outbound-kpis.js';

/** 2026-03-09 00:00 Asia/Shanghai (a Monday). */
export const DAY = Date.parse('2026-03-09T00:00:00+08:00');
const H = 3_600_000;

const menu = (key?: string, ...after: string[]): IvrStep[] => [
  { node: 'main_menu', at: 0 },
  ...(key ? [{ node: 'main_menu', key, note: 'chosen', at: 1 }] : []),
  ...after.map((node, i) => ({ node, at: 2 + i })),
];

type Call = InboundCallFacts & { name: string };
const call = (name: string, c: Partial<InboundCallFacts>): Call => ({
  name,
  startedAt: DAY + 10 * H,
  endedIn: null,
  queueGroup: null,
  queueWaitMs: null,
  agentId: null,
  talkMs: null,
  holdMs: null,
  acwMs: null,
  nonRegular: null,
  ivrPath: [],
  ...c,
});

export const inboundCalls: Call[] = [
  call('c1', { queueGroup: 'consult', queueWaitMs: 5000, agentId: '1001', endedIn: 'agent', talkMs: 120_000, holdMs: 10_000, acwMs: 15_000, ivrPath: menu('1', 'consult_queue') }),
  call('c2', { queueGroup: 'consult', queueWaitMs: 12_000, agentId: '1001', endedIn: 'agent', talkMs: 60_000, holdMs: 0, acwMs: 15_000, ivrPath: menu('1', 'consult_queue') }),
  call('c3', { queueGroup: 'repair', queueWaitMs: 8000, agentId: '1002', endedIn: 'agent', talkMs: 200_000, holdMs: 30_000, acwMs: 10_000, ivrPath: menu('2', 'repair_queue') }),
  call('c4', { queueGroup: 'complaint', queueWaitMs: 40_000, endedIn: 'queue-abandon', ivrPath: menu('3', 'complaint_queue') }),
  call('c5', { queueGroup: 'consult', queueWaitMs: 3000, endedIn: 'queue-abandon', ivrPath: menu('1', 'consult_queue') }),
  call('c6', { endedIn: 'caller-hangup', ivrPath: menu('4', 'order_collect', 'order_status') }),
  call('c7', { endedIn: 'caller-hangup', nonRegular: 'misdial', ivrPath: menu() }),
  call('c8', { endedIn: 'caller-hangup', nonRegular: 'one-ring' }),
  call('c9', { queueGroup: 'repair', queueWaitMs: 10_000, agentId: '1002', endedIn: 'agent', talkMs: 90_000, holdMs: 0, acwMs: 0, ivrPath: menu('2', 'repair_queue') }),
  call('c10', { queueGroup: 'complaint', queueWaitMs: 50_000, endedIn: 'callback', ivrPath: menu('3', 'complaint_queue') }),
];

/** 1001 was rung three times (c1, c2, and one it let ring out), 1002 twice (c3, c9). */
export const rings: AgentRing[] = [
  { agentId: '1001', answered: true },
  { agentId: '1001', answered: false },
  { agentId: '1001', answered: true },
  { agentId: '1002', answered: true },
  { agentId: '1002', answered: true },
];

/** One attempt: its lead, and the facts the math reads (n = 1). */
export interface Attempt extends AttemptFacts {
  leadId: number;
}
const a = (campaignId: number, leadId: number, outcome: string, answered: boolean, disposition: string | null = null): Attempt => ({
  campaignId,
  leadId,
  outcome,
  disposition,
  answered,
  n: 1,
});

/** At 11:00; campaign 1 dials leads 1–8 (10 attempts), campaign 2 leads 9 and 10. */
export const attempts: Attempt[] = [
  a(1, 1, 'busy', false),
  a(1, 1, 'human', true, 'success'),
  a(1, 2, 'no-answer', false),
  a(1, 3, 'unallocated', false),
  a(1, 4, 'machine', true),
  a(1, 5, 'human', true, 'wrong-party'),
  a(1, 6, 'abandoned', true),
  a(1, 7, 'fax', true),
  a(1, 8, 'human', true, 'not-interested'),
  a(1, 2, 'human', true, 'callback-later'),
  a(2, 9, 'number-changed', false),
  a(2, 10, 'human', true, 'success'),
];
