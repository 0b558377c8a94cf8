/**
 * The main thread's side of the report worker (report-worker.ts): posts a job and resolves with its result. The
 * worker starts on the first job and stays (its start-up, with the TypeScript loader in development, costs more
 * than a month's report); it does not keep the process alive.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { HotlineError } from '../errors.js';
import type { ReportInputs } from './compute-report.js';
import type { HourlyReport } from './hourly.js';
import type { Report } from './report-model.js';

export type ReportJob = { kind: 'kpis'; inputs: ReportInputs } | { kind: 'hourly'; from: number; to: number; timeZone: string };

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void };

// Run from the TypeScript sources (tsx, vitest) the worker is a .ts file and registers tsx's loader in its own thread
// first (loader hooks are not shared with workers on Node 20); built, it is plain .js.
const fromSources = import.meta.url.endsWith('.ts');
const workerUrl = new URL(fromSources ? './report-worker.ts' : './report-worker.js', import.meta.url);
const tsxApi = fromSources ? pathToFileURL(join(dirname(createRequire(import.meta.url).resolve('tsx/package.json')), 'dist/esm/api/index.mjs')).href : '';
const sourcesEntry = `import(${JSON.stringify(tsxApi)}).then((tsx) => tsx.tsImport(${JSON.stringify(workerUrl.href)}, ${JSON.stringify(import.meta.url)}))`;

export class ReportThread {
  private worker: Worker | undefined;
  private seq = 0;
  private readonly pending = new Map<number, Pending>();

  /** `dbPath`: the service's SQLite file (an in-memory database cannot be shared with a thread). */
  constructor(private readonly dbPath: string) {}

  kpis(inputs: ReportInputs): Promise<Report> {
    return this.run({ kind: 'kpis', inputs }) as Promise<Report>;
  }

  hourly(from: number, to: number, timeZone: string): Promise<HourlyReport> {
    return this.run({ kind: 'hourly', from, to, timeZone }) as Promise<HourlyReport>;
  }

  /** Stops the worker; a later job starts a new one. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }

  private run(job: ReportJob): Promise<unknown> {
    const worker = (this.worker ??= this.start());
    const id = ++this.seq;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      worker.postMessage({ id, job });
    });
  }

  private start(): Worker {
    const workerData = { dbPath: this.dbPath };
    const worker = fromSources ? new Worker(sourcesEntry, { eval: true, workerData }) : new Worker(workerUrl, { workerData });
    worker.unref();
    worker.on('message', ({ id, result, error }: { id: number; result?: unknown; error?: string }) => {
      const p = this.pending.get(id);
      this.pending.delete(id);
      if (!p) return;
      if (error !== undefined) p.reject(new HotlineError('STORE_FAILED', `report failed: ${error}`));
      else p.resolve(result);
    });
    const fail = (error: Error) => {
      if (this.worker === worker) this.worker = undefined;
      for (const p of this.pending.values()) p.reject(new HotlineError('STORE_FAILED', `report worker stopped: ${error.message}`, { error }));
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`exit code ${code}`)));
    return worker;
  }
}
