import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { parse as parseYaml } from 'yaml';
import { normalizePhone } from '../dialer/import/normalize-phone.js';
import { campaignStatus, changeCampaign, createCampaign, recordDisposition } from '../dialer/campaign-commands.js';
import type { CampaignSettingsInput } from '../dialer/campaign-settings.js';
import type { Disposition } from '../dialer/lead-state.js';
import { HotlineError } from '../errors.js';
import type { Db } from '../store/db.js';
import { withDb } from './with-db.js';
import { DncRepo, GLOBAL_DNC } from '../store/dnc-repo.js';
import { CampaignsRepo } from '../store/campaigns-repo.js';
import { storeOf } from '../store/store.js';
import { defined } from '../defined.js';

interface CreateOpts {
  name: string;
  mode?: string;
  kind?: string;
  group?: string;
  flow?: string;
  lines?: string;
  cps?: string;
  deadline?: string;
  amd?: boolean;
  settings?: string;
  json?: boolean;
}

const print = (json: boolean | undefined, value: unknown, text: string) => process.stdout.write(`${json ? JSON.stringify(value, null, 2) : text}\n`);

/** Settings from --settings (YAML or JSON), with the flags on top. */
function settingsFrom(o: CreateOpts): CampaignSettingsInput {
  const base = o.settings ? (parseYaml(readFileSync(o.settings, 'utf8')) as Record<string, unknown> | null) ?? {} : {};
  const num = (v: string | undefined, key: string) => {
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!Number.isFinite(n)) throw new HotlineError('CAMPAIGN_INVALID', `${key} must be a number, got "${v}"`, { key });
    return n;
  };
  const flags = {
    mode: o.mode,
    kind: o.kind,
    skillGroup: o.group,
    flow: o.flow,
    maxLines: num(o.lines, 'maxLines'),
    maxCallsPerSecond: num(o.cps, 'maxCallsPerSecond'),
    deadline: o.deadline,
    amd: o.amd === false ? false : undefined,
  };
  return { ...base, ...Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) } as CampaignSettingsInput;
}

/** `hotline campaign …` and `hotline dnc …`: campaigns, dispositions and do-not-call lists, straight on the database. */
export function registerCampaignCommands(program: Command): void {
  const campaign = program.command('campaign').description('outbound campaigns: create, start, pause, status');
  campaign
    .command('create')
    .description('create a draft campaign; prints its id')
    .requiredOption('--name <name>', 'campaign name (unique)')
    .option('--mode <mode>', 'preview | progressive | predictive | agentless')
    .option('--kind <kind>', 'sales | follow-up | survey | notification')
    .option('--group <skillGroup>', 'ACD skill group whose agents take the calls')
    .option('--flow <flow>', 'IVR flow an agentless campaign runs (default survey)')
    .option('--lines <n>', 'most lines at once')
    .option('--cps <n>', 'most new calls per second')
    .option('--deadline <iso>', 'no dials after this instant, e.g. 2026-11-26T18:00:00+08:00')
    .option('--no-amd', 'do not run answering-machine detection')
    .option('--settings <file>', 'YAML or JSON with any campaign setting (windows, quietHours, holidays, retry…)')
    .option('--json', 'print the campaign as JSON')
    .action((o: CreateOpts) =>
      withDb(program, (db) => {
        const c = createCampaign(storeOf(db), o.name, settingsFrom(o), Date.now());
        print(o.json, c, String(c.id));
      }),
    );
  campaign
    .command('update <campaign>')
    .description('change settings of a campaign (the flags and --settings file go over what it has)')
    .option('--mode <mode>', 'preview | progressive | predictive | agentless')
    .option('--kind <kind>', 'sales | follow-up | survey | notification')
    .option('--group <skillGroup>', 'ACD skill group whose agents take the calls')
    .option('--flow <flow>', 'IVR flow an agentless campaign runs')
    .option('--lines <n>', 'most lines at once')
    .option('--cps <n>', 'most new calls per second')
    .option('--deadline <iso>', 'no dials after this instant')
    .option('--no-amd', 'do not run answering-machine detection')
    .option('--settings <file>', 'YAML or JSON with any campaign setting')
    .option('--json', 'print the campaign as JSON')
    .action((ref: string, o: Omit<CreateOpts, 'name'>) =>
      withDb(program, (db) => {
        const repo = new CampaignsRepo(db);
        const c = repo.get(ref);
        const updated = repo.updateSettings(c.id, { ...c.settings, ...settingsFrom({ ...o, name: c.name }) }, Date.now());
        print(o.json, updated, `campaign ${updated.id} (${updated.name}) updated`);
      }),
    );
  for (const [verb, event, what] of [
    ['start', 'start', 'start dialing (in the calling window) or wait for it'],
    ['pause', 'pause', 'stop placing new calls; calls in progress go on'],
    ['resume', 'resume', 'resume a paused campaign'],
    ['finish', 'finish', 'end the campaign for good'],
  ] as const) {
    campaign
      .command(`${verb} <campaign>`)
      .description(what)
      .option('--json', 'print the campaign as JSON')
      .action((ref: string, o: { json?: boolean }) =>
        withDb(program, (db) => {
          const c = changeCampaign(storeOf(db), ref, event, Date.now());
          print(o.json, { id: c.id, name: c.name, state: c.state }, `campaign ${c.id} (${c.name}): ${c.state}`);
        }),
      );
  }
  campaign
    .command('status <campaign>')
    .description('state, leads by state, attempts, missed callbacks')
    .option('--json', 'print JSON')
    .action((ref: string, o: { json?: boolean }) =>
      withDb(program, (db) => {
        const s = campaignStatus(storeOf(db), ref, Date.now());
        const leads = Object.entries(s.leads).map(([k, v]) => `${k} ${v}`).join(', ') || 'none';
        print(o.json, s, `campaign ${s.id} (${s.name}): ${s.state}, ${s.mode}\nleads: ${leads}\nattempts: ${s.attempts}, missed callbacks: ${s.missedCallbacks}, dialing allowed now: ${s.dialingAllowedNow ? 'yes' : 'no'}`);
      }),
    );
  campaign
    .command('list')
    .description('all campaigns')
    .option('--json', 'print JSON')
    .action((o: { json?: boolean }) =>
      withDb(program, (db) => {
        const all = new CampaignsRepo(db).list().map((c) => ({ id: c.id, name: c.name, state: c.state, mode: c.settings.mode }));
        print(o.json, all, all.map((c) => `${c.id}\t${c.state}\t${c.mode}\t${c.name}`).join('\n') || 'no campaigns');
      }),
    );
  campaign
    .command('disposition <attempt> <disposition>')
    .description('an agent\'s result for a connected attempt: success | not-interested | wrong-party | callback-at | callback-later | dnc')
    .option('--at <iso>', 'callback-at: the agreed time')
    .option('--owner <agent>', 'callback-at: the agent who takes the callback')
    .option('--notes <text>', 'notes for the record')
    .option('--json', 'print JSON')
    .action((attempt: string, disposition: string, o: { at?: string; owner?: string; notes?: string; json?: boolean }) =>
      withDb(program, (db) => {
        const at = o.at === undefined ? undefined : Date.parse(o.at);
        if (at !== undefined && Number.isNaN(at)) throw new HotlineError('DISPOSITION_INVALID', `--at is not a date: "${o.at}"`, { key: 'callbackAt' });
        const r = recordDisposition(
          storeOf(db),
          { attemptId: Number(attempt), disposition: disposition as Disposition, ...defined({ callbackAt: at }), ...(o.owner ? { ownedBy: o.owner } : {}), ...(o.notes ? { notes: o.notes } : {}) },
          Date.now(),
        );
        print(o.json, r, `lead is now ${r.state}${r.dueAt ? ` (next dial ${new Date(r.dueAt).toISOString()})` : ''}: ${r.why}`);
      }),
    );

  const dnc = program.command('dnc').description('do-not-call lists: global, or per campaign with --campaign');
  const listOf = (db: Db, ref?: string) => (ref === undefined ? GLOBAL_DNC : new CampaignsRepo(db).get(ref).id);
  const e164 = (raw: string) => {
    const n = normalizePhone(raw);
    if (!n.ok) throw new HotlineError('BAD_REQUEST', `"${raw}" is not a phone number: ${n.reason}`, { key: 'phone' });
    return n.e164;
  };
  dnc
    .command('add <phone>')
    .option('--campaign <campaign>', 'the campaign\'s own list instead of the global one')
    .option('--reason <text>', 'why', 'added by hand')
    .action((phone: string, o: { campaign?: string; reason: string }) =>
      withDb(program, (db) => {
        const n = e164(phone);
        new DncRepo(db).add(n, listOf(db, o.campaign), o.reason, Date.now());
        process.stdout.write(`${n} is on the ${o.campaign ? `campaign ${o.campaign}` : 'global'} do-not-call list\n`);
      }),
    );
  dnc
    .command('remove <phone>')
    .option('--campaign <campaign>', 'the campaign\'s own list')
    .action((phone: string, o: { campaign?: string }) =>
      withDb(program, (db) => {
        const n = e164(phone);
        const removed = new DncRepo(db).remove(n, listOf(db, o.campaign));
        process.stdout.write(removed ? `${n} removed\n` : `${n} was not on that list\n`);
      }),
    );
  dnc
    .command('list')
    .option('--campaign <campaign>', 'the campaign\'s own list')
    .option('--json', 'print JSON')
    .action((o: { campaign?: string; json?: boolean }) =>
      withDb(program, (db) => {
        const rows = new DncRepo(db).list(listOf(db, o.campaign));
        print(o.json, rows, rows.map((r) => `${r.phone}\t${r.reason}`).join('\n') || 'empty');
      }),
    );
}
