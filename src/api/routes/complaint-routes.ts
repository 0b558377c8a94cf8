import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { shownNumber } from '../../auth/visibility.js';
import { actOnComplaint, openComplaint } from '../../desk/complaint-commands.js';
import { allowedActions, complaintActions, complaintStates, escalationLevels, openStates } from '../../desk/complaint-states.js';
import { defined } from '../../defined.js';
import { HotlineError } from '../../errors.js';
import type { ComplaintRow } from '../../store/complaints-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, id, idParams, instant, limit, page } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { callInScope } from '../call-in-scope.js';
import { listPage } from '../list-page.js';

const complaintOut = z.object({
  id: z.number().int(),
  channelId: z.string().nullable().describe('the call it was opened from'),
  callerNumber: z.string().describe('masked for roles that do not see numbers'),
  category: z.string(),
  department: z.string(),
  description: z.string(),
  state: z.enum(complaintStates),
  escalation: z.enum(escalationLevels).describe('who has it: the agent, the floor supervisor (班长), the business contact'),
  dueAt: z.number().int().describe('resolution deadline'),
  overdue: z.boolean().describe('open and past its deadline'),
  resolution: z.string().nullable(),
  resolvedAt: z.number().int().nullable(),
  callbackId: z.number().int().nullable().describe('the callback to the customer the resolution created'),
  allowedActions: z.array(z.enum(complaintActions)),
  createdAt: z.number().int(),
  createdBy: z.string(),
  updatedAt: z.number().int(),
});

const historyOut = z.object({ at: z.number().int(), actor: z.string(), action: z.string(), summary: z.string() });
const statOut = z.object({ key: z.string(), total: z.number().int(), open: z.number().int(), resolved: z.number().int(), confirmed: z.number().int(), overdue: z.number().int() });
const keyed = z.object({ key: z.string(), zh: z.string(), en: z.string() });

/** Complaints (issue 15 item 2): register from a call or the API, move through the state table, list, history, statistics. */
export function complaintRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const present = (p: Principal, c: ComplaintRow, now: number) => ({
    ...c,
    callerNumber: shownNumber(p, c.callerNumber)!,
    escalation: escalationLevels[c.escalation] ?? 'business',
    overdue: openStates.has(c.state) && c.dueAt < now,
    allowedActions: allowedActions(c.state),
  });

  r.get(
    '/desk/complaint-categories',
    {
      config: { permission: 'complaint:read' },
      schema: {
        tags: ['desk'],
        summary: 'complaint categories with their resolution deadlines, and the departments (desk.complaintCategories, desk.departments)',
        response: { 200: z.object({ categories: z.array(keyed.extend({ resolveWithinH: z.number() })), departments: z.array(keyed) }), ...errors },
      },
    },
    async () => ({ categories: ctx.config.desk.complaintCategories, departments: ctx.config.desk.departments }),
  );

  r.post(
    '/complaints',
    {
      config: { permission: 'complaint:write' },
      schema: {
        tags: ['desk'],
        summary: 'register a complaint, from a call (channelId: the caller is called back) or with the callerNumber',
        body: z.strictObject({
          channelId: z.string().min(1).max(128).optional(),
          callerNumber: z.string().regex(/^\+?[0-9]{3,20}$/).optional(),
          category: z.string().min(1).max(32),
          department: z.string().min(1).max(32),
          description: z.string().trim().min(1).max(4000),
          dueAt: instant.optional().describe("overrides the category's deadline; never in the past"),
        }),
        response: { 201: complaintOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const call = callInScope(ctx.calls, p, req.body.channelId);
      const c = openComplaint(store, ctx.config.desk, p, req.body, call, now);
      return reply.status(201).send(present(p, c, now));
    },
  );

  r.get(
    '/complaints',
    {
      config: { permission: 'complaint:read' },
      schema: {
        tags: ['desk'],
        summary: 'complaints, oldest first; overdue=true: open ones past their deadline',
        querystring: z.strictObject({
          state: z.enum(complaintStates).optional(),
          category: z.string().max(32).optional(),
          department: z.string().max(32).optional(),
          overdue: z.enum(['true', 'false']).optional(),
          afterId: id.optional(),
          limit,
        }),
        response: { 200: page(complaintOut), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const q = req.query;
      const now = ctx.now();
      const rows = store.complaints.search({
        ...defined({ category: q.category, department: q.department, afterId: q.afterId }),
        ...(q.state ? { states: [q.state] } : {}),
        ...(q.overdue === 'true' ? { overdueAt: now } : {}),
        limit: q.limit,
      });
      return listPage(rows, q.limit, (c) => present(p, c, now));
    },
  );

  r.get(
    '/complaints/stats',
    {
      config: { permission: 'complaint:read' },
      schema: {
        tags: ['desk'],
        summary: 'complaints registered in [from, to) by category and by department (顾客投诉分类统计表)',
        querystring: z.strictObject({ from: instant, to: instant }),
        response: { 200: z.object({ byCategory: z.array(statOut), byDepartment: z.array(statOut) }), ...errors },
      },
    },
    async (req) => {
      const { from, to } = req.query;
      if (to <= from) throw new HotlineError('BAD_REQUEST', 'to must be after from', { key: 'to' });
      const now = ctx.now();
      return { byCategory: store.complaints.stats('category', from, to, now), byDepartment: store.complaints.stats('department', from, to, now) };
    },
  );

  r.get(
    '/complaints/:id',
    {
      config: { permission: 'complaint:read' },
      schema: { tags: ['desk'], summary: 'one complaint with its history (the audit trail of its moves)', params: idParams, response: { 200: complaintOut.extend({ history: z.array(historyOut) }), ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const c = store.complaints.get(req.params.id);
      if (!c) throw new HotlineError('NOT_FOUND', `no complaint #${req.params.id}`, { key: 'id' });
      const history = store.audit
        .list({ entity: 'complaint', entityId: String(c.id), limit: 200 })
        .reverse()
        .map((e) => ({ at: e.at, actor: e.actor, action: e.action, summary: e.summary }));
      return { ...present(p, c, ctx.now()), history };
    },
  );

  r.post(
    '/complaints/:id/actions',
    {
      config: { permission: 'complaint:write' },
      schema: {
        tags: ['desk'],
        summary: 'move a complaint: start, escalate (to the floor supervisor, then the business contact), resolve (creates the callback to the customer), call-back, confirm, reopen',
        params: idParams,
        body: z.strictObject({ action: z.enum(complaintActions), resolution: z.string().max(4000).optional() }),
        response: { 200: complaintOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      return present(p, actOnComplaint(store, p, req.params.id, req.body.action, req.body.resolution, now), now);
    },
  );
}
