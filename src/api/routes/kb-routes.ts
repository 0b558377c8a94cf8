import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { kbLangs } from '../../store/kb-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, idParams } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const articleOut = z.object({
  id: z.number().int(),
  lang: z.enum(kbLangs),
  category: z.string().describe('a wrap-up category key (GET /desk/categories)'),
  keys: z.array(z.string()).describe('IVR nodes or queue groups whose callers the article answers'),
  title: z.string(),
  body: z.string(),
  createdAt: z.number().int(),
  createdBy: z.string(),
  updatedAt: z.number().int(),
});

const articleIn = z.strictObject({
  lang: z.enum(kbLangs),
  category: z.string().min(1).max(32),
  keys: z.array(z.string().min(1).max(64)).max(20).default([]),
  title: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(20000),
});

const notFoundOut = z.object({ question: z.string(), asked: z.number().int(), firstAt: z.number().int(), lastAt: z.number().int(), lastBy: z.string() });
const langQuery = z.enum(kbLangs).optional();

/**
 * The knowledge base (issue 16 item 3): articles in Chinese and English searched by keyword (a 2-character Chinese
 * word included, kb-text.ts), suggestions for a call from its IVR path, queue and wrap-up category, and the questions
 * it could not answer, counted for the business owner.
 */
export function kbRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;

  r.get(
    '/kb/articles',
    {
      config: { permission: 'kb:read' },
      schema: {
        tags: ['knowledge'],
        summary: 'search articles: every white-space separated term must appear in the title or body (Chinese words of 2 characters too)',
        querystring: z.strictObject({ q: z.string().trim().min(1).max(200), lang: langQuery, category: z.string().max(32).optional(), limit: z.coerce.number().int().min(1).max(100).default(20) }),
        response: { 200: z.object({ items: z.array(articleOut) }), ...errors },
      },
    },
    async (req) => {
      const { q, limit, lang, category } = req.query;
      return { items: store.kb.search(q, { limit, ...(lang ? { lang } : {}), ...(category ? { category } : {}) }) };
    },
  );

  r.get(
    '/kb/articles/:id',
    { config: { permission: 'kb:read' }, schema: { tags: ['knowledge'], summary: 'one article', params: idParams, response: { 200: articleOut, ...errors } } },
    async (req) => {
      const a = store.kb.get(req.params.id);
      if (!a) throw new HotlineError('NOT_FOUND', `no article ${req.params.id}`, { key: 'id' });
      return a;
    },
  );

  r.post(
    '/kb/articles',
    { config: { permission: 'kb:write' }, schema: { tags: ['knowledge'], summary: 'write an article', body: articleIn, response: { 201: articleOut, ...errors } } },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const a = store.transaction(() => {
        const id = store.kb.insert({ ...req.body, createdAt: now, createdBy: p.name });
        const saved = store.kb.get(id)!;
        store.audit.record(p, { action: 'kb.create', entity: 'kb-article', entityId: id, summary: saved.title, after: saved }, now);
        return saved;
      });
      return reply.status(201).send(a);
    },
  );

  r.put(
    '/kb/articles/:id',
    { config: { permission: 'kb:write' }, schema: { tags: ['knowledge'], summary: 'rewrite an article', params: idParams, body: articleIn, response: { 200: articleOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      return store.transaction(() => {
        const before = store.kb.get(req.params.id);
        if (!before || !store.kb.update(req.params.id, req.body, now)) throw new HotlineError('NOT_FOUND', `no article ${req.params.id}`, { key: 'id' });
        const after = store.kb.get(req.params.id)!;
        store.audit.record(p, { action: 'kb.update', entity: 'kb-article', entityId: after.id, summary: after.title, before, after }, now);
        return after;
      });
    },
  );

  r.delete(
    '/kb/articles/:id',
    { config: { permission: 'kb:write' }, schema: { tags: ['knowledge'], summary: 'remove an article', params: idParams, response: { 200: z.object({ removed: z.literal(true) }), ...errors } } },
    async (req) => {
      const p = principalOf(req);
      return store.transaction(() => {
        const before = store.kb.get(req.params.id);
        if (!before || !store.kb.delete(req.params.id)) throw new HotlineError('NOT_FOUND', `no article ${req.params.id}`, { key: 'id' });
        store.audit.record(p, { action: 'kb.delete', entity: 'kb-article', entityId: before.id, summary: before.title, before }, ctx.now());
        return { removed: true as const };
      });
    },
  );

  r.get(
    '/kb/suggestions',
    {
      config: { permission: 'kb:read' },
      schema: {
        tags: ['knowledge'],
        summary: "articles for a call: tagged with a node of its IVR path or its queue group, or filed under its wrap-up category (or the category given)",
        querystring: z.strictObject({ channelId: z.string().min(1).max(128).optional(), category: z.string().max(32).optional(), lang: langQuery, limit: z.coerce.number().int().min(1).max(50).default(5) }),
        response: { 200: z.object({ keys: z.array(z.string()), category: z.string().nullable(), items: z.array(articleOut) }), ...errors },
      },
    },
    async (req) => {
      const { channelId, lang, limit } = req.query;
      const keys: string[] = [];
      let category = req.query.category ?? null;
      if (channelId) {
        ctx.calls.flush();
        const scope = ownAgentScope(principalOf(req));
        const c = ctx.calls.get(channelId);
        if (!c || (scope !== undefined && c.agentId !== scope)) throw new HotlineError('NOT_FOUND', `no call ${channelId}`, { key: 'channelId' });
        for (const s of c.ivrPath) if (!keys.includes(s.node)) keys.push(s.node);
        if (c.queueGroup && !keys.includes(c.queueGroup)) keys.push(c.queueGroup);
        category ??= store.wrapUps.byCall(channelId)?.category ?? null;
      }
      return { keys, category, items: store.kb.suggest(keys, category, { limit, ...(lang ? { lang } : {}) }) };
    },
  );

  r.post(
    '/kb/not-found',
    {
      config: { permission: 'kb:read' },
      schema: {
        tags: ['knowledge'],
        summary: 'log a question the knowledge base could not answer (the same question again adds to its count)',
        body: z.strictObject({ question: z.string().trim().min(1).max(500) }),
        response: { 201: notFoundOut, ...errors },
      },
    },
    async (req, reply) => reply.status(201).send(store.kb.logNotFound(req.body.question, principalOf(req).name, ctx.now())),
  );

  r.get(
    '/kb/not-found',
    {
      config: { permission: 'kb:gaps' },
      schema: { tags: ['knowledge'], summary: 'unanswered questions, most asked first', querystring: z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) }), response: { 200: z.object({ items: z.array(notFoundOut) }), ...errors } },
    },
    async (req) => ({ items: store.kb.notFound(req.query.limit) }),
  );
}
