import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { categoryIndex } from '../../desk/categories.js';
import type { CategoryNode } from '../../desk/desk-config.js';
import { workOrderSettings } from '../../desk/work-order-settings.js';
import { saveWrapUp } from '../../desk/wrap-up-commands.js';
import { HotlineError } from '../../errors.js';
import { wrapUpResults } from '../../store/wrap-ups-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, instant } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const channelParams = z.strictObject({ channelId: z.string().min(1).max(128) });

const categoryOut: z.ZodType<CategoryNode> = z.lazy(() => z.object({ key: z.string(), zh: z.string(), en: z.string(), children: z.array(categoryOut).optional() }));

export const wrapUpOut = z.object({
  id: z.number().int(),
  channelId: z.string(),
  agentId: z.string().nullable(),
  category: z.string().describe('a key of the category tree (GET /desk/categories)'),
  notes: z.string(),
  result: z.enum(wrapUpResults),
  callbackAt: z.number().int().nullable(),
  callbackId: z.number().int().nullable().describe('the callback the dialer makes at callbackAt'),
  workOrderNo: z.string().nullable(),
  complaintId: z.number().int().nullable(),
  createdAt: z.number().int(),
  createdBy: z.string(),
});

const wrapUpIn = z.strictObject({
  category: z.string().min(1).max(32),
  notes: z.string().max(2000).optional(),
  result: z.enum(wrapUpResults).describe('resolved on the call, transferred, escalated, or a callback agreed at callbackAt'),
  callbackAt: instant.optional(),
  workOrderNo: z.string().regex(/^[0-9]{1,20}$/).optional(),
  newWorkOrder: z
    .strictObject({ description: z.string().trim().min(1).max(4000), respondBy: instant.optional(), completeBy: instant.optional() })
    .optional()
    .describe('open a work order with the wrap-up (e.g. a repair report); its number comes back as workOrderNo'),
  complaintId: z.number().int().positive().optional(),
});

/** The wrap-up of inbound calls (issue 15 item 1): the category tree, saving and reading a call's wrap-up. */
export function wrapUpRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const categories = categoryIndex(ctx.config.desk.categories);
  const workOrders = workOrderSettings(ctx.config);
  // An agent reaches only the calls they took, and a call not theirs is answered as if it did not exist.
  const callFor = (req: { params: { channelId: string } } & Parameters<typeof principalOf>[0]) => {
    const scope = ownAgentScope(principalOf(req));
    const c = ctx.calls.get(req.params.channelId);
    if (!c || (scope !== undefined && c.agentId !== scope)) return undefined;
    return c;
  };

  r.get(
    '/desk/categories',
    {
      config: { permission: 'wrapup:read' },
      schema: { tags: ['desk'], summary: 'the wrap-up category tree (desk.categories)', response: { 200: z.object({ items: z.array(categoryOut) }), ...errors } },
    },
    async () => ({ items: ctx.config.desk.categories }),
  );

  r.get(
    '/calls/:channelId/wrap-up',
    { config: { permission: 'wrapup:read' }, schema: { tags: ['desk'], summary: "a call's wrap-up", params: channelParams, response: { 200: wrapUpOut, ...errors } } },
    async (req) => {
      ctx.calls.flush();
      const w = callFor(req) ? store.wrapUps.byCall(req.params.channelId) : undefined;
      if (!w) throw new HotlineError('NOT_FOUND', `no wrap-up for call ${req.params.channelId}`, { key: 'channelId' });
      return w;
    },
  );

  r.post(
    '/calls/:channelId/wrap-up',
    {
      config: { permission: 'wrapup:write' },
      schema: {
        tags: ['desk'],
        summary: "save an inbound call's wrap-up: category, notes, result (a callback result schedules the callback), link to a work order or complaint; ends the agent's after-call work",
        params: channelParams,
        body: wrapUpIn,
        response: { 201: wrapUpOut, ...errors },
      },
    },
    async (req, reply) => {
      ctx.calls.flush();
      const w = saveWrapUp({ store, categories, acd: ctx.acd, workOrders }, principalOf(req), callFor(req), req.body, ctx.now());
      return reply.status(201).send(w);
    },
  );
}
