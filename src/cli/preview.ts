import type { Command } from 'commander';
import { previewDial, previewNext, previewSkip } from '../dialer/preview.js';
import { HotlineError } from '../errors.js';
import type { Db } from '../store/db.js';
import { withDb } from './with-db.js';
import { storeOf } from '../store/store.js';

const print = (json: boolean | undefined, value: unknown, text: string): void => {
  process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text}\n`);
};

function leadId(text: string): number {
  const id = Number(text);
  if (!Number.isInteger(id) || id <= 0) throw new HotlineError('PREVIEW_INVALID', `lead must be a lead id, got "${text}"`, { key: 'leadId' });
  return id;
}

/** `hotline preview next|dial|skip`: an agent reads a lead of a preview campaign before the call, then dials or skips it. */
export function registerPreviewCommands(program: Command): void {
  const preview = program.command('preview').description('preview dialing: see the next lead, then dial it or skip it');
  preview
    .command('next <campaign>')
    .description('the lead the agent previews now (the next due one is held for them)')
    .requiredOption('--agent <id>', 'the agent previewing')
    .option('--json', 'print the lead as JSON')
    .action((campaign: string, o: { agent: string; json?: boolean }) =>
      withDb(program, (db) => {
        const ref = /^\d+$/.test(campaign) ? Number(campaign) : campaign;
        const lead = previewNext(storeOf(db), ref, o.agent, Date.now());
        if (!lead) {
          print(o.json, null, 'no lead is due');
          return;
        }
        const fields = Object.entries(lead.fields).map(([k, v]) => `\n  ${k}: ${v}`).join('');
        print(o.json, lead, `lead ${lead.id}: ${lead.name ?? '(no name)'} ${lead.phone}, ${lead.attempts} attempts, last ${lead.lastOutcome ?? '-'}${fields}`);
      }),
    );
  preview
    .command('dial <lead>')
    .description('dial the lead being previewed; the call comes to this agent')
    .requiredOption('--agent <id>', 'the agent previewing')
    .action((lead: string, o: { agent: string }) =>
      withDb(program, (db) => {
        previewDial(storeOf(db), leadId(lead), o.agent, Date.now());
        print(false, null, `lead ${lead} will be dialed for agent ${o.agent}`);
      }),
    );
  preview
    .command('skip <lead>')
    .description('put the lead back in the list without dialing it')
    .requiredOption('--agent <id>', 'the agent previewing')
    .action((lead: string, o: { agent: string }) =>
      withDb(program, (db) => {
        previewSkip(storeOf(db), leadId(lead), o.agent, Date.now());
        print(false, null, `lead ${lead} skipped`);
      }),
    );
}
