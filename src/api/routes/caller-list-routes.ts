import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { shownNumber } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { normalizeNumber } from '../../ivr/conditions.js';
import { callerListNames } from '../../store/caller-lists-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const number = z.string().regex(/^\+?[0-9]{3,20}$/, 'must be a phone number of 3 to 20 digits');
// Written as people write them ("139 0000-0001"); kept as the IVR compares them, formatting dropped.
const numberIn = z.string().max(40).transform(normalizeNumber).pipe(number);
const listParams = z.strictObject({ list: z.enum(callerListNames) });
const entryOut = z.object({ list: z.enum(callerListNames), number: z.string(), note: z.string(), createdAt: z.number().int(), createdBy: z.string() });

/**
 * VIP and blocked callers (issue 15 item 5), kept without editing flow files: a flow's `vip` and `blocked` lists also
 * hold these numbers from the next call on. A blocked caller is refused by the flow and recorded as harassment.
 */
export function callerListRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    '/caller-lists/:list',
    {
      config: { permission: 'callerlist:read' },
      schema: { tags: ['desk'], summary: 'the numbers on the VIP or the blocked list', params: listParams, response: { 200: z.object({ items: z.array(entryOut) }), ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      return { items: ctx.store.callerLists.list(req.params.list).map((e) => ({ ...e, number: shownNumber(p, e.number)! })) };
    },
  );

  r.post(
    '/caller-lists/:list',
    {
      config: { permission: 'callerlist:write' },
      schema: {
        tags: ['desk'],
        summary: 'put a number on the VIP or the blocked list (the IVR reads it from the next call)',
        params: listParams,
        body: z.strictObject({ number: numberIn, note: z.string().max(500).default('') }),
        response: { 201: entryOut, ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const e = ctx.callerLists.add({ list: req.params.list, number: req.body.number, note: req.body.note, createdAt: now, createdBy: p.name }, (saved) =>
        ctx.audit.record(p, { action: 'caller-list.add', entity: 'caller-list', entityId: `${saved.list}:${saved.number}`, summary: `${saved.list} + number`, after: saved }, now),
      );
      return reply.status(201).send({ ...e, number: shownNumber(p, e.number)! });
    },
  );

  r.delete(
    '/caller-lists/:list/:number',
    {
      config: { permission: 'callerlist:write' },
      schema: { tags: ['desk'], summary: 'take a number off the list', params: listParams.extend({ number }), response: { 200: z.object({ removed: z.literal(true) }), ...errors } },
    },
    async (req) => {
      const p = principalOf(req);
      const { list, number: n } = req.params;
      const removed = ctx.callerLists.remove(list, n, () =>
        ctx.audit.record(p, { action: 'caller-list.remove', entity: 'caller-list', entityId: `${list}:${n}`, summary: `${list} - number` }, ctx.now()),
      );
      if (!removed) throw new HotlineError('NOT_FOUND', `the number is not on the ${list} list`, { key: 'number' });
      return { removed: true as const };
    },
  );
}
