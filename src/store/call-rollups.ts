/**
 * Roll-ups of ended inbound calls per clock hour of their start, kept by triggers in the same transaction as every
 * write to `calls` that touches an ended inbound call (its end, and anything set after it, such as after-call work),
 * so a month's report reads a few rows per hour instead of every call and its IVR path:
 * - inbound_call_hours: the sums of src/reports/inbound-tally.ts (CallSums) by hour and non-regular mark ('' for none);
 * - inbound_call_agent_hours: calls each agent handled, their handle time and how many had times, by hour and agent;
 * - inbound_call_ivr_hours: calls through each IVR node (once per call) and those that hung up there, by hour and node;
 * - inbound_call_choice_hours: menu choices by hour, node and key.
 * A call still open is in none of them: the report reads open calls from `calls` (few, by the calls_open index).
 * Each statement is an upsert adding +1 × a call's facts (counted in) or −1 × them (counted out), so an update is the
 * old row out and the new row in. The counting rules mirror tallyCall; call-rollups.test.ts compares them on random calls.
 */
import type { Db } from './db.js';
import { hourMs } from './report-rollups.js';

/** One row per call (r = NEW, OLD or a `calls` alias) with what the sums read; `where` picks the calls counted. */
const facts = (r: string, from: string) => `
  SELECT ${r}.id AS id, ${r}.started_at / ${hourMs} AS hour, ${r}.reconciled IS 'media-server-lost' AS cut,
         ${r}.reconciled IS 'while-away' AS away,
         CASE WHEN ${r}.reconciled IS 'media-server-lost' THEN '' ELSE IFNULL(${r}.non_regular, '') END AS nr, ${r}.agent_id AS agent,
         ${r}.queue_wait_ms AS qw, ${r}.talk_ms AS talk, IFNULL(${r}.hold_ms, 0) AS hold, IFNULL(${r}.acw_ms, 0) AS acw,
         (${r}.ended_in IS 'agent' OR ${r}.agent_id IS NOT NULL) AS ans, ${r}.ended_in IS 'queue-abandon' AS abandonEnd,
         ${r}.queue_group IS NOT NULL AS queued, ${r}.ended_in IS 'caller-hangup' AS hangup,
         CASE WHEN json_valid(${r}.ivr_path) THEN ${r}.ivr_path ELSE '[]' END AS path
  ${from} WHERE ${r}.direction = 'inbound' AND ${r}.ended_at IS NOT NULL`;

// The column of each sum, and its value for one call of `facts` (as tallyCall counts it).
// A call cut by a media-server loss counts as a call and nothing else (calls and cut), as tallyCall counts it.
const served: ReadonlyArray<[string, string]> = [
  ['offered', 'queued OR ans OR abandonEnd'],
  ['answered', 'ans'],
  ['fast', 'ans AND IFNULL(qw <= 10000, 0)'],
  ['abandoned', 'NOT ans AND abandonEnd'],
  ['wait_sum', 'CASE WHEN ans OR abandonEnd THEN IFNULL(qw, 0) ELSE 0 END'],
  ['wait_n', '(ans OR abandonEnd) AND qw IS NOT NULL'],
  ['answer_wait_sum', 'CASE WHEN ans THEN IFNULL(qw, 0) ELSE 0 END'],
  ['answer_wait_n', 'ans AND qw IS NOT NULL'],
  ['timed', 'ans AND talk IS NOT NULL'],
  ['talk_sum', 'CASE WHEN ans THEN IFNULL(talk, 0) ELSE 0 END'],
  ['hold_sum', 'CASE WHEN ans AND talk IS NOT NULL THEN hold ELSE 0 END'],
  ['acw_sum', 'CASE WHEN ans AND talk IS NOT NULL THEN acw ELSE 0 END'],
];
const sums: ReadonlyArray<[string, string]> = [
  ['calls', '1'],
  ...served.map(([c, v]): [string, string] => [c, `CASE WHEN cut THEN 0 ELSE (${v}) END`]),
  ['cut', 'cut'],
  ['away', 'away'],
];
export const callSumColumns = sums.map(([c]) => c);

interface Rollup {
  keys: ReadonlyArray<[column: string, expr: string]>;
  values: ReadonlyArray<[column: string, expr: string]>;
  /** FROM … WHERE … GROUP BY … under the select list. */
  tail: string;
  /** The call's columns this roll-up reads (an update that changes none of them leaves it alone). */
  reads: readonly string[];
}

const always = ['direction', 'started_at', 'ended_at'];

/** The four roll-ups as grouped selects over the calls of `facts(r, from)`. */
function rollups(r: string, from: string): Record<string, Rollup> {
  const f = facts(r, from);
  const steps = `SELECT b.id, b.hour, b.hangup, json_extract(b.path, '$[#-1].node') AS last, j.value AS step FROM (${f}) b, json_each(b.path) j WHERE NOT b.cut`;
  return {
    inbound_call_hours: {
      keys: [['hour', 'hour'], ['non_regular', 'nr']],
      values: sums.map(([c, v]) => [c, `SUM(${v})`]),
      tail: `FROM (${f}) GROUP BY 1, 2`,
      reads: [...always, 'non_regular', 'agent_id', 'ended_in', 'queue_group', 'queue_wait_ms', 'talk_ms', 'hold_ms', 'acw_ms', 'reconciled'],
    },
    inbound_call_agent_hours: {
      keys: [['hour', 'hour'], ['agent_id', 'agent']],
      values: [['handled', 'COUNT(*)'], ['handle_ms', 'SUM(CASE WHEN talk IS NOT NULL THEN talk + hold + acw ELSE 0 END)'], ['timed', 'SUM(talk IS NOT NULL)']],
      tail: `FROM (${f}) WHERE agent IS NOT NULL AND NOT cut GROUP BY 1, 2`,
      reads: [...always, 'agent_id', 'talk_ms', 'hold_ms', 'acw_ms', 'reconciled'],
    },
    inbound_call_ivr_hours: {
      keys: [['hour', 'hour'], ['node', 'node']],
      values: [['calls', 'COUNT(*)'], ['drop_off', 'SUM(hangup AND node IS last)']],
      tail: `FROM (SELECT DISTINCT id, hour, hangup, last, json_extract(step, '$.node') AS node FROM (${steps})) WHERE node IS NOT NULL GROUP BY 1, 2`,
      reads: [...always, 'ivr_path', 'ended_in', 'reconciled'],
    },
    inbound_call_choice_hours: {
      keys: [['hour', 'hour'], ['node', "json_extract(step, '$.node')"], ['key', "json_extract(step, '$.key')"]],
      values: [['calls', 'COUNT(*)']],
      tail: `FROM (${steps}) WHERE json_extract(step, '$.note') IS 'chosen' AND json_type(step, '$.key') IS 'text'
               AND json_extract(step, '$.node') IS NOT NULL GROUP BY 1, 2, 3`,
      reads: [...always, 'ivr_path', 'reconciled'],
    },
  };
}

const columns = (u: Rollup) => [...u.keys, ...u.values].map(([c]) => c).join(', ');
const select = (u: Rollup) => `SELECT ${u.keys.map(([, e], i) => `${e} AS k${i}`).concat(u.values.map(([, e], i) => `${e} AS v${i}`)).join(', ')} ${u.tail}`;

/** Upserts adding sign × the facts of one call (r = NEW or OLD; nothing when it is not an ended inbound call). */
function count(r: 'NEW' | 'OLD', sign: 1 | -1, onUpdate = false): string {
  return Object.entries(rollups(r, ''))
    .map(([table, u]) => {
      const signed = u.keys.map((_, i) => `k${i}`).concat(u.values.map((_, i) => `${sign} * v${i}`));
      // In the update trigger a roll-up none of whose columns changed is skipped both ways (out and in would cancel):
      // after-call work, set after the end, then never re-reads the IVR path. An INSERT … SELECT upsert needs a
      // WHERE to parse (SQLite's documented ambiguity with ON), hence the WHERE true.
      const when = onUpdate ? u.reads.map((c) => `OLD.${c} IS NOT NEW.${c}`).join(' OR ') : 'true';
      return `INSERT INTO ${table} (${columns(u)}) SELECT ${signed.join(', ')} FROM (${select(u)}) WHERE ${when}
        ON CONFLICT DO UPDATE SET ${u.values.map(([c]) => `${c} = ${c} + excluded.${c}`).join(', ')};`;
    })
    .join('\n');
}

const tables = ['inbound_call_hours', 'inbound_call_agent_hours', 'inbound_call_ivr_hours', 'inbound_call_choice_hours'] as const;

/** Fills the roll-ups from `calls` (they must be empty). */
export const rebuildCallRollupsSql = Object.entries(rollups('c', 'FROM calls c'))
  .map(([table, u]) => `INSERT INTO ${table} (${columns(u)}) ${select(u)};`)
  .join('\n');

export const callRollupTables = tables;
export const deleteCallRollupsSql = tables.map((t) => `DELETE FROM ${t};`).join('\n');

/** The columns whose change can change what an ended call counts for. */
const watched = 'direction, started_at, ended_at, ended_in, queue_group, queue_wait_ms, agent_id, talk_ms, hold_ms, acw_ms, non_regular, ivr_path, reconciled';
const endedInbound = (r: string) => `(${r}.direction = 'inbound' AND ${r}.ended_at IS NOT NULL)`;

/** The migration: tables, triggers and a first fill from the calls already there. */
export const callRollupsMigrationSql = `
  CREATE TABLE inbound_call_hours (
    hour INTEGER NOT NULL, non_regular TEXT NOT NULL,
    ${callSumColumns.map((c) => `${c} INTEGER NOT NULL`).join(', ')},
    PRIMARY KEY (hour, non_regular)
  ) WITHOUT ROWID;
  CREATE TABLE inbound_call_agent_hours (
    hour INTEGER NOT NULL, agent_id TEXT NOT NULL, handled INTEGER NOT NULL, handle_ms INTEGER NOT NULL, timed INTEGER NOT NULL,
    PRIMARY KEY (hour, agent_id)
  ) WITHOUT ROWID;
  CREATE TABLE inbound_call_ivr_hours (
    hour INTEGER NOT NULL, node TEXT NOT NULL, calls INTEGER NOT NULL, drop_off INTEGER NOT NULL,
    PRIMARY KEY (hour, node)
  ) WITHOUT ROWID;
  CREATE TABLE inbound_call_choice_hours (
    hour INTEGER NOT NULL, node TEXT NOT NULL, key TEXT NOT NULL, calls INTEGER NOT NULL,
    PRIMARY KEY (hour, node, key)
  ) WITHOUT ROWID;
  CREATE TRIGGER calls_rollup_insert AFTER INSERT ON calls WHEN ${endedInbound('NEW')} BEGIN
    ${count('NEW', 1)}
  END;
  CREATE TRIGGER calls_rollup_delete AFTER DELETE ON calls WHEN ${endedInbound('OLD')} BEGIN
    ${count('OLD', -1)}
  END;
  CREATE TRIGGER calls_rollup_update AFTER UPDATE OF ${watched} ON calls WHEN ${endedInbound('OLD')} OR ${endedInbound('NEW')} BEGIN
    ${count('OLD', -1, true)}
    ${count('NEW', 1, true)}
  END;
  ${rebuildCallRollupsSql}
`;

/** Recomputes the call roll-ups from `calls` in one transaction (after a restore, or to check them); returns their rows. */
export function rebuildCallRollups(db: Db): Record<(typeof tables)[number], number> {
  return db.transaction(() => {
    db.exec(`${deleteCallRollupsSql}\n${rebuildCallRollupsSql}`);
    return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number])) as Record<(typeof tables)[number], number>;
  })();
}
