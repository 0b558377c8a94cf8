import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashToken, mintToken } from '../../../src/auth/api-token.js';
import { FailedAuthLimiter } from '../../../src/auth/failed-auth-limiter.js';
import { can, grants, permissions, roles } from '../../../src/auth/roles.js';
import { mayTouchAgentRecord, ownAgentScope, seesFullNumbers, shownNumber } from '../../../src/auth/visibility.js';
import { loadConfig, validateConfig } from '../../../src/config/load.js';
import { harness, T0, type Harness } from './harness.js';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');

describe('policy (pure)', () => {
  it('gives every permission to admin and nothing but reads and its own work to an agent', () => {
    for (const p of permissions) expect(can('admin', p), p).toBe(true);
    expect(permissions.filter((p) => can('agent', p))).toEqual([
      'campaign:read', 'lead:read', 'attempt:read', 'call:read', 'dnc:check', 'callback:read', 'callback:write', 'agent:read', 'agent:state', 'disposition:write',
      'recording:read', 'recording:listen', 'recording:start', 'session:read',
      // The service desk: an agent wraps up their calls, opens complaints and work orders; caller lists are the floor's.
      'wrapup:read', 'wrapup:write', 'complaint:read', 'complaint:write', 'workorder:read', 'workorder:write',
      // The history of the caller in front of them, never a number looked up on its own.
      'callerhistory:read',
      // Issue 16: the knowledge base, and their own QA scores, which they acknowledge or dispute.
      'kb:read', 'qa:read', 'qa:respond',
      // Issue 13: their browser phone, and hold on their own call.
      'phone:use',
      'roster:read', 'swap:write', 'handover:write',
      'call:hold',
      'call:transfer',
      'live:own',
    ]);
    // The staffing calculator computes and changes nothing, so read-only viewers may run it; they may not listen.
    expect(permissions.filter((p) => can('read-only', p)).every((p) => /:(read|check)$/.test(p) || p === 'staffing:run')).toBe(true);
    expect(can('read-only', 'recording:listen')).toBe(false);
    expect(Object.keys(grants).sort()).toEqual([...permissions].sort());
  });
  it('masks numbers for supervisors and read-only viewers only', () => {
    expect(roles.filter(seesFullNumbers)).toEqual(['admin', 'manager', 'agent']);
    expect(shownNumber({ role: 'supervisor' }, '+8613800138000')).toBe('+86138****8000');
    expect(shownNumber({ role: 'read-only' }, '13800138000')).toBe('138****8000');
    expect(shownNumber({ role: 'manager' }, '+8613800138000')).toBe('+8613800138000');
    expect(shownNumber({ role: 'read-only' }, null)).toBeNull();
  });
  it('limits an agent to their own records and nobody else', () => {
    expect(ownAgentScope({ role: 'agent', agentId: '1001' })).toBe('1001');
    expect(ownAgentScope({ role: 'supervisor', agentId: null })).toBeUndefined();
    expect(mayTouchAgentRecord({ role: 'agent', agentId: '1001' }, '1002')).toBe(false);
    expect(mayTouchAgentRecord({ role: 'agent', agentId: '1001' }, null)).toBe(false);
    expect(mayTouchAgentRecord({ role: 'agent', agentId: '1001' }, '1001')).toBe(true);
    // An agent token that lost its agent id sees nothing rather than everything.
    expect(mayTouchAgentRecord({ role: 'agent', agentId: null }, null)).toBe(false);
  });
  it('mints 256-bit tokens and keeps only their sha256', () => {
    const a = mintToken();
    const b = mintToken();
    expect(a.token).toMatch(/^hl_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashToken(a.token));
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(a.prefix).toBe(a.token.slice(0, 10));
  });
  it('refuses an address after maxFailures within the window, until the oldest ages out', () => {
    const l = new FailedAuthLimiter(3, 60_000);
    l.fail('1.2.3.4', 0);
    l.fail('1.2.3.4', 10_000);
    expect(l.blockedForMs('1.2.3.4', 10_000)).toBe(0);
    l.fail('1.2.3.4', 20_000);
    expect(l.blockedForMs('1.2.3.4', 20_000)).toBe(40_000);
    expect(l.blockedForMs('5.6.7.8', 20_000)).toBe(0);
    expect(l.blockedForMs('1.2.3.4', 60_000)).toBe(0);
  });
});

describe('tokens over HTTP', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness((c) => {
      c.api.auth.maxFailures = 3;
      c.api.auth.windowS = 60;
    });
  });
  afterAll(async () => h.close());

  it('stores no token in the database, only hashes', () => {
    const db = new Database(h.config.store.path, { readonly: true });
    const dump = JSON.stringify(db.prepare('SELECT * FROM api_tokens').all());
    db.close();
    for (const t of Object.values(h.tokens)) {
      expect(dump).not.toContain(t);
      expect(dump).toContain(hashToken(t));
    }
  });

  it('shows a minted token once; it works until revoked', async () => {
    const made = await h.as('admin', { method: 'POST', url: '/api/v1/tokens', payload: { name: 'qa', role: 'supervisor' } });
    expect(made.statusCode).toBe(201);
    const { token, id } = made.json();
    expect((await h.as({ authorization: `Bearer ${token}` }, { method: 'GET', url: '/api/v1/reports' })).statusCode).toBe(200);
    const listed = (await h.as('admin', { method: 'GET', url: '/api/v1/tokens' })).json().items;
    expect(JSON.stringify(listed)).not.toContain(token);
    expect(listed.find((t: { id: number }) => t.id === id)).toMatchObject({ name: 'qa', role: 'supervisor', prefix: token.slice(0, 10), lastUsedAt: T0 });
    expect((await h.as('admin', { method: 'DELETE', url: `/api/v1/tokens/${id}` })).json().revokedAt).toBe(T0);
    expect((await h.as({ authorization: `Bearer ${token}` }, { method: 'GET', url: '/api/v1/reports' })).statusCode).toBe(401);
  });

  it('an agent token must name its agent, and only an agent token may', async () => {
    const r1 = await h.as('admin', { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', role: 'agent' } });
    expect(r1.statusCode).toBe(400);
    expect(r1.json().details.field).toBe('agentId');
    const r2 = await h.as('admin', { method: 'POST', url: '/api/v1/tokens', payload: { name: 'x', role: 'manager', agentId: '1001' } });
    expect(r2.json().details.field).toBe('agentId');
  });

  it('locks an address out after repeated failures (429 with Retry-After), and lets it back in when they age out', async () => {
    const from = { remoteAddress: '10.9.8.7' };
    const bad = () => h.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: { authorization: 'Bearer nope' }, ...from });
    const good = () => h.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: { authorization: `Bearer ${h.tokens.admin}` }, ...from });
    for (let i = 0; i < 3; i++) expect((await bad()).statusCode).toBe(401);
    const locked = await bad();
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('60');
    expect(locked.json().code).toBe('AUTH_RATE_LIMITED');
    // A valid token is never locked out (issue 17: behind a proxy everyone shares one address).
    expect((await good()).statusCode).toBe(200);
    // Another address is not affected.
    expect((await h.app.inject({ method: 'GET', url: '/api/v1/campaigns', headers: { authorization: 'Bearer nope' }, remoteAddress: '10.9.8.6' })).statusCode).toBe(401);
    h.clock.set(T0 + 61_000);
    expect((await bad()).statusCode).toBe(401);
    h.clock.set(T0);
  });
});

describe('service defaults', () => {
  it('binds 127.0.0.1 unless configured, and names a bad api key', () => {
    expect(loadConfig(undefined, {}).service.host).toBe('127.0.0.1');
    const base = { ari: { password: 'x' } };
    expect(() => validateConfig({ ...base, api: { reports: { dailyAt: '19:00' } } })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', key: 'api.reports.dailyAt' }));
    expect(() => validateConfig({ ...base, api: { reports: { monthlyDay: 5 } } })).toThrow(expect.objectContaining({ key: 'api.reports.monthlyDay' }));
    expect(() => validateConfig({ ...base, api: { upload: { maxBytes: 10 } } })).toThrow(expect.objectContaining({ key: 'api.upload.maxBytes' }));
    expect(() => validateConfig({ ...base, api: { tokens: 1 } })).toThrow(expect.objectContaining({ key: 'api.tokens' }));
    expect(validateConfig(base).api).toMatchObject({ docs: true, upload: { maxBytes: 64 * 1024 * 1024 }, reports: { timeZone: 'Asia/Shanghai', monthlyDay: 1 } });
  });
});

describe('hotline token from the shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-token-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `ari: { password: x }\nstore: { path: ${join(dir, 'hotline.db')} }\n`);
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--config', config, ...args], { encoding: 'utf8', timeout: 30_000 });

  it('creates the first admin token (printed once), lists it without the secret, revokes it', () => {
    const made = run('token', 'create', '--role', 'admin', '--name', 'root');
    expect(made.status).toBe(0);
    const token = made.stdout.trim();
    expect(token).toMatch(/^hl_[A-Za-z0-9_-]{43}$/);
    expect(made.stderr).toMatch(/not shown again/);
    const list = run('token', 'list');
    expect(list.stdout).toMatch(/^1\tadmin\troot\thl_\S+…\tused -\tactive$/m);
    expect(list.stdout).not.toContain(token);
    expect(run('token', 'create', '--role', 'agent', '--name', 'a').stderr).toMatch(/BAD_REQUEST \[agentId\]/);
    expect(run('token', 'create', '--role', 'boss', '--name', 'a').stderr).toMatch(/BAD_REQUEST \[role\]/);
    expect(run('token', 'revoke', '1').stdout).toMatch(/revoked/);
    expect(run('token', 'list', '--json').stdout).toMatch(/"revokedAt": \d+/);
    expect(run('token', 'revoke', '7').stderr).toMatch(/NOT_FOUND/);
  }, 60_000);
});
