import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refuseNumberSearch } from '../../auth/number-search.js';
import { ownAgentScope } from '../../auth/visibility.js';
import { normalizePhone } from '../../dialer/import/normalize-phone.js';
import { leadStates, type LeadState } from '../../dialer/lead-state.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import { csvRows } from '../../reports/csv-out.js';
import type { ApiPorts } from '../api-context.js';
import { listPage } from '../list-page.js';
import { attemptOut, errors, id, idParams, leadOut, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { presentAttemptInScope, presentLead } from '../present.js';
import { sendRaw } from '../send-raw.js';

const states = z
  .string()
  .transform((s) => s.split(',').filter(Boolean))
  .pipe(z.array(z.enum(leadStates)).min(1))
  .describe(`comma-separated lead states: ${leadStates.join(', ')}`);

const filters = {
  campaignId: id.optional(),
  state: states.optional(),
  phone: z.string().min(3).max(32).optional().describe('exact number, any common format'),
  q: z.string().min(1).max(64).optional().describe('digits: part of the number; else: start of the name'),
};

function phoneFilter(raw: string | undefined): string | undefined {
  if (raw === undefined) return undefined;
  const n = normalizePhone(raw);
  if (!n.ok) throw new HotlineError('BAD_REQUEST', `phone: ${n.reason}`, { key: 'phone' });
  return n.e164;
}

/** The search the shared filters ask for. */
function filtersOf(q: { campaignId?: number | undefined; state?: LeadState[] | undefined; phone?: string | undefined; q?: string | undefined }) {
  return defined({ campaignId: q.campaignId, states: q.state, phone: phoneFilter(q.phone), text: q.q });
}

const exportColumns = ['id', 'campaignId', 'phone', 'altPhone', 'name', 'state', 'attempts', 'lastOutcome', 'callbackAt', 'fields'] as const;

/** Leads: search and filter, one lead with its attempts, CSV export; an agent only reaches their own. */
export function leadRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { leads, attempts } = ctx.store;

  r.get(
    '/leads',
    {
      config: { permission: 'lead:read' },
      schema: {
        tags: ['leads'],
        summary: 'search leads (id order); an agent sees the leads they talked to or owe a callback',
        querystring: z.strictObject({ ...filters, afterId: id.optional(), limit }),
        response: { 200: page(leadOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      refuseNumberSearch(p, q);
      const scope = ownAgentScope(p);
      const rows = leads.search({ ...filtersOf(q), ...defined({ agentId: scope, afterId: q.afterId }), limit: q.limit });
      return listPage(rows, q.limit, (l) => presentLead(p, l));
    },
  );

  r.get(
    '/leads/export',
    {
      config: { permission: 'lead:export' },
      schema: {
        tags: ['leads'],
        summary: 'every matching lead as CSV (UTF-8 with BOM), streamed',
        querystring: z.strictObject(filters),
        response: { 200: z.string().describe('text/csv'), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const q = req.query;
      refuseNumberSearch(p, q);
      const pages = leads.pages(filtersOf(q));
      async function* csv(): AsyncGenerator<string> {
        yield '\uFEFF' + csvRows([exportColumns]);
        for await (const rows of pages) {
          yield csvRows(
            rows.map((l) => {
              const v = presentLead(p, l);
              return [v.id, v.campaignId, v.phone, v.altPhone, v.name, v.state, v.attempts, v.lastOutcome, v.callbackAt, JSON.stringify(v.fields)];
            }),
          );
        }
      }
      const name = `leads${q.campaignId !== undefined ? `-campaign-${q.campaignId}` : ''}.csv`;
      return sendRaw(reply, 'text/csv; charset=utf-8', name, Readable.from(csv()));
    },
  );

  r.get(
    '/leads/:id',
    {
      config: { permission: 'lead:read' },
      schema: { tags: ['leads'], summary: 'one lead with its attempts', params: idParams, response: { 200: leadOut.extend({ attemptList: z.array(attemptOut) }), ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const scope = ownAgentScope(p);
      const lead = leads.find(req.params.id, scope);
      if (!lead) throw new HotlineError('NOT_FOUND', `no lead #${req.params.id}`, { key: 'id' });
      const list = attempts.search({ leadId: lead.id, limit: 1000 });
      const links = ctx.recordings.byAttempts(list.map((a) => a.id));
      return { ...presentLead(p, lead), attemptList: list.map((a) => presentAttemptInScope(p, scope, a, links.get(a.id))) };
    },
  );
}
