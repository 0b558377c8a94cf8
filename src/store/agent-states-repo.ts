import type { Db } from './db.js';

export interface AgentStateChange {
  agentId: string;
  state: string;
  reason: string | null;
  at: number;
}

/** Agent state changes as they were seen, for agent-hours in the reports. */
export class AgentStatesRepo {
  constructor(private readonly db: Db) {}

  /** Appends changes in one transaction. */
  add(changes: readonly AgentStateChange[]): void {
    if (!changes.length) return;
    const stmt = this.db.prepare('INSERT INTO agent_states (agent_id, state, reason, at) VALUES (?, ?, ?, ?)');
    this.db.transaction(() => {
      for (const c of changes) stmt.run(c.agentId, c.state, c.reason, c.at);
    })();
  }

  /** Each agent's last recorded state. */
  latest(): Map<string, string> {
    const rows = this.db
      .prepare('SELECT agent_id AS agentId, state FROM agent_states s WHERE id = (SELECT MAX(id) FROM agent_states p WHERE p.agent_id = s.agent_id)')
      .all() as Array<{ agentId: string; state: string }>;
    return new Map(rows.map((r) => [r.agentId, r.state]));
  }

  /** The last change of each agent before `before`, and every change in [from, to), in time order. */
  between(from: number, to: number): AgentStateChange[] {
    return this.db
      .prepare(
        `SELECT agent_id AS agentId, state, reason, at FROM agent_states s
         WHERE (at >= @from AND at < @to)
            OR id = (SELECT id FROM agent_states p WHERE p.agent_id = s.agent_id AND p.at < @from ORDER BY p.at DESC, p.id DESC LIMIT 1)
         ORDER BY at, id`,
      )
      .all({ from, to }) as AgentStateChange[];
  }
}
