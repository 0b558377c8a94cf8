import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { simParamsSchema } from '../../sim/sim-params.js';
import { inboundAgents } from '../../staffing/erlang-c.js';
import { outboundAgentsInChild } from '../../staffing/outbound-in-child.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { defined } from '../../defined.js';

// The simulator runs in a niced child process (seconds of CPU: the service's event loop carries live calls), one at a
// time, with a bounded amount of work per candidate head count and a time limit.
const MAX_REPLICATION_HOURS = 40;
const TIMEOUT_MS = 120_000;
let running = false;
// What `hotline staffing outbound` simulates unless told otherwise: many candidates, so fewer and shorter runs.
const outboundBase = { replications: 5, hours: 4, agents: 10 };

const inboundRow = z.object({
  interval: z.number().int(),
  calls: z.number(),
  agents: z.number().int(),
  traffic: z.number().describe('offered traffic, Erlangs'),
  serviceLevel: z.number().describe('share answered within targetAnswerS with that many agents'),
  pWait: z.number(),
  asaS: z.number().describe('average speed of answer, s'),
  occupancy: z.number(),
});

const outboundPoint = z.object({
  agents: z.number().int(),
  talkHoursPerHour: z.number(),
  contactsPerHour: z.number(),
  occupancy: z.number(),
  abandonRate: z.number(),
  windowBreaches: z.number().int().describe('replications over the abandon limit in their window'),
});

/**
 * The staffing calculator (agents needed by hour of day, docs/domain.md §KPIs and reports): Erlang C for inbound, the
 * simulator for outbound, as `hotline staffing`.
 */
export function staffingRoutes(app: FastifyInstance, _ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/staffing/inbound',
    {
      config: { permission: 'staffing:run' },
      schema: {
        tags: ['staffing'],
        summary: 'Erlang C: agents for a service level, per interval',
        body: z.strictObject({
          calls: z.array(z.number().min(0).max(1_000_000)).min(1).max(336).describe('calls offered per interval (e.g. 48 half-hours)'),
          intervalMinutes: z.number().gt(0).max(1440).default(30),
          ahtS: z.number().gt(0).max(86_400).default(180).describe('average handle time: talk + hold + after-call work, s'),
          serviceLevel: z.number().gt(0).lt(1).default(0.8).describe('share answered within targetAnswerS, e.g. 0.8'),
          targetAnswerS: z.number().min(0).max(3600).default(20),
          maxOccupancy: z.number().gt(0).max(1).optional().describe('add agents until occupancy is at most this'),
        }),
        response: { 200: z.object({ intervals: z.array(inboundRow) }), ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      const intervals = b.calls.map((calls, interval) => ({
        interval,
        calls,
        ...inboundAgents({
          calls,
          intervalS: b.intervalMinutes * 60,
          ahtS: b.ahtS,
          serviceLevel: b.serviceLevel,
          targetAnswerS: b.targetAnswerS,
          ...defined({ maxOccupancy: b.maxOccupancy }),
        }),
      }));
      return { intervals };
    },
  );

  r.post(
    '/staffing/outbound',
    {
      config: { permission: 'staffing:run' },
      schema: {
        tags: ['staffing'],
        summary: 'agents for a target of talk hours or contacts per hour under the abandon limit, from the simulator',
        body: z
          .strictObject({
            talkHoursPerHour: z.number().gt(0).max(100_000).optional().describe('agent talk hours per clock hour to deliver'),
            contactsPerHour: z.number().gt(0).max(1_000_000).optional().describe('live answers connected to an agent per hour'),
            sim: z
              .record(z.string(), z.unknown())
              .default({})
              .describe(`simulation parameters as \`hotline simulate\` takes them (answerRate, talkMeanS, wrapS, pacing…); default replications ${outboundBase.replications}, hours ${outboundBase.hours}; replications × hours at most ${MAX_REPLICATION_HOURS}`),
          })
          .refine((x) => (x.talkHoursPerHour === undefined) !== (x.contactsPerHour === undefined), { message: 'give exactly one of talkHoursPerHour and contactsPerHour', path: ['talkHoursPerHour'] }),
        response: { 200: outboundPoint.extend({ tried: z.array(outboundPoint), replications: z.number().int(), hours: z.number() }), ...errors },
      },
    },
    async (req) => {
      const b = req.body;
      const parsed = simParamsSchema.safeParse({ ...outboundBase, ...b.sim });
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        const leaf = issue.code === 'unrecognized_keys' ? [issue.keys[0]!] : [];
        const field = ['sim', ...issue.path.map(String), ...leaf].join('.');
        throw new HotlineError('BAD_REQUEST', `${field}: ${issue.message}`, { key: field });
      }
      const params = parsed.data;
      if (params.replications * params.hours > MAX_REPLICATION_HOURS) {
        throw new HotlineError('BAD_REQUEST', `sim.replications: replications × hours must be at most ${MAX_REPLICATION_HOURS} through the API (use hotline staffing outbound for more)`, { key: 'sim.replications' });
      }
      const target = b.talkHoursPerHour !== undefined ? { talkHoursPerHour: b.talkHoursPerHour } : { contactsPerHour: b.contactsPerHour! };
      if (running) throw new HotlineError('CONFLICT', 'an outbound staffing simulation is already running; try again when it is done', { key: 'sim' });
      running = true;
      let out;
      try {
        out = await outboundAgentsInChild(params, target, TIMEOUT_MS);
      } catch (err) {
        // The staffing module names the CLI's flags; the API names its own body fields.
        if (err instanceof HotlineError) throw new HotlineError(err.code, err.message.replace(/^--\S+ /, ''), { key: Object.keys(target)[0]!, ...(err.details ? { details: err.details } : {}) });
        throw err;
      } finally {
        running = false;
      }
      return { ...out, tried: [...out.tried], replications: params.replications, hours: params.hours };
    },
  );
}
