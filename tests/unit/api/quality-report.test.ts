/**
 * The quality KPIs' ranking per team in the weekly report (issue 16 item 2), computed in the report worker from QA
 * scores and wrap-ups and written to the CSV and XLSX files, checked against a hand computation; the targets come
 * from the config (`kpis`), which /qa/scorecards uses too.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';
import { answeredCall, hotlineForm } from './qa-fixtures.js';

let h: Harness;
let formId: number;
const hour = 3_600_000;
const form = hotlineForm;

/** An answered inbound call of `agentId`, `hAgo` hours before T0, wrapped up as category/result. */
function call(channelId: string, agentId: string, hAgo: number, category: string, result: string): void {
  const startedAt = T0 - hAgo * hour;
  answeredCall(h, channelId, agentId, startedAt);
  h.service.db.prepare(`INSERT INTO wrap_ups (channel_id, agent_id, category, result, created_at, created_by) VALUES (?, ?, ?, ?, ?, 'x')`).run(channelId, agentId, category, result, startedAt + 70_000);
}

async function score(who: 'qa' | 'supervisor', channelId: string, greeting: number, accuracy: number, attitude: number): Promise<void> {
  const r = await h.as(who, { method: 'POST', url: '/api/v1/qa/scores', payload: { channelId, formId, answers: { greeting, accuracy, attitude } } });
  expect(r.statusCode).toBe(201);
}

beforeAll(async () => {
  // The centre's own target for 服务指标达标率: 60 % instead of the seed's 75 %.
  h = await harness((c) => void (c.kpis.serviceTarget = 0.6));
  formId = (await h.as('qa', { method: 'POST', url: '/api/v1/qa/forms', payload: form })).json().id;
  // Week 2026-W11 (Mon 9 – Sun 15 March, Shanghai); T0 is Tuesday 10:00. Teams (strongest skill group in the
  // sample config): 1001 vip; 1002 and 1004 complaint.
  call('q-1002-1', '1002', 1, 'repair', 'resolved');
  call('q-1002-2', '1002', 2, 'consult', 'resolved');
  call('q-1002-3', '1002', 3, 'repair', 'escalated');
  call('q-1002-4', '1002', 4, 'consult', 'escalated');
  call('q-1004-1', '1004', 5, 'repair', 'resolved');
  call('q-1004-2', '1004', 6, 'repair', 'resolved');
  call('q-1001-1', '1001', 7, 'repair', 'resolved');
  // Sunday 8 March, the week before: not in W11.
  call('q-1003-old', '1003', 46, 'repair', 'resolved');
  await score('qa', 'q-1002-1', 10, 50, 30); // 90
  await score('qa', 'q-1002-2', 10, 40, 40); // 90, accuracy 40 of 50: a record error
  await score('qa', 'q-1002-4', 10, 50, 40); // 100, then rescored after calibration:
  h.clock.set(T0 + 60_000);
  await score('supervisor', 'q-1002-4', 10, 50, 10); // 70, the latest: it counts
  await score('qa', 'q-1004-1', 10, 50, 40); // 100
  await score('qa', 'q-1001-1', 10, 20, 40); // 70, a record error
  await score('qa', 'q-1003-old', 0, 0, 0); // outside the week
});
afterAll(async () => h.close());

// By hand, with targets 95 %, 60 % (config), 95 % and pass mark 80:
// 1002: 4 wrap-ups, 1 record error → 3/4 = 0.75 (no); scored 90, 90, 70 → 2/3 = 0.6667 (yes, ≥ 0.6);
//       scored calls with a wrap-up 3, resolved 2 → 2/3 = 0.6667 (no); 1 met, mean (0.75 + 0.6667 + 0.6667) / 3 = 0.6945.
// 1004: 2 wrap-ups, 0 errors → 1 (yes); 100 → 1/1 (yes); resolved 1/1 (yes); 3 met, mean 1.
// 1001: 1 wrap-up, 1 error → 0/1 (no); 70 → 0/1 (no); resolved 1/1 (yes); 1 met, mean 0.3333.
const expected = [
  ['complaint', '1', '1004', '3', '1', '1', '2/2', 'yes', '1', '1/1', 'yes', '1', '1/1', 'yes'],
  ['complaint', '2', '1002', '1', '0.6945', '0.75', '3/4', 'no', '0.6667', '2/3', 'yes', '0.6667', '2/3', 'no'],
  ['vip', '1', '1001', '1', '0.3333', '0', '0/1', 'no', '0', '0/1', 'no', '1', '1/1', 'yes'],
];

describe('the KPI ranking in the weekly report', () => {
  it('writes the hand-computed ranking per team to the CSV and the XLSX, with the configured targets', async () => {
    const r = await h.as('admin', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'weekly', date: '2026-03-10' } });
    expect(r.statusCode).toBe(201);
    const dir = h.config.api.reports.dir;
    const rows = parse(readFileSync(join(dir, 'hotline-weekly-2026-W11.csv'), 'utf8').replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
    expect(rows.filter((x) => x[0] === 'kpi-ranking').map((x) => x.slice(1))).toEqual(expected);
    expect(rows.find((x) => x[0] === 'kpi-targets' && x[1] === 'kpis.serviceTarget')?.[3]).toBe('0.6');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(join(dir, 'hotline-weekly-2026-W11.xlsx'));
    const sheet = book.getWorksheet('kpi-ranking')!;
    expect(sheet.getRow(1).values).toContain('recordAccuracy');
    expect((sheet.getRow(3).values as unknown[]).slice(1, 6)).toEqual(['complaint', 2, '1002', 1, 0.6945]);
  });

  it('gives the same ranking in the JSON of a range and on /qa/scorecards, and none in a daily report', async () => {
    const k = await h.as('supervisor', { method: 'GET', url: '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-15' });
    expect(k.statusCode).toBe(200);
    const ranking = k.json().quality.ranking as Array<{ agentId: string; rank: number; met: number; mean: number }>;
    expect(ranking.map((c) => [c.agentId, c.rank, c.met, c.mean])).toEqual([['1004', 1, 3, 1], ['1002', 2, 1, 0.6945], ['1001', 1, 1, 0.3333]]);
    const from = encodeURIComponent(new Date(Date.parse('2026-03-09T00:00:00+08:00')).toISOString());
    const to = encodeURIComponent(new Date(Date.parse('2026-03-16T00:00:00+08:00')).toISOString());
    const cards = await h.as('manager', { method: 'GET', url: `/api/v1/qa/scorecards?from=${from}&to=${to}` });
    expect(cards.json().settings.serviceTarget).toBe(0.6);
    expect(cards.json().items).toEqual(ranking);
    const d = await h.as('admin', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'daily', date: '2026-03-10' } });
    expect(d.statusCode).toBe(201);
    expect(readFileSync(join(h.config.api.reports.dir, 'hotline-daily-2026-03-10.csv'), 'utf8')).not.toContain('kpi-ranking');
  });
});
