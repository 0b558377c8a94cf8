import type { Command } from 'commander';
import { importAnnouncements } from '../announcement-library/library-commands.js';
import { readWavDir } from '../announcement-library/wav-dir.js';
import { announcementLabels, type AnnouncementLabel } from '../announcements/labels.js';
import { loadConfig } from '../config/load.js';
import { HotlineError } from '../errors.js';
import type { AnnouncementFilter } from '../store/announcements-repo.js';
import { openDb } from '../store/db.js';
import { storeOf } from '../store/store.js';

// Whoever holds the shell holds the database: the CLI acts as the machine's operator, and the audit log says so.
const cli = { name: 'cli' };

function labelOption(v: string | undefined): AnnouncementLabel | undefined {
  if (v === undefined) return undefined;
  if (!(announcementLabels as readonly string[]).includes(v)) throw new HotlineError('BAD_REQUEST', `--label must be one of ${announcementLabels.join(', ')}`, { key: 'label' });
  return v as AnnouncementLabel;
}

/** `hotline announcements import <dir>` and `hotline announcements list`: the announcement library, on the database. */
export function registerAnnouncementCommands(program: Command): void {
  const ann = program.command('announcements').description('the library of carrier announcements (空号, 停机, 关机 …): import labelled WAV files, list');
  ann
    .command('import <dir>')
    .description('import every .wav under <dir> (8 kHz mono, PCM 16-bit, A-law or µ-law, ≤ 60 s), all or none; a folder or file name gives the label (vacant/x.wav, vacant_x.wav, 空号-x.wav)')
    .option('--label <label>', `label every file: ${announcementLabels.join(', ')}`)
    .option('--json', 'print the imported announcements as JSON')
    .action((dir: string, o: { label?: string; json?: boolean }) => {
      const label = labelOption(o.label);
      const config = loadConfig(program.opts<{ config?: string }>().config);
      const { files, skipped } = readWavDir(dir, config.announcements.maxFileBytes, config.announcements.maxFiles);
      const db = openDb(config.store.path);
      try {
        const items = importAnnouncements(storeOf(db), cli, files, Date.now(), label);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ items, skipped }, null, 2)}\n`);
          return;
        }
        const lines = [
          `${items.length} announcements imported from ${dir} (${items.filter((i) => i.label !== null).length} labelled)`,
          ...items.map((i) => `  #${i.id} ${i.label ?? '(unlabelled)'} ${i.fileName} ${(i.durationMs / 1000).toFixed(1)} s`),
          ...(skipped.length ? [`  skipped, not .wav: ${skipped.join(', ')}`] : []),
        ];
        process.stdout.write(`${lines.join('\n')}\n`);
      } finally {
        db.close();
      }
    });
  ann
    .command('list')
    .description('announcements, the most heard first, with how often and on how many numbers each was heard')
    .option('--status <status>', 'unknown (the labelling queue), labelled or all', 'all')
    .option('--limit <n>', 'at most this many', '100')
    .option('--json', 'print them as JSON')
    .action((o: { status: string; limit: string; json?: boolean }) => {
      if (!['unknown', 'labelled', 'all'].includes(o.status)) throw new HotlineError('BAD_REQUEST', '--status must be unknown, labelled or all', { key: 'status' });
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1) throw new HotlineError('BAD_REQUEST', '--limit must be a positive whole number', { key: 'limit' });
      const config = loadConfig(program.opts<{ config?: string }>().config);
      const db = openDb(config.store.path);
      try {
        const page = storeOf(db).announcements.list({ filter: o.status as AnnouncementFilter, offset: 0, limit });
        if (o.json) {
          process.stdout.write(`${JSON.stringify(page, null, 2)}\n`);
          return;
        }
        const lines = page.items.map((a) => `#${a.id}\t${a.label ?? '(unknown)'}\theard ${a.heardCount}\ton ${a.numberCount} numbers\t${a.source}${a.fileName ? ` ${a.fileName}` : ''}\t${(a.durationMs / 1000).toFixed(1)} s`);
        process.stdout.write(`${[`${page.total} announcements (${o.status})`, ...lines].join('\n')}\n`);
      } finally {
        db.close();
      }
    });
}
