import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { shownNumber } from '../../auth/visibility.js';
import { createWorkOrder, setWorkOrderStatus } from '../../desk/work-order-commands.js';
import { workOrderSettings } from '../../desk/work-order-settings.js';
import { overdueAt, workOrderStatuses } from '../../desk/work-order-states.js';
import { HotlineError } from '../../errors.js';
import type { WorkOrderRow } from '../../store/work-orders-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, instant, limit } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { callInScope } from '../call-in-scope.js';

const orderNo = z.string().regex(/^[0-9]{1,20}$/, 'digits: the number a caller keys in');

const workOrderOut = z.object({
  orderNo: z.string(),
  status: z.string().describe('received, in-progress, completed, cancelled'),
  channelId: z.string().nullable(),
  callerNumber: z.string().nullable(),
  category: z.string().nullable(),
  description: z.string(),
  createdAt: z.number().int(),
  createdBy: z.string().nullable(),
  respondBy: z.number().int().nullable(),
  completeBy: z.number().int().nullable(),
  respondedAt: z.number().int().nullable(),
  completedAt: z.number().int().nullable(),
  overdue: z.enum(['response', 'completion']).nullable().describe('the deadline it has missed, if it is still open'),
  updatedAt: z.number().int(),
});
const historyOut = z.object({ status: z.string(), note: z.string(), at: z.number().int(), actor: z.string() });

/** Work orders (issue 15 item 3): create from a call or the API, status with history, deadlines, the overdue list. */
export function workOrderRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const settings = workOrderSettings(ctx.config);
  const present = (p: Principal, o: WorkOrderRow, now: number) => ({ ...o, callerNumber: shownNumber(p, o.callerNumber), overdue: overdueAt(o, now) });

  r.post(
    '/work-orders',
    {
      config: { permission: 'workorder:write' },
      schema: {
        tags: ['desk'],
        summary: 'create a work order (from a call with channelId); its number, digits only, is what the caller keys in to hear its status',
        body: z.strictObject({
          channelId: z.string().min(1).max(128).optional(),
          callerNumber: z.string().regex(/^\+?[0-9]{3,20}$/).optional(),
          category: z.string().min(1).max(32).optional(),
          description: z.string().max(4000),
          respondBy: instant.optional().describe('default: now + desk.workOrders.respondWithinH'),
          completeBy: instant.optional().describe('default: now + desk.workOrders.completeWithinH'),
        }),
        response: { 201: workOrderOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const call = callInScope(ctx.calls, p, req.body.channelId);
      const o = createWorkOrder(store, settings, p, req.body, call, now);
      return reply.status(201).send(present(p, o, now));
    },
  );

  r.get(
    '/work-orders',
    {
      config: { permission: 'workorder:read' },
      schema: {
        tags: ['desk'],
        summary: 'work orders, newest first; overdue=true: open ones past their response or completion deadline, to chase (催办)',
        querystring: z.strictObject({ overdue: z.enum(['true', 'false']).optional(), status: z.enum(workOrderStatuses).optional(), limit }),
        response: { 200: z.object({ items: z.array(workOrderOut) }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      const rows = store.workOrders.search({ ...(req.query.overdue === 'true' ? { overdueAt: now } : {}), ...(req.query.status ? { status: req.query.status } : {}), limit: req.query.limit });
      return { items: rows.map((o) => present(p, o, now)) };
    },
  );

  r.get(
    '/work-orders/:orderNo',
    {
      config: { permission: 'workorder:read' },
      schema: { tags: ['desk'], summary: 'one work order with its status history', params: z.strictObject({ orderNo }), response: { 200: workOrderOut.extend({ history: z.array(historyOut) }), ...errors } },
    },
    async (req) => {
      const o = store.workOrders.get(req.params.orderNo);
      if (!o) throw new HotlineError('NOT_FOUND', `no work order ${req.params.orderNo}`, { key: 'orderNo' });
      return { ...present(principalOf(req), o, ctx.now()), history: store.workOrders.history(o.orderNo) };
    },
  );

  r.post(
    '/work-orders/:orderNo/status',
    {
      config: { permission: 'workorder:write' },
      schema: {
        tags: ['desk'],
        summary: 'change the status: received → in-progress (the response) → completed, or cancelled',
        params: z.strictObject({ orderNo }),
        body: z.strictObject({ status: z.enum(workOrderStatuses), note: z.string().max(2000).default('') }),
        response: { 200: workOrderOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      return present(p, setWorkOrderStatus(store, p, req.params.orderNo, req.body.status, req.body.note, now), now);
    },
  );
}
