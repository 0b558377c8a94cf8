import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { roles } from '../../auth/roles.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { errors, id, idParams, instant, limit } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const tokenOut = z.object({
  id: z.number().int(),
  name: z.string(),
  role: z.enum(roles),
  agentId: z.string().nullable(),
  prefix: z.string(),
  createdAt: z.number().int(),
  createdBy: z.string().nullable(),
  lastUsedAt: z.number().int().nullable(),
  revokedAt: z.number().int().nullable(),
});

const auditOut = z.object({
  id: z.number().int(),
  at: z.number().int(),
  actor: z.string(),
  tokenId: z.number().int().nullable(),
  role: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.string().nullable(),
  summary: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

/** Admin: API tokens (create shows the token once, list, revoke) and the audit log. */
export function adminRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/tokens',
    { config: { permission: 'token:admin' }, schema: { tags: ['admin'], summary: 'every token (never the secret)', response: { 200: z.object({ items: z.array(tokenOut) }), ...errors } } },
    async () => ({ items: ctx.tokens.list() }),
  );

  r.post(
    '/tokens',
    {
      config: { permission: 'token:admin' },
      schema: {
        tags: ['admin'],
        summary: 'mint a token; the answer holds it once, only its hash is kept',
        body: z.strictObject({ name: z.string().trim().min(1).max(64), role: z.enum(roles), agentId: z.string().min(1).max(32).optional() }),
        response: { 201: tokenOut.extend({ token: z.string() }), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const { row, token } = ctx.audit.change(
        p,
        now,
        () => ctx.tokens.create({ name: req.body.name, role: req.body.role, agentId: req.body.agentId ?? null, createdBy: p.name }, now),
        ({ row }) => ({ action: 'token.create', entity: 'token', entityId: row.id, summary: `${row.role} token "${row.name}"`, after: row }),
      );
      const out = { ...row, token };
      return reply.status(201).send(out);
    },
  );

  r.delete(
    '/tokens/:id',
    { config: { permission: 'token:admin' }, schema: { tags: ['admin'], summary: 'revoke a token for good', params: idParams, response: { 200: tokenOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      ctx.audit.change(
        p,
        now,
        () => {
          const before = ctx.tokens.revoke(req.params.id, now);
          if (!before) throw new HotlineError('NOT_FOUND', `no token #${req.params.id}`, { key: 'id' });
          return before;
        },
        (before) => ({ action: 'token.revoke', entity: 'token', entityId: before.id, summary: `revoked "${before.name}"`, before }),
      );
      return ctx.tokens.get(req.params.id)!;
    },
  );

  r.get(
    '/audit',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags: ['admin'],
        summary: 'who changed what, newest first',
        querystring: z.strictObject({
          entity: z.enum(['campaign', 'list', 'flow', 'dnc', 'callback', 'token', 'agent', 'recording', 'announcement', 'wrap-up', 'complaint', 'work-order', 'caller-list', 'kb-article', 'qa-form', 'qa-score', 'roster', 'swap', 'call']).optional(),
          entityId: z.string().max(128).optional(),
          actor: z.string().max(64).optional(),
          from: instant.optional(),
          to: instant.optional(),
          beforeId: id.optional(),
          limit,
        }),
        response: { 200: z.object({ items: z.array(auditOut), next: z.number().int().nullable() }), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      return listPage(ctx.audit.list({ ...defined(q), limit: q.limit }), q.limit, (e) => e);
    },
  );
}
