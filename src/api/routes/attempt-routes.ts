import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayTouchAgentRecord, ownAgentScope } from '../../auth/visibility.js';
import { recordDisposition } from '../../dialer/campaign-commands.js';
import { attemptOutcomes, dispositions, leadStates } from '../../dialer/lead-state.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { attemptOut, errors, id, idParams, instant, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { presentAttempt } from '../present.js';

/** Attempts (one per dial) with filters, one attempt, and an agent's disposition on a connected attempt. */
export function attemptRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, recordings } = ctx;

  r.get(
    '/attempts',
    {
      config: { permission: 'attempt:read' },
      schema: {
        tags: ['attempts'],
        summary: 'attempts, newest first; an agent sees only their own',
        querystring: z.strictObject({
          campaignId: id.optional(),
          leadId: id.optional(),
          agentId: z.string().min(1).max(32).optional(),
          outcome: z.enum(attemptOutcomes).optional(),
          disposition: z.enum(dispositions).optional(),
          from: instant.optional().describe('dialed at or after (ISO 8601 with offset)'),
          to: instant.optional().describe('dialed before'),
          beforeId: id.optional(),
          limit,
        }),
        response: { 200: page(attemptOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const scope = ownAgentScope(p);
      const agentId = scope ?? q.agentId;
      const rows = store.attempts.search({ ...defined({ ...q, agentId }), limit: q.limit });
      const links = recordings.byAttempts(rows.map((a) => a.id));
      return listPage(rows, q.limit, (a) => presentAttempt(p, a, links.get(a.id)));
    },
  );

  r.get(
    '/attempts/:id',
    { config: { permission: 'attempt:read' }, schema: { tags: ['attempts'], summary: 'one attempt', params: idParams, response: { 200: attemptOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      const a = store.attempts.get(req.params.id);
      if (!a || !mayTouchAgentRecord(p, a.agentId)) throw new HotlineError('NOT_FOUND', `no attempt #${req.params.id}`, { key: 'id' });
      return presentAttempt(p, a, recordings.byAttempts([a.id]).get(a.id));
    },
  );

  r.post(
    '/attempts/:id/disposition',
    {
      config: { permission: 'disposition:write' },
      schema: {
        tags: ['attempts'],
        summary: "the agent's result for a connected attempt; decides the lead again (dnc also lists the number)",
        params: idParams,
        body: z
          .strictObject({
            disposition: z.enum(dispositions),
            callbackAt: instant.optional().describe('callback-at: the agreed time'),
            ownedBy: z.string().min(1).max(32).optional().describe('callback-at: the agent who takes it'),
            notes: z.string().max(2000).optional(),
          })
          .refine((b) => b.disposition !== 'callback-at' || b.callbackAt !== undefined, { message: 'callback-at needs callbackAt', path: ['callbackAt'] }),
        response: { 200: z.object({ leadState: z.enum(leadStates), dueAt: z.number().int().nullable(), why: z.string() }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const a = store.attempts.get(req.params.id);
      // An agent records results for their own calls only; another agent's attempt is as good as absent to them.
      if (!a || !mayTouchAgentRecord(p, a.agentId)) throw new HotlineError('NOT_FOUND', `no attempt #${req.params.id}`, { key: 'id' });
      const ownedBy = p.role === 'agent' ? (req.body.ownedBy ?? p.agentId!) : req.body.ownedBy;
      const d = recordDisposition(store, { attemptId: a.id, disposition: req.body.disposition, ...defined({ callbackAt: req.body.callbackAt, ownedBy, notes: req.body.notes }) }, ctx.now());
      return { leadState: d.state, dueAt: d.dueAt, why: d.why };
    },
  );
}
