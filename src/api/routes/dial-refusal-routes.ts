import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { dialRefusalReasons } from '../../dialer/dial-policy.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { reportDate, reportRange } from '../report-range.js';

const out = z.object({
  from: z.number().int(),
  to: z.number().int(),
  timeZone: z.string(),
  total: z.number().int(),
  byReason: z.record(z.enum(dialRefusalReasons), z.number().int()),
  byCampaign: z.array(z.object({ campaignId: z.number().int(), reason: z.enum(dialRefusalReasons), n: z.number().int() })),
});

/**
 * The dials the centre-wide dial policy refused (issue 17 item 11), counted by reason and campaign for local dates
 * from..to. Counts only: the numbers stay in the store, so no role learns one here.
 */
export function dialRefusalRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tz = ctx.config.api.reports.timeZone;
  r.get(
    '/reports/dial-refusals',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: `Dials the dial policy refused (blocked region, hours, a call already on the number, the caps), local dates from..to (${tz})`,
        querystring: z.strictObject({ from: reportDate, to: reportDate }),
        response: { 200: out, ...errors },
      },
    },
    async (req) => {
      const p = reportRange(req.query.from, req.query.to, tz);
      const byCampaign = ctx.store.dialRefusals.counts(p.from, p.to);
      const byReason = Object.fromEntries(dialRefusalReasons.map((k) => [k, 0])) as Record<(typeof dialRefusalReasons)[number], number>;
      for (const c of byCampaign) byReason[c.reason] += c.n;
      return { from: p.from, to: p.to, timeZone: tz, total: byCampaign.reduce((s, c) => s + c.n, 0), byReason, byCampaign };
    },
  );
}
