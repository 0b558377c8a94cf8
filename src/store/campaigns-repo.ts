import type { Statement } from 'better-sqlite3';
import { z } from 'zod';
import { campaignSettingsSchema, type CampaignSettings, type CampaignSettingsInput } from '../dialer/campaign-settings.js';
import type { CampaignState } from '../dialer/campaign-state.js';
import { HotlineError } from '../errors.js';
import type { Db } from './db.js';

export interface CampaignRow {
  id: number;
  name: string;
  state: CampaignState;
  settings: CampaignSettings;
  createdAt: number;
  updatedAt: number;
  startedAt: number | null;
  finishedAt: number | null;
}

interface RawCampaign extends Omit<CampaignRow, 'settings'> {
  settings: string;
}

const select = `SELECT id, name, state, settings, created_at AS createdAt, updated_at AS updatedAt, started_at AS startedAt,
  finished_at AS finishedAt FROM campaigns`;

/** Validates campaign settings; the error names the first bad key, as config errors do. */
export function parseCampaignSettings(input: unknown): CampaignSettings {
  const r = campaignSettingsSchema.safeParse(input ?? {});
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const key = issue.path.join('.');
  throw new HotlineError('CAMPAIGN_INVALID', `${key || 'settings'}: ${issue.message}`, {
    key,
    details: { issues: z.treeifyError(r.error) },
  });
}

/** Campaign rows; settings are stored as validated JSON and re-validated on read (defaults added later apply). */
export class CampaignsRepo {
  constructor(private readonly db: Db) {}

  /** Creates a draft campaign; returns it. */
  create(name: string, settings: CampaignSettingsInput, now: number): CampaignRow {
    const parsed = parseCampaignSettings(settings);
    if (!/\S/.test(name)) throw new HotlineError('CAMPAIGN_INVALID', 'a campaign needs a name', { key: 'name' });
    if (this.find(name)) throw new HotlineError('CAMPAIGN_EXISTS', `a campaign named "${name}" already exists`, { key: 'name' });
    const r = this.db
      .prepare('INSERT INTO campaigns (name, settings, created_at, updated_at) VALUES (?, ?, ?, ?)')
      .run(name, JSON.stringify(parsed), now, now);
    return this.get(Number(r.lastInsertRowid));
  }

  /** The campaign with this id or name, or undefined. */
  find(ref: number | string): CampaignRow | undefined {
    const asId = typeof ref === 'number' ? ref : /^\d+$/.test(ref) ? Number(ref) : undefined;
    const raw = (
      asId !== undefined
        ? this.db.prepare(`${select} WHERE id = ?`).get(asId)
        : this.db.prepare(`${select} WHERE name = ?`).get(ref)
    ) as RawCampaign | undefined;
    // A numeric name is allowed too: fall back to the name when no id matched.
    const byName = raw ?? (asId !== undefined ? (this.db.prepare(`${select} WHERE name = ?`).get(String(ref)) as RawCampaign | undefined) : undefined);
    return byName ? { ...byName, settings: this.settingsOf(byName) } : undefined;
  }

  /** The campaign with this id or name; CAMPAIGN_NOT_FOUND otherwise. */
  get(ref: number | string): CampaignRow {
    const c = this.find(ref);
    if (!c) throw new HotlineError('CAMPAIGN_NOT_FOUND', `no campaign ${typeof ref === 'number' ? `#${ref}` : `"${ref}"`}`, { key: 'campaign' });
    return c;
  }

  /** All campaigns, newest first. */
  list(): CampaignRow[] {
    return (this.db.prepare(`${select} ORDER BY id DESC`).all() as RawCampaign[]).map((r) => ({ ...r, settings: parseCampaignSettings(JSON.parse(r.settings)) }));
  }

  /** Campaigns in one of these states. */
  inStates(states: readonly CampaignState[]): CampaignRow[] {
    // Prepared once per number of states: the dialer asks every tick (20 times a second at tickMs 50).
    let stmt = this.inStatesStmts.get(states.length);
    if (!stmt) {
      stmt = this.db.prepare(`${select} WHERE state IN (${states.map(() => '?').join(', ')}) ORDER BY id`);
      this.inStatesStmts.set(states.length, stmt);
    }
    const rows = stmt.all(...states) as RawCampaign[];
    return rows.map((r) => ({ ...r, settings: this.settingsOf(r) }));
  }

  private readonly inStatesStmts = new Map<number, Statement>();

  // Settings are parsed once per stored text: the dialer reads running campaigns every tick, and each attempt's end
  // reads its campaign (validating the settings took 0.4 ms a read, issue 18).
  private readonly parsed = new Map<string, CampaignSettings>();
  private settingsOf(r: RawCampaign): CampaignSettings {
    let s = this.parsed.get(r.settings);
    if (!s) {
      s = parseCampaignSettings(JSON.parse(r.settings));
      if (this.parsed.size > 256) this.parsed.clear();
      this.parsed.set(r.settings, s);
    }
    return s;
  }

  /** Records a state change (the caller has checked it against the transition table). */
  setState(id: number, state: CampaignState, now: number): void {
    this.db
      .prepare(
        `UPDATE campaigns SET state = ?, updated_at = ?,
           started_at = CASE WHEN ? = 'running' AND started_at IS NULL THEN ? ELSE started_at END,
           finished_at = CASE WHEN ? = 'finished' THEN ? ELSE finished_at END
         WHERE id = ?`,
      )
      .run(state, now, state, now, state, now, id);
  }

  /** Renames a campaign; CAMPAIGN_EXISTS when another campaign has the name already. */
  rename(id: number, name: string, now: number): void {
    if (!/\S/.test(name)) throw new HotlineError('CAMPAIGN_INVALID', 'a campaign needs a name', { key: 'name' });
    const other = this.idByName(name);
    if (other !== undefined && other !== id) throw new HotlineError('CAMPAIGN_EXISTS', `a campaign named "${name}" already exists`, { key: 'name' });
    this.db.prepare('UPDATE campaigns SET name = ?, updated_at = ? WHERE id = ?').run(name, now, id);
  }

  /** The id of the campaign with exactly this name (a name of digits is a name here, not an id). */
  idByName(name: string): number | undefined {
    return this.db.prepare('SELECT id FROM campaigns WHERE name = ?').pluck().get(name) as number | undefined;
  }

  /** True when a campaign has this id. */
  exists(id: number): boolean {
    return this.db.prepare('SELECT 1 FROM campaigns WHERE id = ?').get(id) !== undefined;
  }

  /** Replaces the settings after validating them. */
  updateSettings(id: number, settings: CampaignSettingsInput, now: number): CampaignRow {
    const parsed = parseCampaignSettings(settings);
    this.db.prepare('UPDATE campaigns SET settings = ?, updated_at = ? WHERE id = ?').run(JSON.stringify(parsed), now, id);
    return this.get(id);
  }
}
