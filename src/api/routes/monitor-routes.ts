import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Principal } from '../../auth/principal.js';
import { mayActOnCall, type SupervisorMode } from '../../calls/supervision-policy.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const mode = z.enum(['listen', 'whisper', 'barge']).describe('listen: the agent and customer hear nothing; whisper: only the agent hears; barge: all three talk');
const params = z.strictObject({ channelId: z.string().min(1).max(128) });
// A PJSIP endpoint name only: it becomes PJSIP/<endpoint>, so no dial-string syntax may get through.
const endpoint = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/).describe("the supervisor's PJSIP endpoint (desk phone or browser phone)");

const monitorOut = z.object({
  channelId: z.string().describe("the customer's channel"),
  agentId: z.string(),
  mode: mode.nullable().describe('null once stopped'),
  endpoint: z.string(),
  setupMs: z.number().int().describe('time Asterisk took (on start: ringing the supervisor included)'),
});

/** The policy table says who may use a mode; the route's permission already turned other roles away. */
function mayUse(p: Principal, m: SupervisorMode): void {
  if (!mayActOnCall(p.role, m, false)) throw new HotlineError('FORBIDDEN', `role ${p.role} may not ${m}`, { key: 'mode' });
}

/** Supervisors listen, whisper and barge (issue 13); every start, mode change and stop goes to the audit log. */
export function monitorRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const path = '/calls/:channelId/monitor';
  const config = { permission: 'call:monitor' as const };

  r.post(
    path,
    { config, schema: { tags: ['calls'], summary: "monitor a live call into the supervisor's phone", params, body: z.strictObject({ mode, endpoint }), response: { 200: monitorOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      mayUse(p, req.body.mode);
      const s = await ctx.supervision.start(req.params.channelId, req.body.mode, req.body.endpoint);
      ctx.audit.record(p, { action: 'call.monitor.start', entity: 'call', entityId: s.channelId, summary: `${s.mode} agent ${s.agentId} on ${s.endpoint}`, after: { mode: s.mode, endpoint: s.endpoint, agentId: s.agentId } }, ctx.now());
      return s;
    },
  );

  r.patch(
    path,
    { config, schema: { tags: ['calls'], summary: 'switch the monitor to another mode', params, body: z.strictObject({ mode }), response: { 200: monitorOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      mayUse(p, req.body.mode);
      const s = await ctx.supervision.switch(req.params.channelId, req.body.mode);
      ctx.audit.record(p, { action: 'call.monitor.mode', entity: 'call', entityId: s.channelId, summary: `${s.mode} agent ${s.agentId}`, after: { mode: s.mode, agentId: s.agentId } }, ctx.now());
      return s;
    },
  );

  r.delete(
    path,
    { config, schema: { tags: ['calls'], summary: "stop monitoring: the supervisor's phone is hung up", params, response: { 200: monitorOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      const s = await ctx.supervision.stop(req.params.channelId);
      ctx.audit.record(p, { action: 'call.monitor.stop', entity: 'call', entityId: s.channelId, summary: `stopped on agent ${s.agentId}`, after: { mode: null, agentId: s.agentId } }, ctx.now());
      return s;
    },
  );
}
