import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayTouchAgentRecord, ownAgentScope, shownNumber } from '../../auth/visibility.js';
import { transferStates } from '../../calls/transfer-machine.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const transferOut = z.object({
  transferId: z.number().int().describe('the call_transfers row: the call record keeps the chain'),
  channelId: z.string().describe("the customer's channel"),
  state: z.enum(transferStates),
  legId: z.string().nullable().describe("the target's leg (none for a skill group)"),
});

const target = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('agent'), agentId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('group'), groupId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('number'), number: z.string().min(3).max(32).describe('checked like a callback number, and against DNC') }),
]);

const params = z.strictObject({ channelId: z.string().min(1).max(128) });

/**
 * Transfers and the three-way conference (issue 13): the agent on the call or a supervisor. A blind transfer or a
 * consult answers once the target picked up (or with TRANSFER_NOT_ANSWERED, the caller back with the agent).
 */
export function transferRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const mine = (p: ReturnType<typeof principalOf>, channelId: string) => {
    const conv = ctx.callRecordings.conversation(channelId);
    // Another agent's call is as good as absent to an agent.
    if (conv && !mayTouchAgentRecord(p, conv.agentId)) throw new HotlineError('NOT_FOUND', `no call ${channelId}`, { key: 'channelId' });
  };
  r.post(
    '/calls/:channelId/transfer',
    {
      config: { permission: 'call:transfer' },
      schema: {
        tags: ['calls'],
        summary: 'transfer the customer blind, or start a consult (the customer hears music on hold meanwhile)',
        params,
        body: z.strictObject({ target, mode: z.enum(['blind', 'consult']).default('blind') }),
        response: { 200: transferOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      mine(p, req.params.channelId);
      return ctx.transfers.transfer(req.params.channelId, req.body.target, req.body.mode, p.agentId ?? p.name);
    },
  );
  r.get(
    '/calls/:channelId/transfers',
    {
      config: { permission: 'call:read' },
      schema: {
        tags: ['calls'],
        summary: "the call's chain of transfers, oldest first (an agent: calls they were part of)",
        params,
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.number().int(), kind: z.enum(['blind', 'attended']), targetKind: z.enum(['agent', 'group', 'number']), target: z.string().nullable(),
                fromAgent: z.string(), requestedBy: z.string(), legId: z.string().nullable(), requestedAt: z.number().int(), answeredAt: z.number().int().nullable(),
                endedAt: z.number().int().nullable(), outcome: z.string().nullable(), holdMs: z.number().int(),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const rows = ctx.store.transfers.ofCall(req.params.channelId);
      const scope = ownAgentScope(p);
      const involved = ctx.calls.get(req.params.channelId)?.agentId === scope || rows.some((t) => t.fromAgent === scope || (t.targetKind === 'agent' && t.target === scope));
      if (scope !== undefined && !involved) throw new HotlineError('NOT_FOUND', `no call ${req.params.channelId}`, { key: 'channelId' });
      return { items: rows.map((t) => ({ ...t, target: t.targetKind === 'number' ? shownNumber(p, t.target) : t.target })) };
    },
  );
  const steps = {
    complete: 'the consulted target takes the customer; the agent leaves',
    cancel: 'back to the customer: the target leaves',
    conference: 'customer, agent and the consulted target together',
  } as const;
  for (const [step, summary] of Object.entries(steps) as Array<[keyof typeof steps, string]>) {
    r.post(
      `/calls/:channelId/transfer/${step}`,
      { config: { permission: 'call:transfer' }, schema: { tags: ['calls'], summary, params, response: { 200: transferOut, ...errors } } },
      async (req) => {
        mine(principalOf(req), req.params.channelId);
        return ctx.transfers[step](req.params.channelId);
      },
    );
  }
}
