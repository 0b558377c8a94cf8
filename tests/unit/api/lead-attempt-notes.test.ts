import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, T0, type Harness } from './harness.js';
import { phones, seed, type Seed } from './seed.js';

// Issue 17 item 7: an agent's /leads/:id listed other agents' attempt notes.
describe("GET /leads/:id for an agent", () => {
  let h: Harness;
  let s: Seed;
  beforeAll(async () => {
    h = await harness();
    s = seed(h);
    // Agent 1002 also called the lead agent 1001 talked to, and noted something.
    h.service.db
      .prepare(
        `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, channel_id, queued_at, dialed_at, ended_at, outcome, agent_id, keys, notes)
         VALUES (?, ?, ?, 99, 'retry', 'ch-other-notes', ?, ?, ?, 'human', '1002', '4321#', 'customer is angry about the bill')`,
      )
      .run(s.main, s.leads.done, phones.done, T0 - 5000, T0 - 5000, T0 - 1000);
    h.service.db.prepare("UPDATE attempts SET notes = 'my own note' WHERE id = ?").run(s.attempts.agent);
  });
  afterAll(async () => h.close());

  it("keeps the other agent's attempt in the history without its notes or keys", async () => {
    const list = (await h.as('agent', { method: 'GET', url: `/api/v1/leads/${s.leads.done}` })).json().attemptList as Array<{ agentId: string; notes: string | null; keys: string | null; outcome: string }>;
    const other = list.find((a) => a.agentId === '1002')!;
    expect(other).toMatchObject({ outcome: 'human', notes: null, keys: null });
    expect(list.find((a) => a.agentId === '1001' && a.notes === 'my own note')).toBeDefined();
  });

  it('staff still read every note', async () => {
    const list = (await h.as('supervisor', { method: 'GET', url: `/api/v1/leads/${s.leads.done}` })).json().attemptList as Array<{ agentId: string; notes: string | null }>;
    expect(list.find((a) => a.agentId === '1002')!.notes).toBe('customer is angry about the bill');
  });
});
