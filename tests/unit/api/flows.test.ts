import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoBroken, demoV1, demoV2 } from './flow-texts.js';
import { harness, type Harness } from './harness.js';

describe('IVR flows', () => {
  let h: Harness;
  let file: string;
  beforeAll(async () => {
    h = await harness();
    file = join(h.config.ivr.dir, 'demo.yaml');
    // The flow live on disk before the API ever touched it.
    writeFileSync(file, demoV1);
    h.service.flows.loadAll();
  });
  afterAll(async () => h.close());
  const live = () => h.service.flows.forNumber('4008009999')?.flow.version ?? null;
  const post = (url: string, payload?: object) => h.as('manager', { method: 'POST', url, ...(payload ? { payload } : {}) });

  it('validates without keeping anything', async () => {
    const good = (await post('/api/v1/flows/validate', { name: 'demo', content: demoV1 })).json();
    expect(good).toMatchObject({ ok: true, version: live(), errors: [] });
    const bad = (await post('/api/v1/flows/validate', { name: 'demo', content: demoBroken })).json();
    expect(bad.ok).toBe(false);
    expect(bad.errors.map((e: { code: string; path: string }) => `${e.code} ${e.path}`).sort()).toEqual(['FLOW_PROMPT_MISSING nodes.hello.prompt.file', 'FLOW_UNKNOWN_TARGET nodes.hello.next']);
    const yaml = (await post('/api/v1/flows/validate', { name: 'demo', content: 'nodes: [' })).json();
    expect(yaml.errors[0].code).toBe('FLOW_SYNTAX');
    const named = (await post('/api/v1/flows/validate', { name: 'other', content: demoV1 })).json();
    expect(named.errors).toEqual([expect.objectContaining({ path: 'name', code: 'FLOW_SCHEMA' })]);
    expect(h.service.db.prepare('SELECT COUNT(*) FROM flow_versions').pluck().get()).toBe(0);
  });

  it('refuses a broken upload with every error, keeps none of it, and the running version stays', async () => {
    const before = live();
    const r = await post('/api/v1/flows/demo/versions', { content: demoBroken, activate: true });
    expect([r.statusCode, r.json().code]).toEqual([422, 'FLOW_INVALID']);
    expect(r.json().details.errors).toHaveLength(2);
    expect(live()).toBe(before);
    expect(readFileSync(file, 'utf8')).toBe(demoV1);
    expect(h.service.db.prepare("SELECT COUNT(*) FROM flow_versions WHERE name = 'demo'").pluck().get()).toBe(0);
  });

  it('uploads, activates and rolls back versions, the file on disk and the live flow in step, audited', async () => {
    const v1 = live()!;
    writeFileSync(join(h.config.prompts.dir, 'hello.wav'), 'RIFF');
    const up = await post('/api/v1/flows/demo/versions', { content: demoV2 });
    expect(up.statusCode).toBe(201);
    const v2 = up.json().version;
    expect(up.json()).toMatchObject({ name: 'demo', live: false, uploadedBy: 'wang-manager', activatedAt: null });
    expect(live()).toBe(v1);

    expect((await post(`/api/v1/flows/demo/versions/${v2}/activate`)).json()).toEqual({ name: 'demo', live: v2, previous: v1 });
    expect(live()).toBe(v2);
    expect(readFileSync(file, 'utf8')).toBe(demoV2);
    const versions = (await h.as('read-only', { method: 'GET', url: '/api/v1/flows/demo/versions' })).json().items;
    expect(versions.map((v: { version: string; live: boolean; uploadedBy: string }) => [v.version, v.live, v.uploadedBy])).toEqual([
      [v2, true, 'wang-manager'],
      [v1, false, 'file'],
    ]);

    expect((await post('/api/v1/flows/demo/rollback')).json()).toEqual({ name: 'demo', live: v1, previous: v2 });
    expect(live()).toBe(v1);
    expect(readFileSync(file, 'utf8')).toBe(demoV1);
    expect((await h.as('supervisor', { method: 'GET', url: `/api/v1/flows/demo/versions/${v2}` })).json().content).toBe(demoV2);
    expect((await h.as('supervisor', { method: 'GET', url: '/api/v1/flows' })).json().items).toEqual([{ name: 'demo', live: v1, entryNumbers: ['4008009999'] }]);

    const log = (await h.as('admin', { method: 'GET', url: '/api/v1/audit?entity=flow' })).json().items;
    expect(log.map((e: { action: string; summary: string }) => `${e.action}: ${e.summary}`)).toEqual([`flow.rollback: ${v2} → ${v1}`, `flow.activate: ${v1} → ${v2}`, `flow.upload: uploaded version ${v2}`]);
  });

  it('re-checks a kept version before activating it: a prompt gone since the upload keeps the old version live', async () => {
    const v1 = live();
    const v2 = (await h.as('manager', { method: 'GET', url: '/api/v1/flows/demo/versions' })).json().items.find((v: { live: boolean }) => !v.live).version;
    rmSync(join(h.config.prompts.dir, 'hello.wav'));
    const r = await post(`/api/v1/flows/demo/versions/${v2}/activate`);
    expect([r.statusCode, r.json().code, r.json().details.field]).toEqual([422, 'FLOW_INVALID', 'nodes.hello.prompt.file']);
    expect(live()).toBe(v1);
    expect(readFileSync(file, 'utf8')).toBe(demoV1);
  });

  it('names the bad name, version and unknown flow', async () => {
    expect((await post('/api/v1/flows/../etc/versions', { content: demoV1 })).statusCode).toBe(404);
    const badName = await post('/api/v1/flows/Demo!/versions', { content: demoV1 });
    expect([badName.statusCode, badName.json().details.field]).toEqual([400, 'name']);
    expect((await post('/api/v1/flows/demo/versions/zzz/activate')).json().details.field).toBe('version');
    expect((await post('/api/v1/flows/demo/versions/0123456789ab/activate')).statusCode).toBe(404);
    expect((await h.as('manager', { method: 'GET', url: '/api/v1/flows/nothing/versions' })).statusCode).toBe(404);
    expect((await post('/api/v1/flows/nothing/rollback')).json().code).toBe('CONFLICT');
    expect((await post('/api/v1/flows/demo/versions', {})).json().details.field).toBe('content');
  });
});
