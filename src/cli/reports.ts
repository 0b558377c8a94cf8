import type { Command } from 'commander';
import { rebuildRollups } from '../store/report-rollups.js';
import { withDb } from './with-db.js';

/** `hotline reports rebuild`: recomputes the report roll-ups from the attempts (after a restore, or to check them). */
export function registerReportsCommands(program: Command): void {
  const reports = program.command('reports').description('report data kept in the database');
  reports
    .command('rebuild')
    .description('recompute the hourly attempt roll-ups the reports read, from the attempts, in one transaction')
    .action(() => {
      const t0 = performance.now();
      const r = withDb(program, (db) => rebuildRollups(db));
      process.stdout.write(
        `roll-ups rebuilt in ${Math.round(performance.now() - t0)} ms: ${r.attemptHours} attempt-hour rows, ${r.agentHours} agent-hour rows, ${r.leadHours} lead-hour rows\n`,
      );
    });
}
