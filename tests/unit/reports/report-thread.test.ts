/**
 * The report worker thread gives what the same math gives on the main thread, over a file database, and a failure in
 * the worker comes back as STORE_FAILED.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { computeReport } from '../../../src/reports/compute-report.js';
import { hourlyReport } from '../../../src/reports/hourly.js';
import { ReportThread } from '../../../src/reports/report-thread.js';
import { isHotlineError } from '../../../src/errors.js';
import { openDb, type Db } from '../../../src/store/db.js';
import { ReportQueries } from '../../../src/store/report-queries.js';
import { START, writeActivity } from './random-activity.js';

const D = 86_400_000;
const dir = mkdtempSync(join(tmpdir(), 'hotline-report-thread-'));
const file = join(dir, 'hotline.db');
let db: Db;
const thread = new ReportThread(file);

beforeAll(() => {
  db = openDb(file);
  writeActivity(db, 7, 3000);
});
afterAll(async () => {
  await thread.close();
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ReportThread', () => {
  it('computes the same KPIs and hourly breakdown as the main thread, in a worker', async () => {
    const inputs = { period: { kind: 'range' as const, label: 'test', from: START, to: START + 31 * D }, timeZone: 'Asia/Shanghai', now: START + 40 * D, agentIds: ['1001', '1002'] };
    const inline = computeReport(new ReportQueries(db), inputs);
    expect(inline.outbound.dials).toBeGreaterThan(1000);
    expect(await thread.kpis(inputs)).toEqual(inline);
    expect(await thread.hourly(START, START + 7 * D, 'Asia/Shanghai')).toEqual(hourlyReport(new ReportQueries(db), START, START + 7 * D, 'Asia/Shanghai'));
  });

  it('reports a database it cannot open as STORE_FAILED', async () => {
    const broken = new ReportThread(join(dir, 'missing.db'));
    const err = await broken.hourly(START, START + D, 'Asia/Shanghai').catch((e: unknown) => e);
    expect(isHotlineError(err, 'STORE_FAILED')).toBe(true);
    await broken.close();
  });
});
