import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { ownAgentScope } from '../../auth/visibility.js';
import { callerHistoryView } from '../../desk/caller-history.js';
import { complaintStates } from '../../desk/complaint-states.js';
import { HotlineError } from '../../errors.js';
import { wrapUpResults } from '../../store/wrap-ups-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const historyOut = z.object({
  number: z.string().nullable().describe('the caller, masked for roles that do not see numbers; null when the call withheld it'),
  calls: z.array(
    z.object({
      channelId: z.string(),
      startedAt: z.number().int(),
      answeredAt: z.number().int().nullable(),
      endedIn: z.string().nullable(),
      queueGroup: z.string().nullable(),
      agentId: z.string().nullable(),
      category: z.string().nullable().describe('the wrap-up category, null when the call has no wrap-up'),
      result: z.enum(wrapUpResults).nullable(),
      notes: z.string().nullable(),
      notesHidden: z.boolean().describe("an agent sees the notes of their own wrap-ups only"),
      workOrderNo: z.string().nullable(),
      complaintId: z.number().int().nullable(),
    }),
  ),
  complaints: z.array(
    z.object({
      id: z.number().int(),
      category: z.string(),
      department: z.string(),
      description: z.string(),
      state: z.enum(complaintStates),
      escalation: z.number().int(),
      dueAt: z.number().int(),
      overdue: z.boolean(),
      createdAt: z.number().int(),
    }),
  ),
  workOrders: z.array(
    z.object({
      orderNo: z.string(),
      status: z.string(),
      category: z.string().nullable(),
      description: z.string(),
      createdAt: z.number().int(),
      respondBy: z.number().int().nullable(),
      completeBy: z.number().int().nullable(),
      completedAt: z.number().int().nullable(),
      overdue: z.boolean(),
    }),
  ),
  callbacks: z.array(
    z.object({
      id: z.number().int(),
      number: z.string(),
      reason: z.string(),
      dueAt: z.number().int().nullable(),
      state: z.enum(['pending', 'dialing', 'done', 'cancelled']),
      createdAt: z.number().int(),
    }),
  ),
});

const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(100).default(20).describe('at most this many of each kind, newest first') });

/** The caller history (issue 15 item 4): by the call in front of the agent, or by a number for the floor. */
export function callerHistoryRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const history = (p: Principal, number: string | null, except: string | undefined, limit: number) => {
    if (number === null) return { number: null, calls: [], complaints: [], workOrders: [], callbacks: [] };
    const rows = store.callerHistory.of(number, { ...(except !== undefined ? { exceptChannelId: except } : {}), limit });
    return callerHistoryView(p, number, rows, ctx.now());
  };

  r.get(
    '/calls/:channelId/caller-history',
    {
      config: { permission: 'callerhistory:read' },
      schema: {
        tags: ['desk'],
        summary: "the caller's earlier inbound calls with their wrap-ups, open complaints, work orders and callbacks; an agent asks for a call they are offered or took",
        params: z.strictObject({ channelId: z.string().min(1).max(128) }),
        querystring: historyQuery,
        response: { 200: historyOut, ...errors },
      },
    },
    async (req) => {
      ctx.calls.flush();
      const p = principalOf(req);
      const { channelId } = req.params;
      const call = ctx.calls.get(channelId);
      const scope = ownAgentScope(p);
      // The call is the agent's once the ACD offers it (the call record learns its agent only at the answer).
      const theirs = scope === undefined || call?.agentId === scope || ctx.acd.agentList().some((a) => a.id === scope && a.callId === channelId);
      if (!call || !theirs || call.direction !== 'inbound') throw new HotlineError('NOT_FOUND', `no inbound call ${channelId}`, { key: 'channelId' });
      return history(p, call.callerNumber, channelId, req.query.limit);
    },
  );

  r.get(
    '/callers/:number/history',
    {
      config: { permission: 'callerhistory:search' },
      schema: {
        tags: ['desk'],
        summary: "a number's caller history, for the floor (supervisors see it masked)",
        params: z.strictObject({ number: z.string().regex(/^\+?[0-9]{3,20}$/) }),
        querystring: historyQuery,
        response: { 200: historyOut, ...errors },
      },
    },
    async (req) => {
      ctx.calls.flush();
      return history(principalOf(req), req.params.number, undefined, req.query.limit);
    },
  );
}
