/**
 * The report worker thread: computes KPIs and hourly breakdowns on its own read-only connection, so a report over a
 * long range never holds the service's event loop (the abandon rule, ARI pings and the dialer tick keep running).
 * Started by report-thread.ts; one job at a time, in the order they come.
 */
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';
import { ReportQueries } from '../store/report-queries.js';
import { computeReport } from './compute-report.js';
import { hourlyReport } from './hourly.js';
import type { ReportJob } from './report-thread.js';

const { dbPath } = workerData as { dbPath: string };
const db = new Database(dbPath, { readonly: true, fileMustExist: true });
db.pragma('busy_timeout = 5000');
const q = new ReportQueries(db);

parentPort!.on('message', ({ id, job }: { id: number; job: ReportJob }) => {
  try {
    const result = job.kind === 'kpis' ? computeReport(q, job.inputs) : hourlyReport(q, job.from, job.to, job.timeZone);
    parentPort!.postMessage({ id, result });
  } catch (error) {
    parentPort!.postMessage({ id, error: (error as Error).message ?? String(error) });
  }
});
