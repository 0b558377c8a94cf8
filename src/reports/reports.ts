/**
 * The reports shell: fetches rows for a period, runs the pure math, writes CSV and XLSX, records the run, and on a
 * node-cron minute writes whatever scheduled report is due and missing (so a service that was down catches up).
 */
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { KpiSettings } from '../qa/kpis.js';
import type { Config } from '../config/schema.js';
import type { ReportRun, ReportRunsRepo } from '../store/report-runs-repo.js';
import type { Store } from '../store/store.js';
import { computeReport, type ReportInputs } from './compute-report.js';
import { hourlyReport, type HourlyReport } from './hourly.js';
import { writeReportFiles } from './report-files.js';
import { reportSheets, type Report } from './report-model.js';
import { latestDuePeriods, type Period } from './report-period.js';
import type { ReportThread } from './report-thread.js';

export interface ReportsDeps {
  /** What a report reads (reportQueries) and the runs written so far (reportRuns). */
  store: Pick<Store, 'reportQueries' | 'reportRuns' | 'wrapUps'>;
  clock: Clock;
  config: Config['api']['reports'];
  /** Agent ids the ACD knows (their legs are told apart from transfers by these). */
  agentIds: () => string[];
  /** Issue 16: the quality KPIs' settings (`kpis` in the config) and each agent's team, for the ranking. */
  quality?: { settings: KpiSettings; teams: () => Record<string, string> };
  log: Logger;
  /** Writes queued call rows before a report reads them. */
  flushCalls?: () => void;
  /** Where reports are computed off the event loop; without it (an in-memory database) they run inline. */
  thread?: ReportThread;
}

/** Computes, writes and schedules reports. */
export class Reports {
  readonly runs: ReportRunsRepo;
  private running: Promise<ReportRun[]> | null = null;

  constructor(private readonly d: ReportsDeps) {
    this.runs = d.store.reportRuns;
  }

  /** The KPIs of a period, computed now on this thread. */
  compute(period: Period): Report {
    this.d.flushCalls?.();
    return computeReport(this.d.store.reportQueries, this.inputs(period));
  }

  /** The KPIs of a period, computed now off the event loop when a report thread is there. */
  async kpis(period: Period): Promise<Report> {
    if (!this.d.thread) return this.compute(period);
    this.d.flushCalls?.();
    return this.d.thread.kpis(this.inputs(period));
  }

  /** The hourly breakdown of [from, to), off the event loop when a report thread is there. */
  async hourly(from: number, to: number): Promise<HourlyReport> {
    this.d.flushCalls?.();
    const tz = this.d.config.timeZone;
    return this.d.thread ? this.d.thread.hourly(from, to, tz) : hourlyReport(this.d.store.reportQueries, from, to, tz);
  }

  private inputs(period: Period): ReportInputs {
    const q = this.d.quality;
    return { period, timeZone: this.d.config.timeZone, now: this.d.clock.now(), agentIds: this.d.agentIds(), ...(q ? { quality: { settings: q.settings, teams: q.teams() } } : {}) };
  }

  /** Computes a period and writes its files; returns the recorded run. */
  async write(period: Period): Promise<ReportRun> {
    const report = await this.kpis(period);
    const files = await writeReportFiles(this.d.config.dir, `hotline-${period.kind}-${period.label}`, reportSheets(report));
    const run = this.runs.put({
      kind: period.kind,
      label: period.label,
      periodFrom: period.from,
      periodTo: period.to,
      csvFile: files.csv,
      xlsxFile: files.xlsx,
      createdAt: this.d.clock.now(),
    });
    this.d.log.info({ kind: period.kind, label: period.label, csv: files.csv }, 'report written');
    return run;
  }

  /** Writes each scheduled report that is due at `now` and not written yet; one pass at a time. */
  tick(now = this.d.clock.now()): Promise<ReportRun[]> {
    this.running ??= (async () => {
      const written: ReportRun[] = [];
      for (const p of latestDuePeriods(now, this.d.config)) {
        if (this.runs.find(p.kind, p.label)) continue;
        written.push(await this.write(p));
      }
      return written;
    })().finally(() => {
      this.running = null;
    });
    return this.running;
  }

  /** Checks every minute with node-cron; returns the stop function. */
  schedule(): () => void {
    const job = cron.schedule(
      '* * * * *',
      () => {
        this.tick().catch((err) => this.d.log.error({ err }, 'scheduled report failed'));
      },
      { name: 'reports' },
    );
    return () => void job.stop();
  }
}
