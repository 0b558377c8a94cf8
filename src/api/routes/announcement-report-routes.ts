import { stringify } from 'csv-stringify/sync';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { announcementDays } from '../../announcement-library/announcement-report.js';
import { shownNumber } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import type { Period } from '../../reports/report-period.js';
import type { ApiPorts } from '../api-context.js';
import { errors, id } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { reportDate, reportRange } from '../report-range.js';
import { sendRaw } from '../send-raw.js';

const date = reportDate;

/**
 * Announcement reports beside the others: dials by announcement class per campaign per day, and the list-hygiene
 * export managers clean their customer records with (numbers carriers announced as vacant or suspended).
 */
export function announcementReportRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tz = ctx.config.api.reports.timeZone;
  const range = (from: string, to: string): Period => reportRange(from, to, tz);

  r.get(
    '/reports/announcements',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: `dials per campaign per local day (${tz}) and how many heard each announcement class (unknown: not labelled yet)`,
        querystring: z.strictObject({ from: date, to: date, campaignId: id.optional() }),
        response: {
          200: z.object({
            period: z.object({ from: z.number().int(), to: z.number().int() }),
            timeZone: z.string(),
            days: z.array(
              z.object({
                campaignId: z.number().int(),
                day: z.string(),
                dials: z.number().int(),
                announcements: z.record(z.string(), z.number().int()),
                announcementRate: z.number().describe('share of the dials that heard an announcement'),
              }),
            ),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const p = range(req.query.from, req.query.to);
      const days = announcementDays(ctx.store.announcementReports.dialBuckets(p.from, p.to), tz);
      return { period: { from: p.from, to: p.to }, timeZone: tz, days: req.query.campaignId === undefined ? days : days.filter((d) => d.campaignId === req.query.campaignId) };
    },
  );

  r.get(
    '/reports/list-hygiene',
    {
      config: { permission: 'lead:export' },
      schema: {
        tags: ['reports'],
        summary: 'numbers carriers announced as vacant (空号) or suspended (停机), as CSV (UTF-8 with BOM) to clean customer records; masked for roles that do not see numbers',
        querystring: z.strictObject({ campaignId: id.optional(), from: date.optional(), to: date.optional() }),
        response: { 200: z.string().describe('text/csv'), ...errors },
      },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const q = req.query;
      // Either end may be left open: the export is a list to clean records with, not a period report.
      const day = (d: string, key: 'from' | 'to') => {
        const t = DateTime.fromISO(d, { zone: tz });
        if (!t.isValid) throw new HotlineError('BAD_REQUEST', `${key}: must be a real date`, { key });
        return (key === 'from' ? t.startOf('day') : t.startOf('day').plus({ days: 1 })).toMillis();
      };
      const from = q.from === undefined ? undefined : day(q.from, 'from');
      const to = q.to === undefined ? undefined : day(q.to, 'to');
      const rows = ctx.store.announcementReports.hygiene({ ...(q.campaignId !== undefined ? { campaignId: q.campaignId } : {}), ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) });
      const local = (ms: number) => DateTime.fromMillis(ms, { zone: tz }).toFormat('yyyy-MM-dd HH:mm:ss');
      const csv = stringify(
        rows.map((x) => [shownNumber(p, x.number), x.label, x.campaignId ?? '', x.campaignName ?? '', x.heard, local(x.firstHeardAt), local(x.lastHeardAt)]),
        { header: true, columns: ['number', 'class', 'campaign_id', 'campaign', 'times_heard', 'first_heard', 'last_heard'], record_delimiter: '\r\n' },
      );
      const name = `list-hygiene${q.campaignId !== undefined ? `-campaign-${q.campaignId}` : ''}.csv`;
      return sendRaw(reply, 'text/csv; charset=utf-8', name, '\uFEFF' + csv);
    },
  );
}
