/**
 * The reports shell: fetches rows for a period, runs the pure math, writes CSV and XLSX, records the run, and on a
 * node-cron minute writes whatever scheduled report is due and missing (so a service that was down catches up).
 */
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { Config } from '../config/schema.js';
import type { ReportRun, ReportRunsRepo } from '../store/report-runs-repo.js';
import type { Store } from '../store/store.js';
import { staffedMs } from './agent-hours.js';
import { inboundKpis } from './inbound-kpis.js';
import { attemptKpis, callbackPunctuality, campaignCompletion, complianceWindows } from './outbound-kpis.js';
import { writeReportFiles } from './report-files.js';
import { reportSheets, type Report } from './report-model.js';
import { latestDuePeriods, type Period } from './report-period.js';

export interface ReportsDeps {
  /** What a report reads (reportQueries) and the runs written so far (reportRuns). */
  store: Pick<Store, 'reportQueries' | 'reportRuns' | 'wrapUps'>;
  clock: Clock;
  config: Config['api']['reports'];
  /** Agent ids the ACD knows (their legs are told apart from transfers by these). */
  agentIds: () => string[];
  log: Logger;
  /** Writes queued call rows before a report reads them. */
  flushCalls?: () => void;
}

// The same slack the dialer gives a callback before it calls it missed (campaign-commands.ts).
const callbackSlackMs = 15 * 60_000;

/** Computes, writes and schedules reports. */
export class Reports {
  readonly runs: ReportRunsRepo;
  private running: Promise<ReportRun[]> | null = null;

  constructor(private readonly d: ReportsDeps) {
    this.runs = d.store.reportRuns;
  }

  /** The KPIs of a period, computed now. */
  compute(period: Period): Report {
    const q = this.d.store.reportQueries;
    this.d.flushCalls?.();
    const now = this.d.clock.now();
    const campaigns = q.campaignLeadStates();
    const grace = new Map(campaigns.map((c) => [c.campaignId, graceMs(c.settings)]));
    const inbound = {
      ...inboundKpis({
        calls: q.inboundCalls(period.from, period.to),
        rings: q.agentRings(period.from, period.to, this.d.agentIds()),
        staffedMs: staffedMs(q.agentStatesBetween(period.from, period.to), period.from, period.to, now),
        outboundHandled: q.outboundHandled(period.from, period.to),
      }),
      categories: this.d.store.wrapUps.countByCategory(period.from, period.to),
    };
    const dialed = attemptKpis(q.attemptGroups(period.from, period.to), q.leadsDialed(period.from, period.to));
    const outbound = {
      ...dialed.total,
      campaigns: dialed.campaigns,
      compliance: complianceWindows(q.complianceRows(period.to)),
      callbacks: callbackPunctuality(q.callbacksDue(period.from, period.to), (id) => (grace.get(id) ?? 300_000) + callbackSlackMs, now),
      completion: campaignCompletion(campaigns),
    };
    return { period, timeZone: this.d.config.timeZone, generatedAt: now, inbound, outbound };
  }

  /** Computes a period and writes its files; returns the recorded run. */
  async write(period: Period): Promise<ReportRun> {
    const report = this.compute(period);
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

function graceMs(settings: string): number {
  try {
    const s = JSON.parse(settings) as { callbackGraceS?: unknown };
    return typeof s.callbackGraceS === 'number' ? s.callbackGraceS * 1000 : 300_000;
  } catch {
    return 300_000;
  }
}
