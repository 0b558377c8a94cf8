import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refuseNumberSearch } from '../../auth/number-search.js';
import { ownAgentScope } from '../../auth/visibility.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { callOut, errors, id, instant, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { presentCall } from '../present.js';

/** Call records (one row per channel leg) with filters; an agent sees only the calls they took. */
export function callRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { calls, recordings } = ctx;

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
          node: z.string().min(1).max(32).optional().describe('the Asterisk node that carried the leg'),
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
      refuseNumberSearch(p, q);
      const agentId = ownAgentScope(p) ?? q.agentId;
      const rows = calls.search({ ...defined({ ...q, agentId }), limit: q.limit });
      const links = recordings.byChannels(rows.map((c) => c.channelId));
      return listPage(rows, q.limit, (c) => presentCall(p, c, links.get(c.channelId)));
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
      const c = calls.get(req.params.channelId);
      const scope = ownAgentScope(p);
      if (!c || (scope !== undefined && c.agentId !== scope)) throw new HotlineError('NOT_FOUND', `no call ${req.params.channelId}`, { key: 'channelId' });
      return presentCall(p, c, recordings.byChannels([c.channelId]).get(c.channelId));
    },
  );
}
