import type { Db } from './db.js';

export type ReportKind = 'daily' | 'weekly' | 'monthly' | 'range';

export interface ReportRun {
  id: number;
  kind: ReportKind;
  /** 2026-03-09, 2026-W11, 2026-03, or from_to for a range. */
  label: string;
  periodFrom: number;
  periodTo: number;
  csvFile: string;
  xlsxFile: string;
  createdAt: number;
}

const select = `SELECT id, kind, label, period_from AS periodFrom, period_to AS periodTo, csv_file AS csvFile, xlsx_file AS xlsxFile,
  created_at AS createdAt FROM report_runs`;

/** The report files written so far; one per kind and period. */
export class ReportRunsRepo {
  constructor(private readonly db: Db) {}

  /** Records (or replaces) the files of one report. */
  put(r: Omit<ReportRun, 'id'>): ReportRun {
    this.db
      .prepare(
        `INSERT INTO report_runs (kind, label, period_from, period_to, csv_file, xlsx_file, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (kind, label) DO UPDATE SET period_from = excluded.period_from, period_to = excluded.period_to,
           csv_file = excluded.csv_file, xlsx_file = excluded.xlsx_file, created_at = excluded.created_at`,
      )
      .run(r.kind, r.label, r.periodFrom, r.periodTo, r.csvFile, r.xlsxFile, r.createdAt);
    return this.find(r.kind, r.label)!;
  }

  /** The run of a kind and period, if written. */
  find(kind: ReportKind, label: string): ReportRun | undefined {
    return this.db.prepare(`${select} WHERE kind = ? AND label = ?`).get(kind, label) as ReportRun | undefined;
  }

  /** The run that wrote this file name. */
  byFile(file: string): ReportRun | undefined {
    return this.db.prepare(`${select} WHERE csv_file = ? OR xlsx_file = ?`).get(file, file) as ReportRun | undefined;
  }

  /** Runs, newest period first, optionally of one kind. */
  list(kind?: ReportKind, limit = 200): ReportRun[] {
    return (kind
      ? this.db.prepare(`${select} WHERE kind = ? ORDER BY period_from DESC, id DESC LIMIT ?`).all(kind, limit)
      : this.db.prepare(`${select} ORDER BY period_from DESC, id DESC LIMIT ?`).all(limit)) as ReportRun[];
  }
}
