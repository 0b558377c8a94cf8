import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { refuseNumberSearch } from '../../auth/number-search.js';
import { shownNumber } from '../../auth/visibility.js';
import { normalizePhone } from '../../dialer/import/normalize-phone.js';
import { HotlineError } from '../../errors.js';
import { GLOBAL_DNC } from '../../store/dnc-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors, limit } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const campaignId = z.coerce.number().int().min(0).default(GLOBAL_DNC).describe('0 (default) is the global list');
const entryOut = z.object({ phone: z.string(), campaignId: z.number().int(), reason: z.string(), addedAt: z.number().int() });

function e164(raw: string, key = 'phone'): string {
  const n = normalizePhone(raw);
  if (!n.ok) throw new HotlineError('BAD_REQUEST', `${key}: ${n.reason}`, { key });
  return n.e164;
}

/** Do-not-call lists: list, check, add, remove, bulk; numbers are stored in E.164 whatever format they came in. */
export function dncRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { dnc, campaigns } = ctx.store;
  const listExists = (id: number) => {
    if (id !== GLOBAL_DNC) campaigns.get(id);
  };

  r.get(
    '/dnc',
    {
      config: { permission: 'dnc:read' },
      schema: {
        tags: ['dnc'],
        summary: "one list's numbers, oldest first",
        querystring: z.strictObject({ campaignId, offset: z.coerce.number().int().min(0).default(0), limit }),
        response: { 200: z.object({ items: z.array(entryOut), total: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const { campaignId: list, offset, limit: n } = req.query;
      const { items, total } = dnc.page(list, offset, n);
      return { items: items.map((e) => ({ ...e, phone: shownNumber(p, e.phone)! })), total };
    },
  );

  r.get(
    '/dnc/check',
    {
      config: { permission: 'dnc:check' },
      schema: {
        tags: ['dnc'],
        summary: 'is this number blocked for a campaign (its own list or the global one)? Not for roles that see numbers masked (403)',
        querystring: z.strictObject({ phone: z.string().min(3).max(32), campaignId }),
        response: { 200: z.object({ phone: z.string(), blocked: z.boolean(), lists: z.array(z.number().int()) }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      // A role that sees the list masked could try the 10⁴ candidates of a masked entry here: closed like the other number searches.
      refuseNumberSearch(p, { phone: req.query.phone });
      const phone = e164(req.query.phone);
      const lists = dnc.listsFor(phone, req.query.campaignId);
      return { phone: shownNumber(p, phone)!, blocked: lists.length > 0, lists };
    },
  );

  r.post(
    '/dnc',
    {
      config: { permission: 'dnc:write' },
      schema: {
        tags: ['dnc'],
        summary: 'put a number on a list (idempotent: the first reason stays)',
        body: z.strictObject({ phone: z.string().min(3).max(32), campaignId, reason: z.string().trim().min(1).max(200) }),
        response: { 201: entryOut.extend({ added: z.boolean() }), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const phone = e164(req.body.phone);
      const { campaignId: list, reason } = req.body;
      const now = ctx.now();
      const out = ctx.audit.change(
        p,
        now,
        () => {
          listExists(list);
          const added = dnc.add(phone, list, reason, now);
          return { ...dnc.entry(phone, list)!, added };
        },
        ({ added, ...row }) => (added ? { action: 'dnc.add', entity: 'dnc', entityId: `${list}:${phone}`, summary: `added to list ${list}: ${reason}`, after: row } : null),
      );
      return reply.status(201).send({ ...out, phone: shownNumber(p, out.phone)! });
    },
  );

  r.delete(
    '/dnc/:phone',
    {
      config: { permission: 'dnc:remove' },
      schema: {
        tags: ['dnc'],
        summary: 'take a number off a list',
        params: z.strictObject({ phone: z.string().min(3).max(32) }),
        querystring: z.strictObject({ campaignId }),
        response: { 200: z.object({ removed: z.literal(true) }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const phone = e164(req.params.phone);
      const list = req.query.campaignId;
      ctx.audit.change(
        p,
        ctx.now(),
        () => {
          const before = dnc.entry(phone, list);
          if (!before) throw new HotlineError('NOT_FOUND', `the number is not on list ${list}`, { key: 'phone' });
          dnc.remove(phone, list);
          return before;
        },
        (before) => ({ action: 'dnc.remove', entity: 'dnc', entityId: `${list}:${phone}`, summary: `removed from list ${list}`, before }),
      );
      return { removed: true as const };
    },
  );

  r.post(
    '/dnc/bulk',
    {
      config: { permission: 'dnc:remove' },
      bodyLimit: 16 * 1024 * 1024,
      schema: {
        tags: ['dnc'],
        summary: 'add and remove many numbers in one transaction; numbers that cannot be read are listed and nothing is changed',
        body: z.strictObject({
          campaignId,
          reason: z.string().trim().min(1).max(200).default('bulk'),
          add: z.array(z.string().max(32)).max(200_000).default([]),
          remove: z.array(z.string().max(32)).max(200_000).default([]),
        }),
        response: { 200: z.object({ added: z.number().int(), alreadyListed: z.number().int(), removed: z.number().int(), notListed: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const b = req.body;
      const bad: Array<{ field: string; value: string; reason: string }> = [];
      const read = (list: string[], field: 'add' | 'remove') =>
        list.flatMap((raw, i) => {
          const n = normalizePhone(raw);
          if (n.ok) return [n.e164];
          bad.push({ field: `${field}.${i}`, value: raw, reason: n.reason });
          return [];
        });
      const add = [...new Set(read(b.add, 'add'))];
      const remove = [...new Set(read(b.remove, 'remove'))];
      if (bad.length) {
        throw new HotlineError('BAD_REQUEST', `${bad[0]!.field}: ${bad[0]!.reason} (${bad.length} unreadable numbers; nothing was changed)`, {
          key: bad[0]!.field,
          details: { invalid: bad.slice(0, 1000), invalidCount: bad.length },
        });
      }
      const now = ctx.now();
      return ctx.audit.change(
        p,
        now,
        () => {
          listExists(b.campaignId);
          const { added, removed } = dnc.bulk(b.campaignId, add, remove, b.reason, now);
          return { added, alreadyListed: add.length - added, removed, notListed: remove.length - removed };
        },
        (result) => ({ action: 'dnc.bulk', entity: 'dnc', entityId: String(b.campaignId), summary: `list ${b.campaignId}: +${result.added} −${result.removed} (${b.reason})`, after: { ...result, add, remove } }),
      );
    },
  );
}
