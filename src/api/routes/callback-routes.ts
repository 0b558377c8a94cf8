import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { mayTouchAgentRecord, ownAgentScope } from '../../auth/visibility.js';
import { cancelCallback, createCallback, rescheduleCallback } from '../../dialer/callback-commands.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { LeadRow } from '../../store/leads-repo.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { errors, id, idParams, instant, leadOut, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { presentLead } from '../present.js';

const agentId = z.string().min(1).max(32);

/** An agent arranges callbacks for themselves only; staff may name any agent. */
function ownerFor(p: Principal, requested: string | null | undefined): string | null | undefined {
  if (p.role !== 'agent') return requested;
  if (requested !== undefined && requested !== null && requested !== p.agentId) {
    throw new HotlineError('FORBIDDEN', 'an agent schedules callbacks for themselves only', { key: 'agentId' });
  }
  return p.agentId;
}

/** Callbacks: scheduled callbacks are leads due at their time; create, list, reschedule, cancel. */
export function callbackRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const own = (p: Principal, lead: LeadRow | undefined, leadId: number): LeadRow => {
    if (!lead || !mayTouchAgentRecord(p, lead.callbackAgent)) throw new HotlineError('NOT_FOUND', `no callback on lead #${leadId}`, { key: 'id' });
    return lead;
  };

  r.get(
    '/callbacks',
    {
      config: { permission: 'callback:read' },
      schema: {
        tags: ['callbacks'],
        summary: 'scheduled callbacks (leads in callback-scheduled); an agent sees the ones they own',
        querystring: z.strictObject({
          campaignId: id.optional(),
          agentId: agentId.optional(),
          from: instant.optional().describe('callback time at or after'),
          to: instant.optional().describe('callback time before'),
          afterId: id.optional(),
          limit,
        }),
        response: { 200: page(leadOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const owner = ownAgentScope(p) ?? q.agentId;
      const rows = store.leads.search({
        states: ['callback-scheduled'],
        ...defined({ campaignId: q.campaignId, callbackAgent: owner, callbackFrom: q.from, callbackTo: q.to, afterId: q.afterId }),
        limit: q.limit,
      });
      return listPage(rows, q.limit, (l) => presentLead(p, l));
    },
  );

  r.post(
    '/callbacks',
    {
      config: { permission: 'callback:write' },
      schema: {
        tags: ['callbacks'],
        summary: "schedule a callback on the campaign's lead for the number (a new lead if it has none)",
        body: z.strictObject({ campaignId: id, phone: z.string().min(3).max(32), at: instant, agentId: agentId.nullable().optional(), name: z.string().max(100).optional() }),
        response: { 201: leadOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const owner = ownerFor(p, req.body.agentId);
      const { after } = ctx.audit.change(
        p,
        now,
        () =>
          createCallback(
            store,
            { campaignId: req.body.campaignId, phone: req.body.phone, at: req.body.at, ...defined({ agentId: owner }), ...(req.body.name ? { name: req.body.name } : {}) },
            now,
            ownAgentScope(p),
          ),
        ({ before, after }) => ({ action: 'callback.create', entity: 'callback', entityId: after.id, summary: `callback at ${new Date(req.body.at).toISOString()}`, before: before ?? null, after }),
      );
      return reply.status(201).send(presentLead(p, after));
    },
  );

  r.patch(
    '/callbacks/:id',
    {
      config: { permission: 'callback:write' },
      schema: {
        tags: ['callbacks'],
        summary: 'move a scheduled callback (the id is its lead id)',
        params: idParams,
        body: z.strictObject({ at: instant, agentId: agentId.nullable().optional() }),
        response: { 200: leadOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      own(p, store.leads.get(req.params.id), req.params.id);
      const owner = ownerFor(p, req.body.agentId);
      const { after } = ctx.audit.change(
        p,
        now,
        () => rescheduleCallback(store, req.params.id, { at: req.body.at, ...defined({ agentId: owner }) }, now),
        ({ before, after }) => ({ action: 'callback.reschedule', entity: 'callback', entityId: after.id, summary: `moved to ${new Date(req.body.at).toISOString()}`, before, after }),
      );
      return presentLead(p, after);
    },
  );

  r.delete(
    '/callbacks/:id',
    {
      config: { permission: 'callback:write' },
      schema: { tags: ['callbacks'], summary: 'cancel a scheduled callback: the lead ends (done-failed)', params: idParams, response: { 200: leadOut, ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      own(p, store.leads.get(req.params.id), req.params.id);
      const { after } = ctx.audit.change(
        p,
        now,
        () => cancelCallback(store, req.params.id, now),
        ({ before, after }) => ({ action: 'callback.cancel', entity: 'callback', entityId: after.id, summary: 'cancelled', before, after }),
      );
      return presentLead(p, after);
    },
  );
}
