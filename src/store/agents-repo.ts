import type { Db } from './db.js';

/** An agent created through the API: who they are, what they take, and the digest their phone registers with. */
export interface StoredAgent {
  id: string;
  name: string;
  skills: Record<string, number>;
  /** The realm `sipHa1` was made for. */
  sipRealm: string;
  /** md5(id:realm:password), never the password. */
  sipHa1: string;
  createdAt: number;
  createdBy: string | null;
  updatedAt: number;
}

type Raw = Omit<StoredAgent, 'skills'> & { skills: string };

const select = `SELECT id, name, skills, sip_realm AS sipRealm, sip_ha1 AS sipHa1, created_at AS createdAt, created_by AS createdBy,
  updated_at AS updatedAt FROM agents`;

const read = (r: Raw): StoredAgent => ({ ...r, skills: JSON.parse(r.skills) as Record<string, number> });

/** Agents created through the API (config agents live in the config file only). */
export class AgentsRepo {
  constructor(private readonly db: Db) {}

  /** Every stored agent, by id. */
  list(): StoredAgent[] {
    return (this.db.prepare(`${select} ORDER BY id`).all() as Raw[]).map(read);
  }

  /** One stored agent. */
  get(id: string): StoredAgent | undefined {
    const r = this.db.prepare(`${select} WHERE id = ?`).get(id) as Raw | undefined;
    return r && read(r);
  }

  /** Adds an agent; a duplicate id is SQLite's constraint error (callers check first). */
  insert(a: Omit<StoredAgent, 'updatedAt'>): StoredAgent {
    this.db
      .prepare('INSERT INTO agents (id, name, skills, sip_realm, sip_ha1, created_at, created_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(a.id, a.name, JSON.stringify(a.skills), a.sipRealm, a.sipHa1, a.createdAt, a.createdBy, a.createdAt);
    return this.get(a.id)!;
  }

  /** Changes name and skills; returns the row after, or undefined when there is none. */
  update(id: string, change: { name?: string; skills?: Record<string, number> }, now: number): StoredAgent | undefined {
    const before = this.get(id);
    if (!before) return undefined;
    this.db
      .prepare('UPDATE agents SET name = ?, skills = ?, updated_at = ? WHERE id = ?')
      .run(change.name ?? before.name, JSON.stringify(change.skills ?? before.skills), now, id);
    return this.get(id);
  }

  /** Deletes an agent; true when there was one. */
  remove(id: string): boolean {
    return this.db.prepare('DELETE FROM agents WHERE id = ?').run(id).changes > 0;
  }
}
