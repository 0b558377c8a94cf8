import { existsSync, readFileSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { agentEndpointFields, sipDigestHa1 } from '../../../src/acd/agent-phone.js';
import type { ConnectionEvent, SipPhone } from '../../../src/ari/port.js';
import { HotlineError } from '../../../src/errors.js';
import { createLogger } from '../../../src/log/logger.js';
import { createService } from '../../../src/service/service.js';
import { harness, stubPort, type Harness } from './harness.js';

const password = 'Secret-1010!';

describe('agents through the API: create, edit, delete', () => {
  let h: Harness;
  let pushed: SipPhone[];
  let removed: string[];
  const push = vi.fn(async (p: SipPhone) => void pushed.push(p));
  const remove = vi.fn(async (id: string) => void removed.push(id));
  beforeAll(async () => {
    h = await harness();
    Object.assign(h.service.port, { pushSipPhone: push, removeSipPhone: remove });
  });
  afterAll(async () => h.close());
  const reset = () => {
    pushed = [];
    removed = [];
    push.mockClear();
    remove.mockClear();
  };
  const create = (who: Parameters<Harness['as']>[0], body: object) => h.as(who, { method: 'POST', url: '/api/v1/agents', payload: body });
  const good = { id: '1010', name: 'Agent 1010', skills: { general: 5, vip: 2 }, password };
  const audit = async () =>
    (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=agent' })).json().items as Array<{ action: string; entityId: string; actor: string; before: unknown; after: unknown }>;

  it("creates an agent logged out, pushes their phone with the digest only, and lists them with the config's", async () => {
    reset();
    const res = await create('admin', good);
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ id: '1010', name: 'Agent 1010', source: 'api', skills: { general: 5, vip: 2 }, state: 'logged-out', currentCall: null });
    expect(res.body).not.toContain(password);
    expect(pushed).toEqual([
      {
        id: '1010',
        auth: { auth_type: 'md5', username: '1010', realm: 'asterisk', md5_cred: sipDigestHa1('1010', 'asterisk', password) },
        aor: { max_contacts: '1', remove_existing: 'yes' },
        endpoint: agentEndpointFields('1010'),
      },
    ]);
    const list = (await h.as('supervisor', { method: 'GET', url: '/api/v1/agents' })).json().items as Array<{ id: string; source: string; state: string }>;
    expect(list.map((a) => `${a.id}:${a.source}:${a.state}`)).toEqual(['1001:config:ready', '1002:config:ready', '1003:config:ready', '1004:config:ready', '1010:api:logged-out']);
    expect((await h.as('read-only', { method: 'GET', url: '/api/v1/agents/1010' })).json().name).toBe('Agent 1010');
    expect(h.service.acd.agentList().find((a) => a.id === '1010')).toMatchObject({ state: 'logged-out', skills: { general: 5, vip: 2 } });
  });

  it('keeps the md5 digest and never the password, in the row, the audit log or the database files', async () => {
    const row = h.service.agentsRepo.get('1010')!;
    expect(row).toMatchObject({ sipRealm: 'asterisk', sipHa1: sipDigestHa1('1010', 'asterisk', password), createdBy: 'root' });
    const [entry] = await audit();
    expect(entry).toMatchObject({ action: 'agent.create', entityId: '1010', actor: 'root', after: { id: '1010', name: 'Agent 1010', skills: { general: 5, vip: 2 } } });
    expect(JSON.stringify(entry)).not.toContain(row.sipHa1);
    const path = h.config.store.path;
    for (const file of [path, `${path}-wal`].filter(existsSync)) expect(readFileSync(file).includes(password), file).toBe(false);
  });

  it('logs the new agent in through the API, and the ACD then offers them calls for their skills', async () => {
    expect(h.service.acd.readyAgents('general')).not.toContain('1010');
    const res = await h.as('supervisor', { method: 'POST', url: '/api/v1/agents/1010/login' });
    expect(res.json().state).toBe('ready');
    expect(h.service.acd.readyAgents('general')).toContain('1010');
    expect(h.service.acd.readyAgents('vip')).toContain('1010');
    expect(h.service.acd.readyAgents('complaint')).not.toContain('1010');
  });

  it('names the field at fault in a bad body, and stores nothing', async () => {
    reset();
    const cases: Array<[object, string]> = [
      [{ ...good, id: undefined }, 'id'],
      [{ ...good, id: '12' }, 'id'],
      [{ ...good, id: '123456789' }, 'id'],
      [{ ...good, id: '10a0' }, 'id'],
      [{ ...good, id: '1020', name: '  ' }, 'name'],
      [{ ...good, id: '1020', password: 'short' }, 'password'],
      [{ ...good, id: '1020', password: 'has a space in it' }, 'password'],
      [{ ...good, id: '1020', password: undefined }, 'password'],
      [{ ...good, id: '1020', skills: {} }, 'skills'],
      [{ ...good, id: '1020', skills: { general: 11 } }, 'skills.general'],
      [{ ...good, id: '1020', skills: { general: 0 } }, 'skills.general'],
      [{ ...good, id: '1020', skills: { general: 2.5 } }, 'skills.general'],
      [{ ...good, id: '1020', skills: { nosuch: 3 } }, 'skills.nosuch'],
      [{ ...good, id: '1020', extension: '1020' }, 'extension'],
    ];
    for (const [body, field] of cases) {
      const res = await create('admin', body);
      expect([res.statusCode, res.json().code, res.json().details.field], JSON.stringify(body)).toEqual([400, 'BAD_REQUEST', field]);
      expect(res.body).not.toContain(password);
    }
    expect(pushed).toEqual([]);
    expect(h.service.agentsRepo.get('1020')).toBeUndefined();
  });

  it('refuses a duplicate id, from the config, the API, or a SIP endpoint in pjsip.conf, with 409', async () => {
    reset();
    for (const id of ['1001', '1010']) {
      const res = await create('admin', { ...good, id });
      expect([res.statusCode, res.json().code, res.json().details.field]).toEqual([409, 'AGENT_EXISTS', 'id']);
    }
    expect(pushed).toEqual([]);
    push.mockRejectedValueOnce(new HotlineError('SIP_ENDPOINT_STATIC', "Asterisk's own config has auth 1005", { key: '1005' }));
    const res = await create('admin', { ...good, id: '1005' });
    expect([res.statusCode, res.json().code, res.json().message]).toEqual([409, 'AGENT_EXISTS', "Asterisk's own config (pjsip.conf) has a SIP endpoint 1005"]);
    expect(h.service.agentsRepo.get('1005')).toBeUndefined();
    expect(h.service.acd.agentList().some((a) => a.id === '1005')).toBe(false);
  });

  it('stores nothing when Asterisk cannot be reached (503), and removes what was half pushed', async () => {
    reset();
    push.mockRejectedValueOnce(new HotlineError('ARI_UNAVAILABLE', 'ARI not reachable'));
    const res = await create('admin', { ...good, id: '1011' });
    expect([res.statusCode, res.json().code]).toEqual([503, 'ARI_UNAVAILABLE']);
    expect(removed).toEqual(['1011']);
    expect(h.service.agentsRepo.get('1011')).toBeUndefined();
    expect(h.service.acd.agentList().some((a) => a.id === '1011')).toBe(false);
    expect((await audit()).filter((e) => e.entityId === '1011')).toEqual([]);
  });

  it("edits an API agent's name and skills, keeping their state, with before and after in the audit log", async () => {
    const res = await h.as('manager', { method: 'PATCH', url: '/api/v1/agents/1010', payload: { name: '王芳', skills: { complaint: 7 } } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ id: '1010', name: '王芳', skills: { complaint: 7 }, state: 'ready', source: 'api' });
    expect(h.service.acd.readyAgents('complaint')).toContain('1010');
    expect(h.service.acd.readyAgents('general')).not.toContain('1010');
    expect(h.service.agentsRepo.get('1010')).toMatchObject({ name: '王芳', skills: { complaint: 7 } });
    const [entry] = await audit();
    expect(entry).toMatchObject({ action: 'agent.edit', entityId: '1010', actor: 'wang-manager', before: { name: 'Agent 1010', skills: { general: 5, vip: 2 } }, after: { name: '王芳', skills: { complaint: 7 } } });
    const nameOnly = await h.as('admin', { method: 'PATCH', url: '/api/v1/agents/1010', payload: { name: 'Wang Fang' } });
    expect(nameOnly.json()).toMatchObject({ name: 'Wang Fang', skills: { complaint: 7 } });
  });

  it('refuses edits to config agents (409), unknown agents (404) and empty or bad bodies (400 with the field)', async () => {
    const patch = (url: string, payload: object) => h.as('admin', { method: 'PATCH', url, payload });
    const inConfig = await patch('/api/v1/agents/1001', { name: 'x' });
    expect([inConfig.statusCode, inConfig.json().code]).toEqual([409, 'AGENT_IN_CONFIG']);
    expect((await patch('/api/v1/agents/9999', { name: 'x' })).statusCode).toBe(404);
    for (const [payload, field] of [
      [{}, 'name'],
      [{ skills: { general: 12 } }, 'skills.general'],
      [{ skills: { nosuch: 1 } }, 'skills.nosuch'],
      [{ password: 'new-password-1' }, 'password'],
    ] as const) {
      const res = await patch('/api/v1/agents/1010', payload);
      expect([res.statusCode, res.json().details.field], JSON.stringify(payload)).toEqual([400, field]);
    }
    expect(h.service.acd.agentList().find((a) => a.id === '1001')!.name).toBe('Agent 1001');
  });

  it('deletes an API agent only once logged out, and removes their phone from Asterisk', async () => {
    reset();
    const del = () => h.as('admin', { method: 'DELETE', url: '/api/v1/agents/1010' });
    const busy = await del();
    expect([busy.statusCode, busy.json().code, busy.json().details.state]).toEqual([409, 'AGENT_LOGGED_IN', 'ready']);
    expect(removed).toEqual([]);
    await h.as('admin', { method: 'POST', url: '/api/v1/agents/1010/logout' });
    const ok = await del();
    expect([ok.statusCode, ok.json()]).toEqual([200, { removed: true }]);
    expect(removed).toEqual(['1010']);
    expect(h.service.agentsRepo.get('1010')).toBeUndefined();
    expect(h.service.acd.agentList().some((a) => a.id === '1010')).toBe(false);
    expect((await h.as('admin', { method: 'GET', url: '/api/v1/agents/1010' })).statusCode).toBe(404);
    expect((await audit())[0]).toMatchObject({ action: 'agent.delete', entityId: '1010', before: { id: '1010', name: 'Wang Fang' } });
    expect((await del()).statusCode).toBe(404);
    const inConfig = await h.as('admin', { method: 'DELETE', url: '/api/v1/agents/1002' });
    expect([inConfig.statusCode, inConfig.json().code]).toEqual([409, 'AGENT_IN_CONFIG']);
  });

  it('a deleted id can be created again; Asterisk failing to remove a phone does not undo the delete', async () => {
    reset();
    expect((await create('manager', { ...good, id: '1010' })).statusCode).toBe(201);
    remove.mockRejectedValueOnce(new HotlineError('ARI_UNAVAILABLE', 'ARI not reachable'));
    const res = await h.as('admin', { method: 'DELETE', url: '/api/v1/agents/1010' });
    expect(res.statusCode).toBe(200);
    expect(h.service.agentsRepo.get('1010')).toBeUndefined();
  });

  it('lets admins and managers create, edit and delete; supervisors, agents and read-only viewers get 403', async () => {
    reset();
    for (const who of ['supervisor', 'agent', 'read-only'] as const) {
      expect((await create(who, { ...good, id: '1030' })).statusCode, who).toBe(403);
      expect((await h.as(who, { method: 'PATCH', url: '/api/v1/agents/1001', payload: { name: 'x' } })).statusCode, who).toBe(403);
      expect((await h.as(who, { method: 'DELETE', url: '/api/v1/agents/1001' })).statusCode, who).toBe(403);
    }
    expect(pushed).toEqual([]);
    expect((await create({}, { ...good, id: '1030' })).statusCode).toBe(401);
  });
});

describe('stored agents across a restart', () => {
  it('are in the ACD again at start (logged out) and their phones are pushed on every ARI connection', async () => {
    const h = await harness();
    Object.assign(h.service.port, { pushSipPhone: async () => undefined });
    expect((await h.as('admin', { method: 'POST', url: '/api/v1/agents', payload: { id: '2001', name: 'A', skills: { general: 1 }, password } })).statusCode).toBe(201);
    await h.as('admin', { method: 'POST', url: '/api/v1/agents/2001/login' });
    await h.app.close();
    await h.service.stop();

    // The same database in a new service, on a port that connects, drops and connects again (an Asterisk restart).
    const listeners = new Set<(e: ConnectionEvent) => void>();
    const pushes: string[] = [];
    const port = Object.assign(stubPort(), {
      onConnection: (l: (e: ConnectionEvent) => void) => (listeners.add(l), () => listeners.delete(l)),
      pushSipPhone: async (p: SipPhone) => void pushes.push(`${p.id}:${p.auth.md5_cred}`),
    });
    const service = createService(h.config, { port, logger: createLogger('silent') });
    try {
      expect(service.acd.agentList().find((a) => a.id === '2001')).toMatchObject({ state: 'logged-out', name: 'A' });
      await service.start();
      const emit = (e: ConnectionEvent) => listeners.forEach((l) => l(e));
      emit({ type: 'connected', reconnect: false, at: Date.now() });
      await vi.waitFor(() => expect(pushes).toHaveLength(1));
      emit({ type: 'disconnected', reason: 'test', at: Date.now() });
      emit({ type: 'connected', reconnect: true, at: Date.now() });
      await vi.waitFor(() => expect(pushes).toHaveLength(2));
      expect(pushes).toEqual([`2001:${sipDigestHa1('2001', 'asterisk', password)}`, `2001:${sipDigestHa1('2001', 'asterisk', password)}`]);
    } finally {
      await service.stop();
      rmSync(h.dir, { recursive: true, force: true });
    }
  });
});

describe('the OpenAPI document', () => {
  it('shows the agent routes with their bodies, from the same schemas that validate them', async () => {
    const h = await harness((c) => (c.api.docs = true));
    try {
      const doc = (await h.app.inject({ method: 'GET', url: '/docs/json' })).json();
      const create = doc.paths['/api/v1/agents'].post;
      const body = create.requestBody.content['application/json'].schema;
      expect(body.required).toEqual(expect.arrayContaining(['id', 'name', 'skills', 'password']));
      expect(body.properties.password).toMatchObject({ type: 'string', minLength: 8 });
      expect(body.properties.id).toMatchObject({ pattern: '^[0-9]{3,8}$' });
      expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '4XX']));
      expect(doc.paths['/api/v1/agents/{id}']).toHaveProperty('patch');
      expect(doc.paths['/api/v1/agents/{id}']).toHaveProperty('delete');
    } finally {
      await h.close();
    }
  });
});
