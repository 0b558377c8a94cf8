/** Records the API tests read: campaigns, leads in several states, attempts of two agents, call rows. */
import type { Role } from '../../../src/auth/roles.js';
import type { Harness } from './harness.js';
import { T0 } from './harness.js';

export interface Seed {
  main: number;
  /** A campaign per role, for the state-changing routes of the role table. */
  perRole: Record<Role, number>;
  leads: { fresh: number; done: number; callback: number; retry: number };
  /** Connected attempts of agent 1001 (one per role, for dispositions) and one of agent 1002. */
  attempts: Record<Role, number> & { other: number };
  calls: { agent1001: string; agent1002: string; ivrOnly: string };
}

export const phones = { fresh: '+8613800138001', done: '+8613800138002', callback: '+8613800138003', retry: '+8613800138004' };

export function seed(h: Harness): Seed {
  const { db, campaigns, leads } = h.service;
  const main = campaigns.create('main', {}, T0).id;
  const roles: Role[] = ['admin', 'manager', 'supervisor', 'agent', 'read-only'];
  const perRole = Object.fromEntries(roles.map((r) => [r, campaigns.create(`c-${r}`, {}, T0).id])) as Record<Role, number>;
  const fresh = leads.insert({ campaignId: main, phone: phones.fresh, name: '张三', now: T0 });
  const done = leads.insert({ campaignId: main, phone: phones.done, name: '李四', now: T0 });
  const callback = leads.insert({ campaignId: main, phone: phones.callback, name: '王五', state: 'callback-scheduled', dueAt: T0 + 3_600_000, callbackAt: T0 + 3_600_000, callbackAgent: '1001', now: T0 });
  const retry = leads.insert({ campaignId: main, phone: phones.retry, name: '赵六', state: 'retry-wait', dueAt: T0 + 7_200_000, now: T0 });
  db.prepare("UPDATE leads SET state = 'done-success' WHERE id = ?").run(done);
  const attempt = (leadId: number, phone: string, no: number, agent: string) =>
    Number(
      db
        .prepare(
          `INSERT INTO attempts (campaign_id, lead_id, phone, attempt_no, reason, channel_id, queued_at, dialed_at, answered_at, connected_at, ended_at, outcome, agent_id, keys)
           VALUES (?, ?, ?, ?, 'new', ?, ?, ?, ?, ?, ?, 'human', ?, '13912345678#')`,
        )
        .run(main, leadId, phone, no, `ch-${leadId}-${no}`, T0 - 60_000, T0 - 60_000, T0 - 50_000, T0 - 49_000, T0 - 10_000, agent).lastInsertRowid,
    );
  const attempts = { other: attempt(retry, phones.retry, 1, '1002') } as Seed['attempts'];
  roles.forEach((r, i) => (attempts[r] = attempt(done, phones.done, i + 1, '1001')));
  const call = (channelId: string, caller: string, agentId: string | null) =>
    h.service.repo.insert({
      channelId,
      direction: 'inbound',
      startedAt: T0 - 120_000,
      callerNumber: caller,
      calledNumber: '4008001234',
      entryNumber: '4008001234',
      answeredAt: T0 - 119_000,
      endedAt: T0 - 30_000,
      agentId,
      endedIn: agentId ? 'agent' : 'caller-hangup',
      queueGroup: agentId ? 'general' : null,
      queueWaitMs: agentId ? 8000 : null,
      digits: '1',
      ivrPath: [{ node: 'main_menu', key: '1', note: 'chosen', at: T0 - 110_000 }],
    });
  call('in-1001', '13900000011', '1001');
  call('in-1002', '13900000012', '1002');
  call('in-ivr', '13900000013', null);
  h.service.repo.flush();
  return { main, perRole, leads: { fresh, done, callback, retry }, attempts, calls: { agent1001: 'in-1001', agent1002: 'in-1002', ivrOnly: 'in-ivr' } };
}
