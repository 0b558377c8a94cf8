import type { Command } from 'commander';
import { loadConfig } from '../config/load.js';
import { importLeads } from '../dialer/import/import-leads.js';
import { openDb } from '../store/db.js';
import { storeOf } from '../store/store.js';

/** `hotline import <campaign> <file>`: a call list into a campaign, all or nothing; prints the counts and every bad row. */
export function registerImportCommand(program: Command): void {
  program
    .command('import <campaign> <file>')
    .description('load a call list (CSV in UTF-8 or GBK, or XLSX) into a campaign in one transaction')
    .option('--json', 'print the report as JSON: {rows, imported, duplicates, invalid: [{row, value, reason}], dnc}')
    .action(async (campaign: string, file: string, o: { json?: boolean }) => {
      const config = loadConfig(program.opts<{ config?: string }>().config);
      const db = openDb(config.store.path);
      try {
        const r = await importLeads(storeOf(db), {
          campaign,
          file,
          now: Date.now(),
          ...(o.json || !process.stderr.isTTY ? {} : { onProgress: (n: number) => process.stderr.write(`\r${n.toLocaleString('en')} rows read`) }),
        });
        if (!o.json && process.stderr.isTTY) process.stderr.write('\n');
        if (o.json) {
          process.stdout.write(`${JSON.stringify(r, null, 2)}\n`);
          return;
        }
        const lines = [
          `${r.file} → campaign ${r.campaignId}: ${r.rows} rows, ${r.imported} imported, ${r.duplicates} duplicates, ${r.dnc} on do-not-call lists, ${r.invalidCount} invalid`,
          ...r.invalid.map((i) => `  row ${i.row}: "${i.value}" ${i.reason}`),
          ...(r.invalidCount > r.invalid.length ? [`  … and ${r.invalidCount - r.invalid.length} more invalid rows (--json lists the first ${r.invalid.length})`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        db.close();
      }
    });
}
