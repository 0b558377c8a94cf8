import type { Command } from 'commander';
import { rebuildCallRollups } from '../store/call-rollups.js';
import { rebuildRollups } from '../store/report-rollups.js';
import { withDb } from './with-db.js';

/** `hotline reports rebuild`: recomputes the report roll-ups from the attempts and calls (after a restore, or to check them). */
export function registerReportsCommands(program: Command): void {
  const reports = program.command('reports').description('report data kept in the database');
  reports
    .command('rebuild')
    .description('recompute the hourly attempt and inbound-call roll-ups the reports read, from the attempts and calls, in one transaction each')
    .action(() => {
      const t0 = performance.now();
      const { r, c } = withDb(program, (db) => ({ r: rebuildRollups(db), c: rebuildCallRollups(db) }));
      process.stdout.write(
        `roll-ups rebuilt in ${Math.round(performance.now() - t0)} ms: ${r.attemptHours} attempt-hour rows, ${r.agentHours} agent-hour rows, ${r.leadHours} lead-hour rows; ` +
          `${c.inbound_call_hours} call-hour rows, ${c.inbound_call_agent_hours} call agent-hour rows, ${c.inbound_call_ivr_hours} IVR node-hour rows, ${c.inbound_call_choice_hours} menu choice-hour rows\n`,
      );
    });
}
