/**
 * Recording retention: files older than recordings.retentionDays are deleted and their rows marked, so the listing
 * keeps the trace that a call was recorded. Runs on a node-cron hour and at start; time comes from the clock.
 */
import { rmSync } from 'node:fs';
import cron from 'node-cron';
import type { Logger } from 'pino';
import type { Clock } from '../clock.js';
import type { RecordingsRepo } from '../store/recordings-repo.js';

const DAY_MS = 86_400_000;

/** The start time before which a recording has outlived its retention. Pure. */
export function retentionCutoff(now: number, retentionDays: number): number {
  return now - retentionDays * DAY_MS;
}

export interface RetentionDeps {
  recordings: RecordingsRepo;
  retentionDays: number;
  /** Hour of day (server local time) the daily purge runs. */
  purgeHour: number;
  clock: Clock;
  log: Logger;
}

/** Deletes expired recordings; returns how many rows it marked. A file already gone is marked all the same. */
export function purgeRecordings(d: Omit<RetentionDeps, 'purgeHour'>): number {
  const cutoff = retentionCutoff(d.clock.now(), d.retentionDays);
  let marked = 0;
  for (;;) {
    const batch = d.recordings.expired(cutoff);
    let inBatch = 0;
    for (const r of batch) {
      try {
        rmSync(r.path, { force: true });
      } catch (err) {
        // A file we may not delete stays, and so does its row: the next run tries again, the log says why.
        d.log.error({ err, recording: r.name }, 'recording file could not be deleted');
        continue;
      }
      d.recordings.markDeleted(r.id, d.clock.now());
      inBatch += 1;
    }
    marked += inBatch;
    // A short batch was the last; one with failures would come back the same, so it waits for the next run.
    if (batch.length < 1000 || inBatch < batch.length) break;
  }
  if (marked) d.log.info({ marked, retentionDays: d.retentionDays }, 'recordings past retention deleted');
  return marked;
}

/** Purges now and then daily at purgeHour; returns the stop function. */
export function scheduleRetention(d: RetentionDeps): () => void {
  const run = () => {
    try {
      purgeRecordings(d);
    } catch (err) {
      d.log.error({ err }, 'recording retention failed');
    }
  };
  run();
  const job = cron.schedule(`17 ${d.purgeHour} * * *`, run, { name: 'recording-retention' });
  return () => void job.stop();
}
