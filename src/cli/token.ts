import type { Command } from 'commander';
import { HotlineError } from '../errors.js';
import { storeOf } from '../store/store.js';
import { withDb } from './with-db.js';

// Whoever holds the shell holds the database: the CLI acts as the machine's operator, and the audit log says so.
const cli = { name: 'cli' };

/** `hotline token create | list | revoke`: API tokens straight on the database (the first admin token comes from here). */
export function registerTokenCommands(program: Command): void {
  const token = program.command('token').description('API tokens: create (shown once), list, revoke');
  token
    .command('create')
    .description('mint a token and print it once; only its hash is kept')
    .requiredOption('--role <role>', 'admin | manager | supervisor | agent | read-only')
    .requiredOption('--name <name>', 'who or what holds it')
    .option('--agent <id>', 'for --role agent: the ACD agent id the token stands for')
    .option('--json', 'print the token and its record as JSON')
    .action((o: { role: string; name: string; agent?: string; json?: boolean }) =>
      withDb(program, (db) => {
        const now = Date.now();
        const { tokens, audit } = storeOf(db);
        const { row, token: secret } = audit.change(
          cli,
          now,
          () => tokens.create({ name: o.name, role: o.role, agentId: o.agent ?? null, createdBy: 'cli' }, now),
          (made) => ({ action: 'token.create', entity: 'token', entityId: made.row.id, summary: `${made.row.role} token "${made.row.name}" (cli)`, after: made.row }),
        );
        if (o.json) process.stdout.write(`${JSON.stringify({ ...row, token: secret }, null, 2)}\n`);
        else process.stdout.write(`${secret}\n`);
        process.stderr.write(`token #${row.id} (${row.role}${row.agentId ? ` ${row.agentId}` : ''}, "${row.name}"): keep it now, it is not shown again\n`);
      }),
    );
  token
    .command('list')
    .description('every token: id, role, name, prefix, last use, revoked')
    .option('--json', 'as JSON')
    .action((o: { json?: boolean }) =>
      withDb(program, (db) => {
        const rows = storeOf(db).tokens.list();
        if (o.json) {
          process.stdout.write(`${JSON.stringify(rows, null, 2)}\n`);
          return;
        }
        const when = (t: number | null) => (t === null ? '-' : new Date(t).toISOString());
        for (const r of rows) {
          process.stdout.write(`${r.id}\t${r.role}${r.agentId ? `:${r.agentId}` : ''}\t${r.name}\t${r.prefix}…\tused ${when(r.lastUsedAt)}\t${r.revokedAt ? `revoked ${when(r.revokedAt)}` : 'active'}\n`);
        }
      }),
    );
  token
    .command('revoke <id>')
    .description('revoke a token for good')
    .action((id: string) =>
      withDb(program, (db) => {
        if (!/^\d+$/.test(id)) throw new HotlineError('BAD_REQUEST', `token id must be a number, got "${id}"`, { key: 'id' });
        const now = Date.now();
        const { tokens, audit } = storeOf(db);
        const before = audit.change(
          cli,
          now,
          () => tokens.revoke(Number(id), now),
          (b) => (b ? { action: 'token.revoke', entity: 'token', entityId: b.id, summary: `revoked "${b.name}" (cli)`, before: b } : null),
        );
        if (!before) throw new HotlineError('NOT_FOUND', `no token #${id}`, { key: 'id' });
        process.stdout.write(`token #${before.id} "${before.name}" revoked\n`);
      }),
    );
}
