import type { Db } from './db.js';

export interface FlowVersionRow {
  id: number;
  name: string;
  version: string;
  content: string;
  uploadedAt: number;
  uploadedBy: string | null;
  /** Last time this version was made live; null if it never was. */
  activatedAt: number | null;
}

const select = `SELECT id, name, version, content, uploaded_at AS uploadedAt, uploaded_by AS uploadedBy, activated_at AS activatedAt FROM flow_versions`;

/** Every valid flow text ever uploaded (or found live on disk), so any of them can be made live again. */
export class FlowVersionsRepo {
  constructor(private readonly db: Db) {}

  /** Stores a version (idempotent per name and version); returns its row. */
  add(name: string, version: string, content: string, by: string | null, now: number): FlowVersionRow {
    this.db
      .prepare('INSERT OR IGNORE INTO flow_versions (name, version, content, uploaded_at, uploaded_by) VALUES (?, ?, ?, ?, ?)')
      .run(name, version, content, now, by);
    return this.get(name, version)!;
  }

  /** One version of a flow. */
  get(name: string, version: string): FlowVersionRow | undefined {
    return this.db.prepare(`${select} WHERE name = ? AND version = ?`).get(name, version) as FlowVersionRow | undefined;
  }

  /** A flow's versions, the most recently activated first, then the newest uploads. */
  list(name: string): FlowVersionRow[] {
    return this.db.prepare(`${select} WHERE name = ? ORDER BY activated_at IS NULL, activated_at DESC, id DESC`).all(name) as FlowVersionRow[];
  }

  /** The names of every flow with a kept version. */
  names(): string[] {
    return this.db.prepare('SELECT DISTINCT name FROM flow_versions').pluck().all() as string[];
  }

  /** Notes that a version went live now. */
  markActivated(name: string, version: string, now: number): void {
    this.db.prepare('UPDATE flow_versions SET activated_at = ? WHERE name = ? AND version = ?').run(now, name, version);
  }
}
