/**
 * Reports over the database: the fixture day stored as call rows, agent legs and attempts gives the hand-computed
 * numbers through the query layer; the files hold them; the schedule writes each report at its Shanghai time.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dayPeriod, latestDuePeriods } from '../../../src/reports/report-period.js';
import { AgentStatesRepo } from '../../../src/store/agent-states-repo.js';
import { harness, type Harness } from '../api/harness.js';
import { attempts, DAY, inboundCalls, rings } from './fixture.js';

const H = 3_600_000;
const tz = 'Asia/Shanghai';
const local = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).toFormat("yyyy-MM-dd'T'HH:mm");

function store(h: Harness): void {
  const { db, repo } = h.service;
  inboundCalls.forEach((c, i) => repo.insert({ channelId: `in-${i}`, direction: 'inbound', ...c, ivrPath: [...c.ivrPath] }));
  rings.forEach((r, i) => repo.insert({ channelId: `leg-${i}`, direction: 'outbound', startedAt: DAY + 10 * H, calledNumber: r.agentId, answeredAt: r.answered ? DAY + 10 * H : null }));
  // Noise the report must leave out: a transfer leg, an outbound campaign leg, a call on the day before.
  repo.insert({ channelId: 'leg-transfer', direction: 'outbound', startedAt: DAY + 10 * H, calledNumber: '13900000000' });
  repo.insert({ channelId: 'dial-1', direction: 'outbound', startedAt: DAY + 11 * H, calledNumber: '13900000001', campaignId: 1 });
  repo.insert({ channelId: 'yesterday', direction: 'inbound', startedAt: DAY - 1, endedIn: 'queue-abandon', queueGroup: 'general' });
  repo.flush();
  const c1 = h.service.campaigns.create('sales', {}, DAY).id;
  const c2 = h.service.campaigns.create('survey', {}, DAY).id;
  const leadOf = new Map<number, number>();
  for (const a of attempts) {
    const campaignId = a.campaignId === 1 ? c1 : c2;
    if (!leadOf.has(a.leadId)) leadOf.set(a.leadId, h.service.leads.insert({ campaignId, phone: `+861380013${String(8000 + a.leadId)}`, now: DAY }));
  }
  const insert = db.prepare(
    `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, agent_id, disposition)
     VALUES (?, ?, 'x', ?, 'new', ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const at = DAY + 11 * H;
  attempts.forEach((a, i) => {
    // A live answer an agent took; the abandoned one never reached an agent.
    const connected = a.outcome === 'human';
    insert.run(a.campaignId === 1 ? c1 : c2, leadOf.get(a.leadId), i + 1, at, at, a.answered ? at + 8000 : null, connected ? at + 9000 : null, at + 60_000, a.outcome, connected ? '1001' : null, a.disposition);
  });
  // The 30 days before the day's end hold more live answers of campaign 1 (for the FCC window), none of the day.
  for (let i = 0; i < 40; i++) insert.run(c1, leadOf.get(1), 100 + i, DAY - 5 * 24 * H, DAY - 5 * 24 * H, DAY - 5 * 24 * H, null, DAY - 5 * 24 * H, 'human', null, 'not-interested');
  // 1001 worked 08:00–12:00, 1002 10:00–12:00.
  new AgentStatesRepo(db).add([
    { agentId: '1001', state: 'ready', reason: null, at: DAY + 8 * H },
    { agentId: '1002', state: 'ready', reason: null, at: DAY + 10 * H },
    { agentId: '1001', state: 'logged-out', reason: null, at: DAY + 12 * H },
    { agentId: '1002', state: 'logged-out', reason: null, at: DAY + 12 * H },
  ]);
}

describe('reports over the database', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    h.clock.set(DAY + 30 * H);
    store(h);
  });
  afterAll(async () => h.close());

  it('gives the hand-computed numbers for the day', () => {
    const r = h.api.reports.compute(dayPeriod(DateTime.fromMillis(DAY, { zone: tz })));
    expect(r.inbound).toMatchObject({ calls: 10, offered: 7, answered: 4, answeredWithin10s: 3, answerRate10s: 0.3, answerRate10sOfOffered: 0.4286, abandoned: 2, abandonRate: 0.2857, avgWaitS: 13, ahtS: 137.5 });
    // 1001: 2 inbound + 5 connected outbound (the six live answers but the abandoned one) over 4 h; 1002: 2 over 2 h.
    expect(r.inbound.agents.map((a) => [a.agentId, a.rung, a.missed, a.handledInbound, a.handledOutbound, a.staffedHours, a.callsPerHour])).toEqual([
      ['1001', 3, 1, 2, 5, 4, 1.75],
      ['1002', 2, 0, 2, 0, 2, 1],
    ]);
    expect(r.outbound).toMatchObject({ dials: 12, connects: 6, contactRate: 0.5, successRate: 0.3333, wrongPartyRate: 0.1667, deadNumberRate: 0.25, abandonRate: 0.1667, attemptsPerLead: 1.2 });
    // The day's abandon (lead 6) against its 5 live answers (24 h) and, with the 40 of five days before, 45 (30 days).
    expect(r.outbound.compliance).toEqual([
      { campaignId: 1, window: '24h', liveAnswers: 5, abandoned: 1, rate: 0.2, over: true },
      { campaignId: 1, window: '30d', liveAnswers: 45, abandoned: 1, rate: 0.0222, over: false },
      { campaignId: 2, window: '24h', liveAnswers: 1, abandoned: 0, rate: 0, over: false },
      { campaignId: 2, window: '30d', liveAnswers: 1, abandoned: 0, rate: 0, over: false },
    ]);
    expect(r.outbound.completion.map((c) => [c.name, c.leads, c.final])).toEqual([
      ['sales', 8, 0],
      ['survey', 2, 0],
    ]);
  });

  it('serves the same numbers on demand, as JSON, CSV and XLSX', async () => {
    const json = await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-09' });
    expect(json.statusCode).toBe(200);
    expect(json.json()).toMatchObject({ period: { kind: 'range', label: '2026-03-09_2026-03-09', from: DAY, to: DAY + 24 * H }, timeZone: tz, inbound: { answerRate10s: 0.3, ahtS: 137.5 }, outbound: { contactRate: 0.5 } });
    const csv = await h.as('read-only', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-09&format=csv' });
    expect(csv.headers['content-type']).toMatch(/^text\/csv/);
    expect(csv.body).toContain('summary,inbound.answerRate10s,接起率 answer rate (10 s),0.3\r\n');
    const xlsx = await h.as('manager', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-09&format=xlsx' });
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.rawPayload as unknown as ArrayBuffer);
    expect(book.worksheets.map((w) => w.name)).toEqual(['summary', 'agents', 'ivr-nodes', 'hot-issues', 'call-categories', 'hot-issues-by-category', 'hot-issues-by-choice', 'complaints-by-category', 'complaints-by-department', 'kpi-targets', 'kpi-ranking', 'campaigns', 'completion', 'compliance']);
    // Two days: the call of the day before comes in.
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-08&to=2026-03-09' })).json().inbound.abandoned).toBe(3);
    const bad = await h.as('manager', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-08' });
    expect([bad.statusCode, bad.json().details.field]).toEqual([400, 'to']);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-02-30&to=2026-03-08' })).json().details.field).toBe('to');
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/reports/kpis?from=9.3.2026&to=2026-03-08' })).json().details.field).toBe('from');
  });

  it('writes CSV and XLSX files that hold the numbers, and serves them', async () => {
    const run = await h.as('manager', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'daily', date: '2026-03-09' } });
    expect(run.statusCode).toBe(201);
    expect(run.json()).toMatchObject({ kind: 'daily', label: '2026-03-09', csv: '/api/v1/reports/files/hotline-daily-2026-03-09.csv', xlsx: '/api/v1/reports/files/hotline-daily-2026-03-09.xlsx' });
    const csv = readFileSync(join(h.config.api.reports.dir, 'hotline-daily-2026-03-09.csv'), 'utf8');
    expect(csv.startsWith('\uFEFFsheet,key,label,value\r\n')).toBe(true);
    expect(csv).toContain('summary,inbound.ahtS,平均处理时长(秒) AHT,137.5\r\n');
    expect(csv).toContain('agents,1001,3,2,1,0.3333,2,5,4,1.75,110\r\n');
    expect(csv).toContain('hot-issues,main_menu,1,3,0.375\r\n');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(h.config.api.reports.dir, 'hotline-daily-2026-03-09.xlsx'));
    const summary = book.getWorksheet('summary')!;
    const rows = new Map<string, unknown>();
    summary.eachRow((row) => rows.set(String(row.getCell(1).value), row.getCell(3).value));
    expect([rows.get('inbound.answerRate10s'), rows.get('inbound.answerRate10sOfOffered'), rows.get('inbound.abandonRate'), rows.get('outbound.contactRate')]).toEqual([0.3, 0.4286, 0.2857, 0.5]);
    const dl = await h.as('read-only', { method: 'GET', url: '/api/v1/reports/files/hotline-daily-2026-03-09.csv' });
    expect([dl.statusCode, dl.body]).toEqual([200, csv]);
    expect((await h.as('read-only', { method: 'GET', url: '/api/v1/reports/files/hotline-daily-2026-03-10.csv' })).statusCode).toBe(404);
    expect((await h.as('read-only', { method: 'GET', url: '/api/v1/reports/files/..%2Fh.db' })).statusCode).toBe(400);
    expect((await h.as('manager', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'weekly' } })).json().details.field).toBe('date');
  });
});

describe('report schedule (Asia/Shanghai, injected clock)', () => {
  it('finds the latest due day, week and month at any moment', () => {
    const at = (iso: string) => latestDuePeriods(Date.parse(iso), { timeZone: tz, dailyAt: '06:00', weeklyAt: '06:00', monthlyDay: 1, monthlyAt: '06:00' }).map((p) => p.label);
    expect(at('2026-03-31T05:59:00+08:00')).toEqual(['2026-03-29', '2026-W12', '2026-02']);
    expect(at('2026-03-31T06:00:00+08:00')).toEqual(['2026-03-30', '2026-W13', '2026-02']);
    expect(at('2026-04-01T06:00:00+08:00')).toEqual(['2026-03-31', '2026-W13', '2026-03']);
    // 22:00 UTC is already 06:00 the next day in Shanghai.
    expect(at('2026-03-30T22:00:00Z')).toEqual(['2026-03-30', '2026-W13', '2026-02']);
  });

  it('writes each report once, at its local time, minute by minute over four days', async () => {
    const h = await harness((c) => {
      c.api.reports.dailyAt = '06:00';
      c.api.reports.weeklyAt = '07:30';
      c.api.reports.monthlyDay = 1;
      c.api.reports.monthlyAt = '08:15';
    });
    try {
      const start = Date.parse('2026-03-30T00:00:00+08:00'); // a Monday
      h.clock.set(start);
      await h.api.reports.tick(start); // the catch-up for what fell due before the clock started
      const fired: string[] = [];
      for (let t = start + 60_000; t < start + 4 * 24 * H; t += 60_000) {
        h.clock.set(t);
        for (const run of await h.api.reports.tick(t)) fired.push(`${local(t)} ${run.kind} ${run.label}`);
      }
      expect(fired).toEqual([
        '2026-03-30T06:00 daily 2026-03-29',
        '2026-03-31T06:00 daily 2026-03-30',
        '2026-03-31T07:30 weekly 2026-W13',
        '2026-04-01T06:00 daily 2026-03-31',
        '2026-04-01T08:15 monthly 2026-03',
        '2026-04-02T06:00 daily 2026-04-01',
      ]);
      const runs = (await h.as('read-only', { method: 'GET', url: '/api/v1/reports?kind=weekly' })).json().items;
      expect(runs[0]).toMatchObject({ label: '2026-W13', periodFrom: Date.parse('2026-03-23T00:00:00+08:00'), periodTo: Date.parse('2026-03-30T00:00:00+08:00') });
      const monthly = (await h.as('read-only', { method: 'GET', url: '/api/v1/reports?kind=monthly' })).json().items[0];
      expect(monthly).toMatchObject({ label: '2026-03', periodFrom: Date.parse('2026-03-01T00:00:00+08:00'), periodTo: Date.parse('2026-04-01T00:00:00+08:00') });
      for (const f of ['hotline-daily-2026-03-29', 'hotline-weekly-2026-W13', 'hotline-monthly-2026-03']) {
        expect(existsSync(join(h.config.api.reports.dir, `${f}.csv`)), f).toBe(true);
        expect(existsSync(join(h.config.api.reports.dir, `${f}.xlsx`)), f).toBe(true);
      }
    } finally {
      await h.close();
    }
  }, 120_000);

  it('runs only in a service that listens: an app built for inject() never writes reports', async () => {
    const cron = (await import('node-cron')).default;
    const h = await harness((c) => (c.api.reports.enabled = true));
    try {
      const before = cron.getTasks().size;
      await h.app.inject({ method: 'GET', url: '/health' });
      expect(cron.getTasks().size).toBe(before);
      await h.app.listen({ host: '127.0.0.1', port: 0 });
      expect(cron.getTasks().size).toBe(before + 1);
    } finally {
      await h.close();
    }
  });
});
