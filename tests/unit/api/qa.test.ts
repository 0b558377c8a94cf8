/**
 * QA through the API (issue 16 item 1): a form as data, the sampler picking recorded calls by the rule (every
 * complaint call, N random per agent), two QA users scoring one call with a difference over the threshold (flagged),
 * the agent seeing the score and disputing it once, roles and audit.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokensRepo } from '../../../src/store/tokens-repo.js';
import { harness, T0, type Harness } from './harness.js';
import { answeredCall, hotlineForm } from './qa-fixtures.js';

let h: Harness;
let qa2: string;
let formId: number;
const form = { ...hotlineForm, items: [...hotlineForm.items, { key: 'secrecy', zh: '未泄露客户信息', en: 'Kept customer data secret', weight: 0, fatal: true }] };
const day = 86_400_000;

/** An answered inbound call of `agentId` on the hotline line, recorded unless told otherwise. */
function call(channelId: string, agentId: string, startedAt: number, opts: { recorded?: boolean; complaint?: boolean } = {}) {
  answeredCall(h, channelId, agentId, startedAt);
  const db = h.service.db;
  if (opts.recorded !== false) {
    db.prepare(`INSERT INTO recordings (name, channel_id, agent_id, direction, mode, started_at, path) VALUES (?, ?, ?, 'inbound', 'all', ?, ?)`).run(`rec-${channelId}`, channelId, agentId, startedAt, `/x/${channelId}.wav`);
  }
  if (opts.complaint) db.prepare(`INSERT INTO wrap_ups (channel_id, agent_id, category, result, complaint_id, created_at, created_by) VALUES (?, ?, 'complaint', 'escalated', 1, ?, 'x')`).run(channelId, agentId, startedAt);
}

beforeAll(async () => {
  h = await harness();
  qa2 = new TokensRepo(h.service.db).create({ name: 'sun-qa', role: 'qa' }, T0).token;
  // A week of agent 1001: 8 ordinary recorded calls, one complaint call, one call not recorded; agent 1002: 2 calls.
  for (let i = 0; i < 8; i++) call(`w-1001-${i}`, '1001', T0 - 6 * day + i * 3_600_000);
  call('w-1001-complaint', '1001', T0 - 2 * day, { complaint: true });
  call('w-1001-unrecorded', '1001', T0 - 2 * day + 60_000, { recorded: false });
  call('w-1002-0', '1002', T0 - 3 * day);
  call('w-1002-1', '1002', T0 - 1 * day);
  const r = await h.as('qa', { method: 'POST', url: '/api/v1/qa/forms', payload: form });
  expect(r.statusCode).toBe(201);
  formId = r.json().id;
});
afterAll(async () => h.close());

const score = (who: 'qa' | { authorization: string } | 'agent' | 'supervisor', answers: Record<string, number>, channelId = 'w-1001-complaint', comments: object[] = []) =>
  h.as(who, { method: 'POST', url: '/api/v1/qa/scores', payload: { channelId, formId, answers, comments } });

describe('sampling', () => {
  it('picks every recorded complaint call and N random recorded calls per agent, the same for the same seed', async () => {
    const url = `/api/v1/qa/sample?from=${encodeURIComponent(new Date(T0 - 7 * day).toISOString())}&to=${encodeURIComponent(new Date(T0).toISOString())}&perAgent=3&seed=11`;
    const r = await h.as('qa', { method: 'GET', url });
    expect(r.statusCode).toBe(200);
    const items = r.json().items as Array<{ channelId: string; agentId: string; reason: string }>;
    expect(items.filter((p) => p.reason === 'complaint').map((p) => p.channelId)).toEqual(['w-1001-complaint']);
    const random1001 = items.filter((p) => p.agentId === '1001' && p.reason === 'random').map((p) => p.channelId);
    expect(random1001).toHaveLength(3);
    expect(random1001.every((id) => /^w-1001-[0-7]$/.test(id))).toBe(true);
    expect(items.filter((p) => p.agentId === '1002').map((p) => p.channelId)).toEqual(['w-1002-0', 'w-1002-1']);
    expect((await h.as('qa', { method: 'GET', url })).json()).toEqual(r.json());
    expect((await h.as('agent', { method: 'GET', url })).statusCode).toBe(403);
  });
});

describe('scoring and calibration', () => {
  let first: number;
  it('scores a call on the form with time-stamped comments; a second scorer differing by more than the threshold flags it', async () => {
    const a = await score('qa', { greeting: 10, accuracy: 45, attitude: 35, secrecy: 1 }, 'w-1001-complaint', [{ atMs: 42_000, text: '核实了用户地址' }]);
    expect(a.statusCode).toBe(201);
    expect(a.json().score).toMatchObject({ total: 90, scorer: 'zhao-qa', agentId: '1001', comments: [{ atMs: 42_000, text: '核实了用户地址', by: 'zhao-qa' }] });
    expect(a.json().call.calibration).toEqual([{ formId, scorers: 1, spread: 0, threshold: 10, flagged: false }]);
    first = a.json().score.id;
    const b = await score({ authorization: `Bearer ${qa2}` }, { greeting: 5, accuracy: 30, attitude: 40, secrecy: 1 });
    expect(b.json().score.total).toBe(75);
    expect(b.json().call.calibration).toEqual([{ formId, scorers: 2, spread: 15, threshold: 10, flagged: true }]);
    const flagged = (await h.as('supervisor', { method: 'GET', url: '/api/v1/qa/flagged' })).json().items;
    expect(flagged.map((c: { channelId: string }) => c.channelId)).toEqual(['w-1001-complaint']);
  });

  it('does not flag two scores within the threshold, and zeroes a score with a fatal item failed', async () => {
    expect((await score('qa', { greeting: 10, accuracy: 50, attitude: 40, secrecy: 1 }, 'w-1002-0')).json().call.calibration[0].flagged).toBe(false);
    const fatal = await score({ authorization: `Bearer ${qa2}` }, { greeting: 10, accuracy: 50, attitude: 40, secrecy: 0 }, 'w-1002-1');
    expect(fatal.json().score).toMatchObject({ total: 0, fatalFailed: ['secrecy'] });
    const near = await score({ authorization: `Bearer ${qa2}` }, { greeting: 10, accuracy: 45, attitude: 35, secrecy: 1 }, 'w-1002-0');
    expect(near.json().call.calibration[0]).toMatchObject({ spread: 10, flagged: false });
  });

  it('refuses a second score by the same scorer, bad answers naming the item, a form for another line, and agents', async () => {
    const again = await score('qa', { greeting: 10, accuracy: 45, attitude: 35, secrecy: 1 });
    expect([again.statusCode, again.json().code]).toEqual([409, 'QA_ALREADY_SCORED']);
    const bad = await score('supervisor', { greeting: 11, accuracy: 45, attitude: 35, secrecy: 1 });
    expect([bad.statusCode, bad.json().code, bad.json().details.field]).toEqual([422, 'QA_BAD_ANSWERS', 'answers.greeting']);
    const other = await h.as('qa', { method: 'POST', url: '/api/v1/qa/forms', payload: { ...form, scope: { kind: 'line', number: '95598' } } });
    const wrong = await h.as('qa', { method: 'POST', url: '/api/v1/qa/scores', payload: { channelId: 'w-1001-0', formId: other.json().id, answers: {} } });
    expect(wrong.json().code).toBe('QA_FORM_NOT_FOR_CALL');
    expect((await score('agent', { greeting: 10, accuracy: 45, attitude: 35, secrecy: 1 })).statusCode).toBe(403);
  });

  it('lets the agent see their scores and comments and dispute one once, but not see or answer another agent’s', async () => {
    const mine = (await h.as('agent', { method: 'GET', url: '/api/v1/qa/scores' })).json().items as Array<{ id: number; agentId: string }>;
    expect(mine.length).toBe(2);
    expect(mine.every((s) => s.agentId === '1001')).toBe(true);
    const view = (await h.as('agent', { method: 'GET', url: '/api/v1/qa/calls/w-1001-complaint' })).json();
    expect(view.scores[0].comments[0].text).toBe('核实了用户地址');
    expect(view.calibration[0].flagged).toBe(true);
    expect((await h.as('agent', { method: 'GET', url: '/api/v1/qa/calls/w-1002-0' })).statusCode).toBe(404);
    const noNote = await h.as('agent', { method: 'POST', url: `/api/v1/qa/scores/${first}/response`, payload: { response: 'disputed' } });
    expect([noNote.statusCode, noNote.json().details.field]).toEqual([400, 'note']);
    const d = await h.as('agent', { method: 'POST', url: `/api/v1/qa/scores/${first}/response`, payload: { response: 'disputed', note: '地址是用户口述的' } });
    expect(d.json()).toMatchObject({ response: 'disputed', responseNote: '地址是用户口述的', respondedAt: T0 });
    const twice = await h.as('agent', { method: 'POST', url: `/api/v1/qa/scores/${first}/response`, payload: { response: 'acknowledged' } });
    expect([twice.statusCode, twice.json().code]).toEqual([409, 'QA_ALREADY_ANSWERED']);
    expect((await h.as('agent2', { method: 'POST', url: `/api/v1/qa/scores/${first}/response`, payload: { response: 'acknowledged' } })).statusCode).toBe(404);
    const audit = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=qa-score' })).json().items as Array<{ action: string; actor: string }>;
    expect(audit[0]).toMatchObject({ action: 'qa.dispute', actor: 'agent-1001' });
    expect(audit.filter((a) => a.action === 'qa.score').length).toBe(5);
  });

  it('adds a later comment in recording order, only to the scorer’s own score', async () => {
    const c = await h.as('qa', { method: 'POST', url: `/api/v1/qa/scores/${first}/comments`, payload: { atMs: 5_000, text: '开场白完整' } });
    expect(c.json().comments.map((x: { atMs: number }) => x.atMs)).toEqual([5_000, 42_000]);
    expect((await h.as({ authorization: `Bearer ${qa2}` }, { method: 'POST', url: `/api/v1/qa/scores/${first}/comments`, payload: { atMs: 1, text: 'x' } })).statusCode).toBe(404);
  });
});

describe('scorecards', () => {
  it('computes the three KPIs by hand from the scores and wrap-ups above, latest score per call, and ranks them', async () => {
    const range = `from=${encodeURIComponent(new Date(T0 - 7 * day).toISOString())}&to=${encodeURIComponent(new Date(T0).toISOString())}`;
    const r = await h.as('manager', { method: 'GET', url: `/api/v1/qa/scorecards?${range}` });
    expect(r.statusCode).toBe(200);
    const card = (a: string) => r.json().items.find((c: { agentId: string }) => c.agentId === a);
    // 1001: one wrap-up (the complaint call); its latest score (sun-qa, 75) has accuracy 30 of 50, a record error:
    // accuracy (1 − 1) / 1 = 0; service 75 < 80: 0 / 1; resolution: escalated, 0 / 1.
    expect([card('1001').recordAccuracy.rate, card('1001').serviceMet.rate, card('1001').fcr.rate]).toEqual([0, 0, 0]);
    // 1002: no wrap-ups (no accuracy rate); latest scores 90 and 0: service 1 / 2; no wrap-ups to resolve.
    expect([card('1002').recordAccuracy.rate, card('1002').serviceMet, card('1002').fcr.rate]).toEqual([null, { rate: 0.5, numerator: 1, denominator: 2, target: 0.75, met: false }, null]);
    // Teams are the agents' strongest skill groups in the sample config (1001 vip 8, 1002 complaint 6): each leads its own.
    expect([card('1001').team, card('1001').rank, card('1002').team, card('1002').rank]).toEqual(['vip', 1, 'complaint', 1]);
    const mine = await h.as('agent', { method: 'GET', url: `/api/v1/qa/scorecards?${range}` });
    expect(mine.json().items.map((c: { agentId: string }) => c.agentId)).toEqual(['1001']);
  });
});
