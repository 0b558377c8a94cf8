import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { mayTouchAgentRecord } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const holdOut = z.object({
  channelId: z.string().describe("the customer's channel: the call record the hold time goes on"),
  held: z.boolean(),
  holdMs: z.number().int().describe('time on hold so far in this call'),
  holds: z.number().int(),
});

/** Hold with music and resume (issue 13): the agent on the call or a supervisor; the time goes on the call record. */
export function holdRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  for (const action of ['hold', 'resume'] as const) {
    r.post(
      `/calls/:channelId/${action}`,
      {
        config: { permission: 'call:hold' },
        schema: {
          tags: ['calls'],
          summary: action === 'hold' ? 'put the customer on hold with music (customer or agent-leg channel)' : 'take the customer off hold, back to the agent',
          params: z.strictObject({ channelId: z.string().min(1).max(128) }),
          response: { 200: holdOut, ...errors },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const conv = ctx.callRecordings.conversation(req.params.channelId);
        // Another agent's call is as good as absent to an agent.
        if (conv && !mayTouchAgentRecord(p, conv.agentId)) throw new HotlineError('NOT_FOUND', `no call ${req.params.channelId}`, { key: 'channelId' });
        return action === 'hold' ? ctx.holds.hold(req.params.channelId) : ctx.holds.resume(req.params.channelId);
      },
    );
  }
}
