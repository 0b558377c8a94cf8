import { hashToken, looksLikeToken, mintToken } from '../auth/api-token.js';
import type { Principal } from '../auth/principal.js';
import { isRole, type Role } from '../auth/roles.js';
import { HotlineError } from '../errors.js';
import type { Db } from './db.js';

export interface TokenRow {
  id: number;
  name: string;
  role: Role;
  agentId: string | null;
  /** The token's first characters, to recognise it; never enough to use it. */
  prefix: string;
  createdAt: number;
  createdBy: string | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

export interface NewToken {
  name: string;
  role: string;
  agentId?: string | null;
  createdBy?: string | null;
}

const select = `SELECT id, name, role, agent_id AS agentId, prefix, created_at AS createdAt, created_by AS createdBy,
  last_used_at AS lastUsedAt, revoked_at AS revokedAt FROM api_tokens`;

// last_used_at is a hint for admins, not an audit: one write a minute per token keeps reads write-free.
const touchEveryMs = 60_000;

/** API tokens, stored as hashes; the token itself exists only in the answer to create(). */
export class TokensRepo {
  constructor(private readonly db: Db) {}

  /** Mints and stores a token; returns the row and the token, which is never shown again. */
  create(t: NewToken, now: number): { row: TokenRow; token: string } {
    const name = t.name.trim();
    if (name === '' || name.length > 64) throw new HotlineError('BAD_REQUEST', 'a token needs a name of 1 to 64 characters', { key: 'name' });
    if (!isRole(t.role)) throw new HotlineError('BAD_REQUEST', `unknown role "${t.role}"; one of admin, manager, supervisor, agent, read-only`, { key: 'role' });
    const agentId = t.agentId ?? null;
    if (t.role === 'agent' && !agentId) throw new HotlineError('BAD_REQUEST', 'an agent token names its agent (the ACD agent id)', { key: 'agentId' });
    if (t.role !== 'agent' && agentId) throw new HotlineError('BAD_REQUEST', 'only an agent token names an agent', { key: 'agentId' });
    const minted = mintToken();
    const r = this.db
      .prepare('INSERT INTO api_tokens (name, role, agent_id, hash, prefix, created_at, created_by) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(name, t.role, agentId, minted.hash, minted.prefix, now, t.createdBy ?? null);
    return { row: this.get(Number(r.lastInsertRowid))!, token: minted.token };
  }

  /** The principal a live token stands for, or undefined for an unknown or revoked one. */
  principalOf(token: string, now: number): Principal | undefined {
    if (!looksLikeToken(token)) return undefined;
    const r = this.db.prepare(`${select} WHERE hash = ? AND revoked_at IS NULL`).get(hashToken(token)) as TokenRow | undefined;
    if (!r) return undefined;
    if (r.lastUsedAt === null || now - r.lastUsedAt >= touchEveryMs) {
      this.db.prepare('UPDATE api_tokens SET last_used_at = ? WHERE id = ?').run(now, r.id);
    }
    return { tokenId: r.id, name: r.name, role: r.role, agentId: r.agentId };
  }

  /** One token's row. */
  get(id: number): TokenRow | undefined {
    return this.db.prepare(`${select} WHERE id = ?`).get(id) as TokenRow | undefined;
  }

  /** Every token, revoked ones too, newest first. */
  list(): TokenRow[] {
    return this.db.prepare(`${select} ORDER BY id DESC`).all() as TokenRow[];
  }

  /** Revokes a token for good; returns its row as it was before, or undefined when there is none. */
  revoke(id: number, now: number): TokenRow | undefined {
    const before = this.get(id);
    if (!before) return undefined;
    this.db.prepare('UPDATE api_tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?').run(now, id);
    return before;
  }
}
