/**
 * Roll-ups of attempts per clock hour, kept by triggers in the same transaction as every write to `attempts` (the
 * claim, each event, the end, a disposition set later), so a report reads a few rows per hour instead of every attempt.
 * - attempt_hours: attempts by hour dialed, campaign, outcome, disposition and answered (dials, connects, compliance);
 * - attempt_agent_hours: attempts an agent talked on, by hour dialed and agent;
 * - attempt_lead_hours: attempts by hour dialed, campaign and the hour of the same lead's previous dial (-1 for none).
 *   Distinct leads dialed in [A, B) are the attempts in [A, B) whose lead's previous dial is before A, which for an
 *   hour-aligned A is a sum over this table (report-queries.ts).
 * `outcome` and `disposition` are '' where the attempt has none (a NULL would never meet its own row in a key).
 * The rebuild (`hotline reports rebuild`) recomputes all three from `attempts`.
 */

import type { Db } from './db.js';

export const hourMs = 3_600_000;

// The lead's dial just before (NEW|OLD) in (dialed_at, id) order, and just after; the row itself left out by id (an
// AFTER UPDATE trigger already sees its new values). A row not dialed (NULL) finds none and counts nowhere.
const before = (r: 'NEW' | 'OLD', col: string) =>
  `(SELECT p.${col} FROM attempts p WHERE p.lead_id = ${r}.lead_id AND p.id <> ${r}.id AND p.dialed_at IS NOT NULL
      AND (p.dialed_at < ${r}.dialed_at OR (p.dialed_at = ${r}.dialed_at AND p.id < ${r}.id)) ORDER BY p.dialed_at DESC, p.id DESC LIMIT 1)`;
const after = (r: 'NEW' | 'OLD') =>
  `FROM attempts n WHERE n.lead_id = ${r}.lead_id AND n.id <> ${r}.id AND n.dialed_at IS NOT NULL
      AND (n.dialed_at > ${r}.dialed_at OR (n.dialed_at = ${r}.dialed_at AND n.id > ${r}.id)) ORDER BY n.dialed_at, n.id LIMIT 1`;
const prevHour = (r: 'NEW' | 'OLD') => `IFNULL(${before(r, 'dialed_at')} / ${hourMs}, -1)`;

const add = (table: string, cols: string, select: string) =>
  `INSERT INTO ${table} (${cols}, n) ${select} ON CONFLICT DO UPDATE SET n = n + 1;`;
const sub = (table: string, cols: string, select: string) => `UPDATE ${table} SET n = n - 1 WHERE (${cols}) = (${select});`;

const hourCols = 'hour, campaign_id, outcome, disposition, answered';
const agentCols = 'hour, agent_id';
const leadCols = 'hour, prev_hour, campaign_id';
const hourRow = (r: 'NEW' | 'OLD') => `${r}.dialed_at / ${hourMs}, ${r}.campaign_id, IFNULL(${r}.outcome, ''), IFNULL(${r}.disposition, ''), ${r}.answered_at IS NOT NULL`;
const agentRow = (r: 'NEW' | 'OLD') => `${r}.dialed_at / ${hourMs}, ${r}.agent_id`;
const agentWhere = (r: 'NEW' | 'OLD') => `${r}.dialed_at IS NOT NULL AND ${r}.agent_id IS NOT NULL AND ${r}.connected_at IS NOT NULL`;

/** The statements that count a row in (NEW) or out (OLD) of the roll-ups. */
function countIn(): string {
  return [
    add('attempt_hours', hourCols, `SELECT ${hourRow('NEW')}, 1 WHERE NEW.dialed_at IS NOT NULL`),
    add('attempt_agent_hours', agentCols, `SELECT ${agentRow('NEW')}, 1 WHERE ${agentWhere('NEW')}`),
    // The next dial of the lead now follows this one rather than the one before it.
    sub('attempt_lead_hours', leadCols, `SELECT n.dialed_at / ${hourMs}, ${prevHour('NEW')}, n.campaign_id ${after('NEW')}`),
    add('attempt_lead_hours', leadCols, `SELECT n.dialed_at / ${hourMs}, NEW.dialed_at / ${hourMs}, n.campaign_id, 1 ${after('NEW')}`),
    add('attempt_lead_hours', leadCols, `SELECT NEW.dialed_at / ${hourMs}, ${prevHour('NEW')}, NEW.campaign_id, 1 WHERE NEW.dialed_at IS NOT NULL`),
  ].join('\n');
}

function countOut(): string {
  return [
    sub('attempt_hours', hourCols, `SELECT ${hourRow('OLD')} WHERE OLD.dialed_at IS NOT NULL`),
    sub('attempt_agent_hours', agentCols, `SELECT ${agentRow('OLD')} WHERE ${agentWhere('OLD')}`),
    sub('attempt_lead_hours', leadCols, `SELECT OLD.dialed_at / ${hourMs}, ${prevHour('OLD')}, OLD.campaign_id WHERE OLD.dialed_at IS NOT NULL`),
    // The next dial of the lead now follows the one before this one.
    sub('attempt_lead_hours', leadCols, `SELECT n.dialed_at / ${hourMs}, OLD.dialed_at / ${hourMs}, n.campaign_id ${after('OLD')}`),
    add('attempt_lead_hours', leadCols, `SELECT n.dialed_at / ${hourMs}, ${prevHour('OLD')}, n.campaign_id, 1 ${after('OLD')}`),
  ].join('\n');
}

/** Fills the roll-ups from `attempts` (they must be empty). */
export const rebuildRollupsSql = `
  INSERT INTO attempt_hours (${hourCols}, n)
    SELECT dialed_at / ${hourMs}, campaign_id, IFNULL(outcome, ''), IFNULL(disposition, ''), answered_at IS NOT NULL, COUNT(*)
    FROM attempts WHERE dialed_at IS NOT NULL GROUP BY 1, 2, 3, 4, 5;
  INSERT INTO attempt_agent_hours (${agentCols}, n)
    SELECT dialed_at / ${hourMs}, agent_id, COUNT(*) FROM attempts
    WHERE dialed_at IS NOT NULL AND agent_id IS NOT NULL AND connected_at IS NOT NULL GROUP BY 1, 2;
  INSERT INTO attempt_lead_hours (${leadCols}, n)
    SELECT hour, prev_hour, campaign_id, COUNT(*) FROM (
      SELECT dialed_at / ${hourMs} AS hour, campaign_id,
             IFNULL(LAG(dialed_at) OVER (PARTITION BY lead_id ORDER BY dialed_at, id) / ${hourMs}, -1) AS prev_hour
      FROM attempts WHERE dialed_at IS NOT NULL
    ) GROUP BY 1, 2, 3;
`;

/** The migration: tables, triggers and a first fill from the attempts already there. */
export const rollupsMigrationSql = `
  CREATE TABLE attempt_hours (
    hour        INTEGER NOT NULL,
    campaign_id INTEGER NOT NULL,
    outcome     TEXT NOT NULL,
    disposition TEXT NOT NULL,
    answered    INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (hour, campaign_id, outcome, disposition, answered)
  ) WITHOUT ROWID;
  CREATE TABLE attempt_agent_hours (
    hour     INTEGER NOT NULL,
    agent_id TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (hour, agent_id)
  ) WITHOUT ROWID;
  CREATE TABLE attempt_lead_hours (
    hour        INTEGER NOT NULL,
    prev_hour   INTEGER NOT NULL,
    campaign_id INTEGER NOT NULL,
    n           INTEGER NOT NULL,
    PRIMARY KEY (hour, prev_hour, campaign_id)
  ) WITHOUT ROWID;
  CREATE TRIGGER attempts_rollup_insert AFTER INSERT ON attempts BEGIN
    ${countIn()}
  END;
  CREATE TRIGGER attempts_rollup_delete AFTER DELETE ON attempts BEGIN
    ${countOut()}
  END;
  CREATE TRIGGER attempts_rollup_update AFTER UPDATE OF dialed_at, lead_id, campaign_id, outcome, disposition, answered_at, agent_id, connected_at ON attempts BEGIN
    ${countOut()}
    ${countIn()}
  END;
  ${rebuildRollupsSql}
`;

/** Recomputes the roll-ups from the attempts in one transaction (after a restore, or to check them); returns their rows. */
export function rebuildRollups(db: Db): { attemptHours: number; agentHours: number; leadHours: number } {
  return db.transaction(() => {
    db.exec(`DELETE FROM attempt_hours; DELETE FROM attempt_agent_hours; DELETE FROM attempt_lead_hours; ${rebuildRollupsSql}`);
    const count = (t: string) => db.prepare(`SELECT COUNT(*) FROM ${t}`).pluck().get() as number;
    return { attemptHours: count('attempt_hours'), agentHours: count('attempt_agent_hours'), leadHours: count('attempt_lead_hours') };
  })();
}
