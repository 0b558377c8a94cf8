import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Agent, AgentEvent } from '../../acd/agent-state.js';
import type { Principal } from '../../auth/principal.js';
import { ownAgentScope, shownNumber } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { defined } from '../../defined.js';

const agentParams = z.strictObject({ id: z.string().min(1).max(32) });

const currentCallOut = z
  .object({
    channelId: z.string(),
    direction: z.enum(['inbound', 'outbound']),
    callerNumber: z.string().nullable(),
    calledNumber: z.string().nullable(),
    startedAt: z.number().int(),
    answeredAt: z.number().int().nullable(),
    queueGroup: z.string().nullable(),
    campaignId: z.number().int().nullable(),
  })
  .nullable();

const agentOut = z.object({
  id: z.string(),
  name: z.string(),
  source: z.enum(['config', 'api']).describe('config agents are changed in the config file; api agents through this API'),
  skills: z.record(z.string(), z.number()),
  state: z.enum(['logged-out', 'ready', 'ringing', 'on-call', 'after-call-work', 'paused']),
  since: z.number().int(),
  pauseReason: z.string().nullable(),
  callId: z.string().nullable(),
  wrapUpOwed: z.string().nullable().describe('the inbound call whose wrap-up the agent must save before being ready (desk.wrapUpRequired)'),
  stats: z.record(z.string(), z.number()),
  currentCall: currentCallOut,
});

const skillsIn = z
  .record(z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'a skill is lower-case letters, digits and dashes'), z.number().int().min(1).max(10))
  .refine((s) => Object.keys(s).length > 0, 'an agent needs at least one skill')
  .describe('skill → level 1 to 10 (higher wins ties); each skill must be one a skill group routes on');
const nameIn = z.string().trim().min(1).max(64);

const createBody = z.strictObject({
  // Digits only: the id is the extension the phone registers as and the dial string PJSIP/<id>.
  id: z.string().regex(/^[0-9]{3,8}$/, 'must be 3 to 8 digits: the extension the phone registers as'),
  name: nameIn,
  skills: skillsIn,
  password: z
    .string()
    .min(8)
    .max(128)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces, so any phone can be given it')
    .describe("the phone's SIP password; kept only as md5(id:realm:password), never returned"),
});

const patchBody = z
  .strictObject({ name: nameIn, skills: skillsIn })
  .partial()
  .refine((b) => b.name !== undefined || b.skills !== undefined, { message: 'give name or skills', path: ['name'] });

const events = {
  login: () => ({ type: 'login' }),
  ready: () => ({ type: 'ready' }),
  pause: (reason: string) => ({ type: 'pause', reason }),
  logout: () => ({ type: 'logout' }),
} as const;

/** Agents: list, one agent with its current call, create, edit and delete, and the state changes an agent or a supervisor makes. */
export function agentRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { acd, calls: repo } = ctx;

  const view = (p: Principal, a: Agent) => {
    const call = a.callId ? repo.get(a.callId) : undefined;
    return {
      id: a.id,
      name: a.name,
      source: ctx.agents.source(a.id),
      skills: { ...a.skills },
      state: a.state,
      since: a.since,
      pauseReason: a.pauseReason ?? null,
      callId: a.callId ?? null,
      wrapUpOwed: a.wrapUpOwed ?? null,
      stats: { ...a.stats },
      currentCall: call
        ? {
            channelId: call.channelId,
            direction: call.direction,
            callerNumber: shownNumber(p, call.callerNumber),
            calledNumber: shownNumber(p, call.calledNumber),
            startedAt: call.startedAt,
            answeredAt: call.answeredAt,
            queueGroup: call.queueGroup,
            campaignId: call.campaignId,
          }
        : null,
    };
  };
  const find = (p: Principal, id: string): Agent => {
    const scope = ownAgentScope(p);
    const a = acd.agentList().find((x) => x.id === id);
    if (!a || (scope !== undefined && scope !== id)) throw new HotlineError('NOT_FOUND', `no agent ${id}`, { key: 'id' });
    return a;
  };

  r.get(
    '/agents',
    {
      config: { permission: 'agent:read' },
      schema: { tags: ['agents'], summary: 'agents and their states; an agent sees only themselves', response: { 200: z.object({ items: z.array(agentOut) }), ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const scope = ownAgentScope(p);
      return { items: acd.agentList().filter((a) => scope === undefined || a.id === scope).map((a) => view(p, a)) };
    },
  );

  r.get(
    '/agents/:id',
    { config: { permission: 'agent:read' }, schema: { tags: ['agents'], summary: 'one agent with the call they are on', params: agentParams, response: { 200: agentOut, ...errors } } },
    async (req) => view(principalOf(req), find(principalOf(req), req.params.id)),
  );

  r.post(
    '/agents',
    {
      config: { permission: 'agent:write' },
      schema: {
        tags: ['agents'],
        summary: "create an agent and their phone's SIP endpoint in Asterisk; they start logged out",
        body: createBody,
        response: { 201: agentOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const agent = await ctx.agents.create(p, req.body);
      return reply.status(201).send(view(p, agent));
    },
  );

  r.patch(
    '/agents/:id',
    {
      config: { permission: 'agent:write' },
      schema: { tags: ['agents'], summary: "change an API agent's name or skills (their state and call stay)", params: agentParams, body: patchBody, response: { 200: agentOut, ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const change = defined({ name: req.body.name, skills: req.body.skills });
      return view(p, ctx.agents.edit(p, req.params.id, change));
    },
  );

  r.delete(
    '/agents/:id',
    {
      config: { permission: 'agent:write' },
      schema: { tags: ['agents'], summary: 'delete a logged-out API agent and their SIP endpoint', params: agentParams, response: { 200: z.object({ removed: z.literal(true) }), ...errors } },
    },
    async (req) => {
      await ctx.agents.remove(principalOf(req), req.params.id);
      return { removed: true as const };
    },
  );

  for (const [name, make] of Object.entries(events)) {
    r.post(
      `/agents/:id/${name}`,
      {
        config: { permission: 'agent:state' },
        schema: {
          tags: ['agents'],
          summary: `${name}${name === 'pause' ? ' with a reason (break, training, meeting…)' : ''}; an agent changes only their own state`,
          params: agentParams,
          ...(name === 'pause' ? { body: z.strictObject({ reason: z.string().trim().min(1).max(64) }) } : {}),
          response: { 200: agentOut, ...errors },
        },
      },
      async (req) => {
        const p = principalOf(req);
        const agent = find(p, req.params.id);
        const reason = (req.body as { reason?: string } | undefined)?.reason ?? '';
        const next = acd.agentEvent(agent.id, make(reason) as AgentEvent);
        if (next instanceof Error) throw next;
        // An agent's own clicks are in the agent-state log; a supervisor acting on someone else's state is audited.
        if (p.agentId !== agent.id) {
          ctx.audit.record(p, { action: `agent.${name}`, entity: 'agent', entityId: agent.id, summary: `${agent.state} → ${next.state}${reason ? ` (${reason})` : ''}`, before: { state: agent.state }, after: { state: next.state } }, ctx.now());
        }
        return view(p, next);
      },
    );
  }
}
