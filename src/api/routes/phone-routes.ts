import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { can } from '../../auth/roles.js';
import { HotlineError } from '../../errors.js';
import { supervisorPhoneOwner } from '../../phone/browser-endpoint.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const credentialOut = z.object({
  username: z.string().describe("SIP user and PJSIP endpoint of the browser phone (web<agent>; a supervisor's: websup<token id>, the endpoint to monitor on)"),
  password: z.string().describe('valid until expiresAt, for this browser phone only'),
  uri: z.string(),
  wsUrl: z.string().describe("Asterisk's SIP WebSocket (wss://)"),
  expiresAt: z.number().int(),
  renewAt: z.number().int().describe('ask for a new credential by then'),
});

/**
 * The agent's browser phone (issue 13): a short-lived SIP credential at console login, and back to the desk phone. A
 * supervisor's token (no agent) gets one too, to listen, whisper and barge on from the wallboard.
 */
export function phoneRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const agentOf = (req: Parameters<typeof principalOf>[0]): string => {
    const p = principalOf(req);
    if (p.agentId === null && can(p.role, 'call:monitor')) return supervisorPhoneOwner(p.tokenId);
    if (p.agentId === null || !ctx.acd.agentList().some((a) => a.id === p.agentId)) {
      throw new HotlineError('PHONE_UNAVAILABLE', 'this token stands for no ACD agent', { key: 'authorization' });
    }
    return p.agentId;
  };

  r.post(
    '/phone/credentials',
    {
      config: { permission: 'phone:use' },
      schema: { tags: ['phone'], summary: "a short-lived SIP credential for the agent's browser phone; calls ring the browser until it expires or is released", response: { 201: credentialOut, ...errors } },
    },
    async (req, reply) => {
      const c = await ctx.phones.issue(agentOf(req));
      reply.header('cache-control', 'no-store');
      return reply.code(201).send({ username: c.username, password: c.password, uri: c.uri, wsUrl: c.wsUrl, expiresAt: c.expiresAt, renewAt: c.renewAt });
    },
  );

  r.delete(
    '/phone/credentials',
    { config: { permission: 'phone:use' }, schema: { tags: ['phone'], summary: 'back to the desk phone: the browser credential is void at once', response: { 200: z.object({ kind: z.enum(['browser', 'desk']) }), ...errors } } },
    async (req) => {
      const agentId = agentOf(req);
      await ctx.phones.release(agentId);
      return { kind: ctx.phones.kindOf(agentId) };
    },
  );

  r.get(
    '/phone',
    {
      config: { permission: 'phone:use' },
      schema: {
        tags: ['phone'],
        summary: 'which phone rings for this agent now',
        response: {
          200: z.object({
            kind: z.enum(['browser', 'desk']),
            monitored: z.boolean().describe('a supervisor listens, whispers or barges on this call now; always false when phone.showMonitored is off'),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const agentId = agentOf(req);
      // Issue 13: whether agents may know they are monitored is the centre's choice (phone.showMonitored, on by default).
      return { kind: ctx.phones.kindOf(agentId), monitored: ctx.config.phone.showMonitored && ctx.supervision.monitoredMode(agentId) !== null };
    },
  );
}
