import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { campaignStatus, changeCampaign } from '../../dialer/campaign-commands.js';
import { cloneCampaign, editCampaign } from '../../dialer/campaign-edit.js';
import { campaignSettingsSchema } from '../../dialer/campaign-settings.js';
import { HotlineError, isHotlineError } from '../../errors.js';
import { campaignConnects } from '../../live/campaign-progress.js';
import type { ApiPorts } from '../api-context.js';
import { campaignOut, errors, idParams } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const statusOut = z.object({
  leads: z.record(z.string(), z.number().int()),
  attempts: z.number().int(),
  connects: z.number().int().describe('answered by a person, over the campaign so far'),
  abandoned: z.number().int().describe('live answers no agent took within the abandon time'),
  abandonWindow: z
    .object({
      window: z.enum(['24h', '30d', 'since-start']),
      lives: z.number().int(),
      abandons: z.number().int(),
      rate: z.number().nullable(),
      limit: z.number(),
    })
    .describe("abandons over live answers in the campaign's compliance window, as the dialer's guard counts them, and the limit"),
  missedCallbacks: z.number().int(),
  dialingAllowedNow: z.boolean(),
});

// Start arms a draft or a paused campaign; stop finishes it for good (open leads stay as they are).
const actions = { start: 'start', pause: 'pause', stop: 'finish' } as const;

/** Settings errors from the store name the setting; under the API it sits in the body's `settings`. */
function inSettings<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (isHotlineError(err, 'CAMPAIGN_INVALID') && err.key && err.key !== 'name') {
      throw new HotlineError('CAMPAIGN_INVALID', `settings.${err.message}`, { key: `settings.${err.key}`, ...(err.details ? { details: err.details } : {}) });
    }
    throw err;
  }
}

/** Campaigns: list, get (with status), create, edit, start, pause, stop, clone. */
export function campaignRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store, config } = ctx;
  const { campaigns } = store;

  r.get(
    '/campaigns',
    { config: { permission: 'campaign:read' }, schema: { tags: ['campaigns'], summary: 'all campaigns, newest first', response: { 200: z.object({ items: z.array(campaignOut) }), ...errors } } },
    async () => ({ items: campaigns.list() }),
  );

  r.get(
    '/campaigns/:id',
    {
      config: { permission: 'campaign:read' },
      schema: { tags: ['campaigns'], summary: 'one campaign with its lead counts and attempts', params: idParams, response: { 200: campaignOut.extend({ status: statusOut }), ...errors } },
    },
    async (req) => {
      const c = campaigns.get(req.params.id);
      const s = campaignStatus(store, c.id, ctx.now());
      return { ...c, status: { leads: s.leads, attempts: s.attempts, ...campaignConnects(store, c.id, ctx.now()), missedCallbacks: s.missedCallbacks, dialingAllowedNow: s.dialingAllowedNow } };
    },
  );

  r.post(
    '/campaigns',
    {
      config: { permission: 'campaign:write' },
      schema: {
        tags: ['campaigns'],
        summary: 'create a draft campaign',
        body: z.strictObject({ name: z.string().trim().min(1).max(100), settings: campaignSettingsSchema.optional() }),
        response: { 201: campaignOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const c = ctx.audit.change(
        p,
        now,
        () => campaigns.create(req.body.name, req.body.settings ?? {}, now),
        (created) => ({ action: 'campaign.create', entity: 'campaign', entityId: created.id, summary: `created campaign "${created.name}"`, after: created }),
      );
      return reply.status(201).send(c);
    },
  );

  r.patch(
    '/campaigns/:id',
    {
      config: { permission: 'campaign:write' },
      schema: {
        tags: ['campaigns'],
        summary: 'rename it or change settings (top-level keys replace; null resets a key to its default)',
        params: idParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(100).optional(), settings: z.record(z.string(), z.unknown()).optional() }),
        response: { 200: campaignOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      const { after } = ctx.audit.change(
        p,
        now,
        () => {
          const current = campaigns.get(req.params.id);
          if (req.body.name !== undefined && req.body.name !== current.name && current.name === config.dialer.callbacks.campaign) {
            throw new HotlineError('CONFLICT', `"${current.name}" takes the IVR's callbacks (dialer.callbacks.campaign) and keeps its name`, { key: 'name' });
          }
          return inSettings(() => editCampaign(store, req.params.id, req.body, now));
        },
        ({ before, after }) => ({ action: 'campaign.edit', entity: 'campaign', entityId: after.id, summary: `edited ${Object.keys(req.body).join(' and ') || 'nothing'}`, before, after }),
      );
      return after;
    },
  );

  for (const [action, event] of Object.entries(actions)) {
    r.post(
      `/campaigns/:id/${action}`,
      {
        config: { permission: 'campaign:write' },
        schema: { tags: ['campaigns'], summary: `${action} the campaign`, params: idParams, response: { 200: campaignOut, ...errors } },
      },
      async (req) => {
        const p = principalOf(req);
        const now = ctx.now();
        const { after } = ctx.audit.change(
          p,
          now,
          () => {
            const before = campaigns.get(req.params.id);
            return { before, after: changeCampaign(store, before.id, before.state === 'paused' && event === 'start' ? 'resume' : event, now) };
          },
          ({ before, after }) => ({ action: `campaign.${action}`, entity: 'campaign', entityId: after.id, summary: `${before.state} → ${after.state}`, before: { state: before.state }, after: { state: after.state } }),
        );
        return after;
      },
    );
  }

  r.post(
    '/campaigns/:id/clone',
    {
      config: { permission: 'campaign:write' },
      schema: {
        tags: ['campaigns'],
        summary: 'a new draft campaign with the same settings (no leads)',
        params: idParams,
        body: z.strictObject({ name: z.string().trim().min(1).max(100) }),
        response: { 201: campaignOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const { clone } = ctx.audit.change(
        p,
        now,
        () => cloneCampaign(store, req.params.id, req.body.name, now),
        ({ source, clone }) => ({ action: 'campaign.clone', entity: 'campaign', entityId: clone.id, summary: `cloned from #${source.id} "${source.name}"`, before: { sourceId: source.id }, after: clone }),
      );
      return reply.status(201).send(clone);
    },
  );
}
