import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, type Harness } from './harness.js';

describe('OpenAPI document and UI at /docs', () => {
  let h: Harness;
  const routes: Array<{ method: string; url: string; schema: unknown }> = [];
  beforeAll(async () => {
    h = await harness((c) => (c.api.docs = true));
  });
  afterAll(async () => h.close());

  it('documents every /api/v1 route with its request schema, responses and the bearer scheme', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/json' });
    expect(r.statusCode).toBe(200);
    const doc = r.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer' });
    expect(doc.security).toEqual([{ bearer: [] }]);
    const ops = Object.entries(doc.paths as Record<string, Record<string, { responses: Record<string, unknown>; requestBody?: unknown; parameters?: unknown[] }>>).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({ path, method, op })),
    );
    expect(ops.length).toBeGreaterThanOrEqual(45);
    expect(ops.every((o) => o.path.startsWith('/api/v1/'))).toBe(true);
    for (const o of ops) {
      const codes = Object.keys(o.op.responses);
      expect(codes.some((c) => /^20[01]$/.test(c)), `${o.method} ${o.path}`).toBe(true);
      expect(codes, `${o.method} ${o.path}`).toContain('4XX');
    }
    const create = doc.paths['/api/v1/campaigns'].post;
    const settings = create.requestBody.content['application/json'].schema.properties.settings;
    expect(settings.properties.ringTimeoutS).toMatchObject({ type: 'integer', minimum: 15 });
    expect(doc.paths['/api/v1/leads'].get.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['campaignId', 'state', 'phone', 'q', 'afterId', 'limit']));
    expect(doc.paths['/api/v1/campaigns/{id}/lists'].post.requestBody.content).toHaveProperty('multipart/form-data');
  });

  it('serves the UI', async () => {
    const r = await h.app.inject({ method: 'GET', url: '/docs/' });
    expect(r.statusCode).toBe(200);
    expect(r.headers['content-type']).toMatch(/text\/html/);
    expect(r.body).toContain('swagger');
  });

  it('has a schema and a permission on every route it registers under /api/v1', async () => {
    const app = (await import('fastify')).default();
    app.addHook('onRoute', (r) => void routes.push({ method: String(r.method), url: r.url, schema: r.schema }));
    const { registerApi } = await import('../../../src/api/api-plugin.js');
    registerApi(app, h.api);
    await app.ready();
    const api = routes.filter((r) => r.url.startsWith('/api/v1') && r.method !== 'HEAD');
    expect(api.length).toBeGreaterThanOrEqual(45);
    for (const r of api) {
      const schema = r.schema as { response?: Record<string, unknown> } | undefined;
      expect(schema?.response, `${r.method} ${r.url}`).toBeDefined();
      expect(Object.keys(schema!.response!), `${r.method} ${r.url}`).toEqual(expect.arrayContaining(['4xx', '5xx']));
    }
    await app.close();
  });
});
