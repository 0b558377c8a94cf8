/**
 * Every role against every route: the status each role gets, from a table written out by hand (not derived from the
 * grants table it checks). Allowed roles get the route's success status; agents asking for another agent's record get
 * 404, as if it did not exist; everyone else gets 403. Requests without a valid token get 401 everywhere.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../../src/auth/roles.js';
import { createCallback } from '../../../src/dialer/callback-commands.js';
import { openComplaint } from '../../../src/desk/complaint-commands.js';
import { createWorkOrder } from '../../../src/desk/work-order-commands.js';
import { workOrderSettings } from '../../../src/desk/work-order-settings.js';
import { demoV1, demoV2 } from './flow-texts.js';
import { harness, T0, type Harness } from './harness.js';
import { seed, type Seed } from './seed.js';
import { storeOf } from '../../../src/store/store.js';

const roles: Role[] = ['admin', 'manager', 'supervisor', 'agent', 'read-only'];
type Expect = Record<Role, number>;

/** `ok` for the listed roles, 403 for the rest; `notMine` for the agent when the record is another agent's. */
function only(ok: number, allowed: string, agentGets?: number): Expect {
  const list = allowed.split(' ');
  const out = Object.fromEntries(roles.map((r) => [r, list.includes(r) ? ok : 403])) as Expect;
  if (agentGets !== undefined) out.agent = agentGets;
  return out;
}
const everyone = 'admin manager supervisor agent read-only';
const staff = 'admin manager supervisor';

interface Case {
  name: string;
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  url: (s: Seed, r: Role) => string;
  body?: (s: Seed, r: Role) => unknown;
  multipart?: boolean;
  expect: Expect;
}

const at = new Date(T0 + 2 * 3_600_000).toISOString();
let versions: { v1: string; v2: string };
let reportFile = '';
const recs = { own: 0, other: 0 };
const extra: { callbacks: Record<Role, number>; tokens: Record<Role, number>; complaints: Record<Role, number>; orders: Record<Role, string> } = {
  callbacks: {} as Record<Role, number>,
  tokens: {} as Record<Role, number>,
  complaints: {} as Record<Role, number>,
  orders: {} as Record<Role, string>,
};
const blockedNumber = (r: Role) => `1330000000${roles.indexOf(r)}`;
const dncNumber = (r: Role) => `1390000010${roles.indexOf(r)}`;

const cases: Case[] = [
  { name: 'list campaigns', method: 'GET', url: () => '/api/v1/campaigns', expect: only(200, everyone) },
  { name: 'get a campaign', method: 'GET', url: (s) => `/api/v1/campaigns/${s.main}`, expect: only(200, everyone) },
  { name: 'create a campaign', method: 'POST', url: () => '/api/v1/campaigns', body: (_s, r) => ({ name: `new-${r}` }), expect: only(201, 'admin manager') },
  { name: 'edit a campaign', method: 'PATCH', url: (s, r) => `/api/v1/campaigns/${s.perRole[r]}`, body: () => ({ settings: { maxLines: 3 } }), expect: only(200, 'admin manager') },
  { name: 'start a campaign', method: 'POST', url: (s, r) => `/api/v1/campaigns/${s.perRole[r]}/start`, expect: only(200, 'admin manager') },
  { name: 'pause a campaign', method: 'POST', url: (s, r) => `/api/v1/campaigns/${s.perRole[r]}/pause`, expect: only(200, 'admin manager') },
  { name: 'clone a campaign', method: 'POST', url: (s, r) => `/api/v1/campaigns/${s.perRole[r]}/clone`, body: (_s, r) => ({ name: `clone-${r}` }), expect: only(201, 'admin manager') },
  { name: 'stop a campaign', method: 'POST', url: (s, r) => `/api/v1/campaigns/${s.perRole[r]}/stop`, expect: only(200, 'admin manager') },
  { name: 'upload a list', method: 'POST', url: (s) => `/api/v1/campaigns/${s.main}/lists`, multipart: true, expect: only(200, 'admin manager') },
  { name: 'search leads', method: 'GET', url: () => '/api/v1/leads?state=new,done-success', expect: only(200, everyone) },
  { name: 'a lead the agent talked to', method: 'GET', url: (s) => `/api/v1/leads/${s.leads.done}`, expect: only(200, everyone) },
  { name: "a lead that is not the agent's", method: 'GET', url: (s) => `/api/v1/leads/${s.leads.fresh}`, expect: only(200, everyone, 404) },
  { name: 'export leads', method: 'GET', url: (s) => `/api/v1/leads/export?campaignId=${s.main}`, expect: only(200, staff) },
  { name: 'list attempts', method: 'GET', url: () => '/api/v1/attempts', expect: only(200, everyone) },
  { name: "another agent's attempt", method: 'GET', url: (s) => `/api/v1/attempts/${s.attempts.other}`, expect: only(200, everyone, 404) },
  { name: 'record a disposition', method: 'POST', url: (s, r) => `/api/v1/attempts/${s.attempts[r]}/disposition`, body: () => ({ disposition: 'callback-later' }), expect: only(200, 'admin manager supervisor agent') },
  { name: 'list calls', method: 'GET', url: () => '/api/v1/calls', expect: only(200, everyone) },
  { name: "another agent's call", method: 'GET', url: (s) => `/api/v1/calls/${s.calls.agent1002}`, expect: only(200, everyone, 404) },
  { name: 'read a DNC list', method: 'GET', url: () => '/api/v1/dnc', expect: only(200, staff) },
  { name: 'check a number', method: 'GET', url: () => '/api/v1/dnc/check?phone=13800138001', expect: only(200, 'admin manager agent') },
  { name: 'add to DNC', method: 'POST', url: () => '/api/v1/dnc', body: (_s, r) => ({ phone: `1370000000${roles.indexOf(r)}`, reason: 'asked' }), expect: only(201, staff) },
  { name: 'remove from DNC', method: 'DELETE', url: (_s, r) => `/api/v1/dnc/${dncNumber(r)}`, expect: only(200, 'admin manager') },
  { name: 'bulk DNC', method: 'POST', url: () => '/api/v1/dnc/bulk', body: () => ({ add: ['13600000001'], remove: [] }), expect: only(200, 'admin manager') },
  { name: 'list callbacks', method: 'GET', url: () => '/api/v1/callbacks', expect: only(200, everyone) },
  { name: 'create a callback', method: 'POST', url: () => '/api/v1/callbacks', body: (s, r) => ({ campaignId: s.main, phone: `1350000000${roles.indexOf(r)}`, at }), expect: only(201, 'admin manager supervisor agent') },
  { name: 'move a callback', method: 'PATCH', url: (s) => `/api/v1/callbacks/${s.leads.callback}`, body: () => ({ at }), expect: only(200, 'admin manager supervisor agent') },
  { name: 'cancel a callback', method: 'DELETE', url: (_s, r) => `/api/v1/callbacks/${extra.callbacks[r]}`, expect: only(200, 'admin manager supervisor agent') },
  { name: 'list agents', method: 'GET', url: () => '/api/v1/agents', expect: only(200, everyone) },
  { name: 'own agent', method: 'GET', url: () => '/api/v1/agents/1001', expect: only(200, everyone) },
  { name: 'another agent', method: 'GET', url: () => '/api/v1/agents/1002', expect: only(200, everyone, 404) },
  { name: 'create an agent', method: 'POST', url: () => '/api/v1/agents', body: (_s, r) => ({ id: `30${roles.indexOf(r)}0`, name: `Agent by ${r}`, skills: { general: 1 }, password: 'role-test-pw' }), expect: only(201, 'admin manager') },
  { name: 'edit an agent', method: 'PATCH', url: () => '/api/v1/agents/3100', body: () => ({ name: 'edited' }), expect: only(200, 'admin manager') },
  { name: 'delete an agent', method: 'DELETE', url: (_s, r) => `/api/v1/agents/${3200 + roles.indexOf(r)}`, expect: only(200, 'admin manager') },
  { name: 'pause an agent', method: 'POST', url: () => '/api/v1/agents/1001/pause', body: () => ({ reason: 'break' }), expect: only(200, 'admin supervisor agent') },
  { name: 'ready an agent', method: 'POST', url: () => '/api/v1/agents/1001/ready', expect: only(200, 'admin supervisor agent') },
  { name: 'list flows', method: 'GET', url: () => '/api/v1/flows', expect: only(200, 'admin manager supervisor read-only') },
  { name: 'validate a flow', method: 'POST', url: () => '/api/v1/flows/validate', body: () => ({ name: 'demo', content: demoV1 }), expect: only(200, 'admin manager supervisor read-only') },
  { name: 'upload a flow', method: 'POST', url: () => '/api/v1/flows/demo/versions', body: () => ({ content: demoV1 }), expect: only(201, 'admin manager') },
  { name: 'list flow versions', method: 'GET', url: () => '/api/v1/flows/demo/versions', expect: only(200, 'admin manager supervisor read-only') },
  { name: 'read a flow version', method: 'GET', url: () => `/api/v1/flows/demo/versions/${versions.v1}`, expect: only(200, 'admin manager supervisor read-only') },
  { name: 'activate a flow version', method: 'POST', url: () => `/api/v1/flows/demo/versions/${versions.v2}/activate`, expect: only(200, 'admin manager') },
  { name: 'roll a flow back', method: 'POST', url: () => '/api/v1/flows/demo/rollback', expect: only(200, 'admin manager') },
  { name: 'list reports', method: 'GET', url: () => '/api/v1/reports', expect: only(200, 'admin manager supervisor read-only') },
  { name: 'KPIs on demand', method: 'GET', url: () => '/api/v1/reports/kpis?from=2026-03-09&to=2026-03-10', expect: only(200, 'admin manager supervisor read-only') },
  { name: 'run a report', method: 'POST', url: () => '/api/v1/reports/run', body: () => ({ kind: 'daily', date: '2026-03-09' }), expect: only(201, 'admin manager') },
  { name: 'download a report', method: 'GET', url: () => `/api/v1/reports/files/${reportFile}`, expect: only(200, 'admin manager supervisor read-only') },
  { name: 'list recordings', method: 'GET', url: () => '/api/v1/recordings', expect: only(200, everyone) },
  { name: 'one recording', method: 'GET', url: () => `/api/v1/recordings/${recs.own}`, expect: only(200, everyone) },
  { name: "another agent's recording", method: 'GET', url: () => `/api/v1/recordings/${recs.other}`, expect: only(200, everyone, 404) },
  { name: 'listen to a recording', method: 'GET', url: () => `/api/v1/recordings/${recs.own}/audio`, expect: only(200, 'admin manager supervisor agent') },
  { name: "listen to another agent's recording", method: 'GET', url: () => `/api/v1/recordings/${recs.other}/audio`, expect: only(200, 'admin manager supervisor agent', 404) },
  // The seeded conversation is recorded already (inbound: all), so each allowed role gets the running one back.
  { name: 'start a recording on demand', method: 'POST', url: (s) => `/api/v1/calls/${s.calls.agent1001}/recording`, expect: only(200, 'admin supervisor agent') },
  { name: 'staffing: inbound', method: 'POST', url: () => '/api/v1/staffing/inbound', body: () => ({ calls: [100, 140] }), expect: only(200, 'admin manager supervisor read-only') },
  { name: 'staffing: outbound', method: 'POST', url: () => '/api/v1/staffing/outbound', body: () => ({ contactsPerHour: 2, sim: { replications: 1, hours: 0.5, agents: 1 } }), expect: only(200, 'admin manager supervisor read-only') },
  { name: 'list tokens', method: 'GET', url: () => '/api/v1/tokens', expect: only(200, 'admin') },
  { name: 'mint a token', method: 'POST', url: () => '/api/v1/tokens', body: (_s, r) => ({ name: `minted-by-${r}`, role: 'read-only' }), expect: only(201, 'admin') },
  { name: 'revoke a token', method: 'DELETE', url: (_s, r) => `/api/v1/tokens/${extra.tokens[r]}`, expect: only(200, 'admin') },
  { name: 'read the audit log', method: 'GET', url: () => '/api/v1/audit', expect: only(200, 'admin') },
  { name: 'who am I', method: 'GET', url: () => '/api/v1/me', expect: only(200, everyone) },
  { name: 'calls by hour', method: 'GET', url: () => '/api/v1/reports/hourly?from=2026-03-09&to=2026-03-10', expect: only(200, 'admin manager supervisor read-only') },
  { name: 'dial refusals', method: 'GET', url: () => '/api/v1/reports/dial-refusals?from=2026-03-09&to=2026-03-10', expect: only(200, 'admin manager supervisor read-only') },
  // The service desk (issue 15).
  { name: 'wrap-up categories', method: 'GET', url: () => '/api/v1/desk/categories', expect: only(200, everyone) },
  { name: 'wrap up a call', method: 'POST', url: (_s, r) => `/api/v1/calls/wrap-${r}/wrap-up`, body: () => ({ category: 'consult', result: 'resolved' }), expect: only(201, 'admin manager supervisor agent') },
  { name: "read a call's wrap-up", method: 'GET', url: () => '/api/v1/calls/wrap-admin/wrap-up', expect: only(200, everyone) },
  { name: 'complaint categories', method: 'GET', url: () => '/api/v1/desk/complaint-categories', expect: only(200, everyone) },
  { name: 'register a complaint', method: 'POST', url: () => '/api/v1/complaints', body: () => ({ callerNumber: '13900139000', category: 'billing', department: 'finance', description: '多收费' }), expect: only(201, 'admin manager supervisor agent') },
  { name: 'list complaints', method: 'GET', url: () => '/api/v1/complaints', expect: only(200, everyone) },
  { name: 'complaint statistics', method: 'GET', url: () => '/api/v1/complaints/stats?from=2026-03-09T00:00:00%2B08:00&to=2026-03-11T00:00:00%2B08:00', expect: only(200, everyone) },
  { name: 'one complaint', method: 'GET', url: (_s, r) => `/api/v1/complaints/${extra.complaints[r]}`, expect: only(200, everyone) },
  { name: 'move a complaint', method: 'POST', url: (_s, r) => `/api/v1/complaints/${extra.complaints[r]}/actions`, body: () => ({ action: 'start' }), expect: only(200, 'admin manager supervisor agent') },
  { name: 'create a work order', method: 'POST', url: () => '/api/v1/work-orders', body: () => ({ callerNumber: '13900139000', description: '漏水' }), expect: only(201, 'admin manager supervisor agent') },
  { name: 'list work orders', method: 'GET', url: () => '/api/v1/work-orders?overdue=true', expect: only(200, everyone) },
  { name: 'one work order', method: 'GET', url: (_s, r) => `/api/v1/work-orders/${extra.orders[r]}`, expect: only(200, everyone) },
  { name: "change a work order's status", method: 'POST', url: (_s, r) => `/api/v1/work-orders/${extra.orders[r]}/status`, body: () => ({ status: 'in-progress' }), expect: only(200, 'admin manager supervisor agent') },
  { name: 'read a caller list', method: 'GET', url: () => '/api/v1/caller-lists/vip', expect: only(200, staff) },
  { name: 'block a caller', method: 'POST', url: () => '/api/v1/caller-lists/blocked', body: (_s, r) => ({ number: blockedNumber(r) }), expect: only(201, staff) },
  { name: 'unblock a caller', method: 'DELETE', url: (_s, r) => `/api/v1/caller-lists/blocked/${blockedNumber(r)}`, expect: only(200, staff) },
];

function multipart(name: string, content: string): { payload: string; headers: Record<string, string> } {
  const b = '----hotline-test-boundary';
  const payload = `--${b}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: text/csv\r\n\r\n${content}\r\n--${b}--\r\n`;
  return { payload, headers: { 'content-type': `multipart/form-data; boundary=${b}` } };
}

describe('role × route', () => {
  let h: Harness;
  let s: Seed;
  beforeAll(async () => {
    // Hundreds of deliberate failures below: the failed-auth limit is tested on its own in auth.test.ts.
    h = await harness((c) => {
      c.api.auth.maxFailures = 10_000;
      c.recordings.inbound = 'all';
      c.recordings.dir = join(dirname(c.store.path), 'rec');
      mkdirSync(c.recordings.dir);
    });
    s = seed(h);
    // Conversations of agents 1001 and 1002 in progress, recorded by the line setting; their files written.
    for (const [channelId, agentId] of [[s.calls.agent1001, '1001'], [s.calls.agent1002, '1002']] as const) {
      h.service.recordings.bridged({ channelId, legId: `leg-${channelId}`, bridgeId: `br-${channelId}`, agentId });
      await new Promise((r) => setImmediate(r));
      const row = h.service.recordingsRepo.open(channelId)!;
      writeFileSync(row.path, Buffer.alloc(64));
      recs[agentId === '1001' ? 'own' : 'other'] = row.id;
    }
    writeFileSync(join(h.config.prompts.dir, 'hello.wav'), 'RIFF');
    for (const r of roles) {
      h.service.dnc.add(`+86${dncNumber(r)}`, 0, 'seed', T0);
      extra.callbacks[r] = createCallback(storeOf(h.service.db), { campaignId: s.main, phone: `1340000000${roles.indexOf(r)}`, at: T0 + 3_600_000, agentId: '1001' }, T0).after.id;
      extra.tokens[r] = h.api.tokens.create({ name: `to-revoke-${r}`, role: 'read-only' }, T0).row.id;
      // A finished inbound call of agent 1001 to wrap up, a complaint to move and a work order to change, per role.
      h.service.repo.insert({ channelId: `wrap-${r}`, direction: 'inbound', startedAt: T0 - 60_000, callerNumber: '13800138000', calledNumber: '4008001234', answeredAt: T0 - 50_000, endedAt: T0 - 1000, agentId: '1001' });
      const desk = { tokenId: 0, name: 'seed', role: 'admin' as const, agentId: null };
      extra.complaints[r] = openComplaint(h.api.store, h.config.desk, desk, { callerNumber: '13900139000', category: 'billing', department: 'finance', description: 'x' }, undefined, T0).id;
      extra.orders[r] = createWorkOrder(h.api.store, workOrderSettings(h.config), desk, { description: 'x' }, undefined, T0).orderNo;
    }
    h.service.repo.flush();
    // API agents to edit and, one per role, to delete (logged out, as they are created).
    const seeder = { tokenId: 0, name: 'seed', role: 'admin' as const, agentId: null };
    for (const id of ['3100', ...roles.map((_r, i) => String(3200 + i))]) await h.api.agents.create(seeder, { id, name: `Agent ${id}`, skills: { general: 1 }, password: 'seed-password' });
    const up = (content: string) => h.as('admin', { method: 'POST', url: '/api/v1/flows/demo/versions', payload: { content, activate: true } });
    versions = { v1: (await up(demoV1)).json().version, v2: (await up(demoV2)).json().version };
    reportFile = (await h.as('admin', { method: 'POST', url: '/api/v1/reports/run', payload: { kind: 'daily', date: '2026-03-08' } })).json().csv.split('/').pop();
  });
  afterAll(async () => h.close());

  for (const c of cases) {
    it(`${c.method} ${c.name}`, async () => {
      const got: Partial<Expect> = {};
      for (const r of roles) {
        const opts = c.multipart
          ? { method: c.method, url: c.url(s, r), ...multipart('list.csv', `电话,姓名\n1380013${String(9000 + roles.indexOf(r))},客户\n`) }
          : { method: c.method, url: c.url(s, r), ...(c.body ? { payload: c.body(s, r) as object } : {}) };
        const res = await h.as(r, opts);
        got[r] = res.statusCode;
        if (res.statusCode >= 400) expect(res.json()).toMatchObject({ code: expect.any(String), message: expect.any(String), details: expect.any(Object) });
      }
      expect(got).toEqual(c.expect);
    });
  }

  it('the live feed opens for the roles that may watch', async () => {
    const got: Partial<Expect> = {};
    for (const r of roles) {
      const res = await h.app.inject({ method: 'GET', url: '/api/v1/live', headers: { authorization: `Bearer ${h.tokens[r]}` }, payloadAsStream: true });
      got[r] = res.statusCode;
      res.stream().destroy();
    }
    expect(got).toEqual(only(200, 'admin manager supervisor read-only'));
  });

  it('every route answers 401 without a token, with a wrong one, and with a revoked one', async () => {
    const revoked = h.api.tokens.create({ name: 'gone', role: 'admin' }, T0);
    h.api.tokens.revoke(revoked.row.id, T0);
    for (const c of [...cases, { name: 'live', method: 'GET' as const, url: () => '/api/v1/live', expect: only(200, everyone) }]) {
      for (const authorization of [undefined, 'Bearer hl_' + 'x'.repeat(43), `Bearer ${revoked.token}`, `Basic ${h.tokens.admin}`]) {
        const res = await h.as(authorization === undefined ? {} : { authorization }, { method: c.method, url: c.url(s, 'admin'), ...(c.body ? { payload: c.body(s, 'admin') as object } : {}) });
        expect(res.statusCode, `${c.method} ${c.name} with ${authorization ?? 'no header'}`).toBe(401);
        expect(res.json().code).toBe('AUTH_REQUIRED');
      }
    }
  });

  it('/health needs no token', async () => {
    expect((await h.app.inject({ method: 'GET', url: '/health' })).statusCode).toBe(503); // ARI is a stub that never connects
  });
});
