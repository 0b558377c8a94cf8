import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { searchCalls } from '../../store/call-search.js';
import type { ApiContext } from '../api-context.js';
import { callOut, errors, id, instant, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { presentCall } from '../present.js';

/** Call records (one row per channel leg) with filters; an agent sees only the calls they took. */
export function callRoutes(app: FastifyInstance, ctx: ApiContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db, repo } = ctx.service;

  r.get(
    '/calls',
    {
      config: { permission: 'call:read' },
      schema: {
        tags: ['calls'],
        summary: 'call records, newest first',
        querystring: z.strictObject({
          direction: z.enum(['inbound', 'outbound']).optional(),
          agentId: z.string().min(1).max(32).optional(),
          campaignId: id.optional(),
          endedIn: z.string().min(1).max(32).optional(),
          number: z.string().min(3).max(32).optional().describe('caller or called number, exact as recorded'),
          from: instant.optional().describe('started at or after (ISO 8601 with offset)'),
          to: instant.optional().describe('started before'),
          beforeId: id.optional(),
          limit,
        }),
        response: { 200: page(callOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const agentId = ownAgentScope(p) ?? q.agentId;
      repo.flush();
      const rows = searchCalls(db, {
        ...(q.direction !== undefined ? { direction: q.direction } : {}),
        ...(agentId !== undefined ? { agentId } : {}),
        ...(q.campaignId !== undefined ? { campaignId: q.campaignId } : {}),
        ...(q.endedIn !== undefined ? { endedIn: q.endedIn } : {}),
        ...(q.number !== undefined ? { number: q.number } : {}),
        ...(q.from !== undefined ? { from: q.from } : {}),
        ...(q.to !== undefined ? { to: q.to } : {}),
        ...(q.beforeId !== undefined ? { beforeId: q.beforeId } : {}),
        limit: q.limit,
      });
      const links = ctx.service.recordingsRepo.byChannels(rows.map((c) => c.channelId));
      return { items: rows.map((c) => presentCall(p, c, links.get(c.channelId))), next: rows.length === q.limit ? rows[rows.length - 1]!.id : null };
    },
  );

  r.get(
    '/calls/:channelId',
    {
      config: { permission: 'call:read' },
      schema: { tags: ['calls'], summary: 'one call leg by channel id', params: z.strictObject({ channelId: z.string().min(1).max(128) }), response: { 200: callOut, ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const c = repo.get(req.params.channelId);
      const scope = ownAgentScope(p);
      if (!c || (scope !== undefined && c.agentId !== scope)) throw new HotlineError('NOT_FOUND', `no call ${req.params.channelId}`, { key: 'channelId' });
      return presentCall(p, c, ctx.service.recordingsRepo.byChannels([c.channelId]).get(c.channelId));
    },
  );
}
