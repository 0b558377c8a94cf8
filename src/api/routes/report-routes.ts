import { createReadStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { HotlineError } from '../../errors.js';
import { reportCsv, reportSheets } from '../../reports/report-model.js';
import { dayPeriod, monthPeriod, weekPeriod, type Period } from '../../reports/report-period.js';
import type { ReportRun } from '../../store/report-runs-repo.js';
import type { ApiPorts } from '../api-context.js';
import { errors } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';
import { reportDate, reportRange } from '../report-range.js';
import { sendRaw } from '../send-raw.js';

const date = reportDate;
const xlsxType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const runOut = z.object({
  kind: z.enum(['daily', 'weekly', 'monthly', 'range']),
  label: z.string(),
  periodFrom: z.number().int(),
  periodTo: z.number().int(),
  csv: z.string().describe('download path'),
  xlsx: z.string().describe('download path'),
  createdAt: z.number().int(),
});

const reportOut = z.object({
  period: z.object({ kind: z.string(), label: z.string(), from: z.number().int(), to: z.number().int() }),
  timeZone: z.string(),
  generatedAt: z.number().int(),
  inbound: z.record(z.string(), z.unknown()).describe('offered, answered, 接起率 (answerRate10s), abandon, wait, AHT, agents, IVR nodes, hot issues'),
  outbound: z.record(z.string(), z.unknown()).describe('dials, connects, contact/success/wrong-party/dead-number/abandon rates, compliance, callbacks, completion'),
  desk: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('the service desk: hot issues by category and by category and IVR choice, first-call resolution (fcrRate), complaint statistics, work-order 响应及时率 and 完成及时率'),
  quality: z
    .record(z.string(), z.unknown())
    .optional()
    .describe('weeks, months and ranges: the KPI targets (settings) and the agents ranked per team by 信息准确率, 服务指标达标率 and 一次线上解决率 (ranking)'),
});

/** Reports: the files written on schedule, a download, any range on demand (JSON, CSV or XLSX), and a run now. */
export function reportRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { config } = ctx;
  const tz = config.api.reports.timeZone;
  const runView = (run: ReportRun) => ({
    kind: run.kind,
    label: run.label,
    periodFrom: run.periodFrom,
    periodTo: run.periodTo,
    csv: `/api/v1/reports/files/${encodeURIComponent(run.csvFile)}`,
    xlsx: `/api/v1/reports/files/${encodeURIComponent(run.xlsxFile)}`,
    createdAt: run.createdAt,
  });
  const range = (from: string, to: string): Period => reportRange(from, to, tz);

  r.get(
    '/reports',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: 'reports written so far (daily, weekly, monthly, and ranges run by hand), newest period first',
        querystring: z.strictObject({ kind: z.enum(['daily', 'weekly', 'monthly', 'range']).optional() }),
        response: { 200: z.object({ items: z.array(runOut) }), ...errors },
      },
    },
    async (req) => ({ items: ctx.reports.runs.list(req.query.kind).map(runView) }),
  );

  r.get(
    '/reports/files/:file',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: 'download a written report file',
        params: z.strictObject({ file: z.string().regex(/^hotline-[a-z]+-[0-9A-Za-z_-]+\.(csv|xlsx)$/, 'must be a report file name') }),
        response: { 200: z.string().describe('text/csv or XLSX'), ...errors },
      },
    },
    async (req, reply) => {
      const file = req.params.file;
      const path = join(config.api.reports.dir, file);
      if (!ctx.reports.runs.byFile(file) || !existsSync(path)) throw new HotlineError('NOT_FOUND', `no report file ${file}`, { key: 'file' });
      const type = file.endsWith('.csv') ? 'text/csv; charset=utf-8' : xlsxType;
      return sendRaw(reply, type, file, createReadStream(path));
    },
  );

  r.get(
    '/reports/kpis',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: `KPIs for local dates from..to (both included, ${tz}), computed now`,
        querystring: z.strictObject({ from: date, to: date, format: z.enum(['json', 'csv', 'xlsx']).default('json') }),
        response: { 200: reportOut, ...errors },
      },
    },
    async (req, reply) => {
      const report = await ctx.reports.kpis(range(req.query.from, req.query.to));
      // The schema documents the two KPI objects loosely; their fields are the ones in inbound-kpis.ts and outbound-kpis.ts.
      if (req.query.format === 'json') return report as unknown as z.infer<typeof reportOut>;
      const sheets = reportSheets(report);
      const base = `hotline-range-${report.period.label}`;
      if (req.query.format === 'csv') {
        return sendRaw(reply, 'text/csv; charset=utf-8', `${base}.csv`, '\uFEFF' + reportCsv(sheets));
      }
      const book = new ExcelJS.Workbook();
      for (const s of sheets) {
        const ws = book.addWorksheet(s.name);
        ws.addRow(s.columns);
        for (const row of s.rows) ws.addRow(row);
      }
      const buf = Buffer.from(await book.xlsx.writeBuffer());
      return sendRaw(reply, xlsxType, `${base}.xlsx`, buf);
    },
  );

  r.get(
    '/reports/hourly',
    {
      config: { permission: 'report:read' },
      schema: {
        tags: ['reports'],
        summary: `local dates from..to by hour of day (${tz}): calls, service level, AHT, dials, connects; and dial results by outcome`,
        querystring: z.strictObject({ from: date, to: date }),
        response: {
          200: z.object({
            period: z.object({ from: z.number().int(), to: z.number().int() }),
            timeZone: z.string(),
            hours: z.array(
              z.object({
                hour: z.number().int(),
                calls: z.number().int(),
                offered: z.number().int(),
                answered: z.number().int(),
                answeredWithin10s: z.number().int(),
                answerRate10s: z.number().nullable(),
                abandoned: z.number().int(),
                ahtS: z.number().nullable(),
                dials: z.number().int(),
                connects: z.number().int(),
              }),
            ),
            outcomes: z.record(z.string(), z.number().int()),
          }),
          ...errors,
        },
      },
    },
    async (req) => {
      const p = range(req.query.from, req.query.to);
      return { period: { from: p.from, to: p.to }, timeZone: tz, ...(await ctx.reports.hourly(p.from, p.to)) };
    },
  );

  r.post(
    '/reports/run',
    {
      config: { permission: 'report:run' },
      schema: {
        tags: ['reports'],
        summary: 'write a report now: the day, Monday–Sunday week or month containing `date`, or the range from..to',
        body: z.discriminatedUnion('kind', [
          z.strictObject({ kind: z.enum(['daily', 'weekly', 'monthly']), date }),
          z.strictObject({ kind: z.literal('range'), from: date, to: date }),
        ]),
        response: { 201: runOut, ...errors },
      },
    },
    async (req, reply) => {
      principalOf(req);
      const b = req.body;
      let period: Period;
      if (b.kind === 'range') period = range(b.from, b.to);
      else {
        const day = DateTime.fromISO(b.date, { zone: tz });
        if (!day.isValid) throw new HotlineError('BAD_REQUEST', 'date: not a real date', { key: 'date' });
        period = b.kind === 'daily' ? dayPeriod(day) : b.kind === 'weekly' ? weekPeriod(day) : monthPeriod(day);
      }
      return reply.status(201).send(runView(await ctx.reports.write(period)));
    },
  );
}
