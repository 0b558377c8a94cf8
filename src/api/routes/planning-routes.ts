import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { addDays, fitForecast, forecastDay, slotsPerDay } from '../../planning/forecast.js';
import { checkSwapAllowed, coverOf, requiredAgents } from '../../planning/roster.js';
import type { ApiPorts } from '../api-context.js';
import { errors, idParams } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');
const hhmm = z.string().regex(/^([01]\d|2[0-4]):(00|30)$/, 'must be a half-hour HH:MM, 00:00 to 24:00');
const slotOf = (t: string) => Number(t.slice(0, 2)) * 2 + (t.endsWith('30') ? 1 : 0);
const shiftOut = z.object({
  id: z.number().int(),
  agentId: z.string(),
  date: z.string(),
  startSlot: z.number().int(),
  endSlot: z.number().int().describe('past 48 for a night shift ending the next day'),
  handover: z.string().nullable(),
  handoverBy: z.string().nullable(),
  handoverAt: z.number().int().nullable(),
  createdAt: z.number().int(),
  createdBy: z.string(),
});
const coverQuery = z.strictObject({
  date,
  holidays: z.string().max(4000).optional().describe('comma-separated dates YYYY-MM-DD treated as holidays'),
  ahtS: z.coerce.number().positive().max(7200).default(180),
  serviceLevel: z.coerce.number().gt(0).lt(1).default(0.8),
  targetAnswerS: z.coerce.number().positive().max(3600).default(20),
});

/**
 * Forecast, requirement and rosters (issue 16 item 4): the half-hour forecast from the stored inbound history, the
 * agents Erlang C requires, the shifts of a day with their cover (an interval short is marked), swaps within the
 * seed's limit, and a handover note per shift. Days are local to api.reports.timeZone (48 half-hours: a zone without
 * daylight saving, as China's).
 */
export function planningRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { store } = ctx;
  const tz = ctx.config.api.reports.timeZone;
  const dayStart = (d: string) => DateTime.fromISO(d, { zone: tz }).startOf('day').toMillis();
  /** The shift, if the principal may see it: an agent only their own; another agent's is not found, not forbidden. */
  const shiftSeenBy = (p: ReturnType<typeof principalOf>, id: number) => {
    const s = store.planning.shift(id);
    const own = ownAgentScope(p);
    if (!s || (own !== undefined && s.agentId !== own)) throw new HotlineError('NOT_FOUND', `no shift ${id}`, { key: 'id' });
    return s;
  };

  /** The stored history of the 400 days before `d`, per local date. */
  const historyBefore = (d: string) => {
    const first = addDays(d, -400);
    const from = dayStart(first);
    const out = new Map<string, number[]>();
    for (let i = 0; i < 400; i++) out.set(addDays(first, i), Array.from({ length: slotsPerDay }, () => 0));
    for (const { slot, calls } of store.planning.inboundPerSlot(from, dayStart(d))) {
      const day = out.get(addDays(first, Math.floor(slot / slotsPerDay)));
      if (day) day[slot % slotsPerDay] = calls;
    }
    // Days before the first call are not history: leave them out so they do not read as days without calls.
    const firstCall = [...out].find(([, xs]) => xs.some((x) => x > 0))?.[0];
    return new Map([...out].filter(([k]) => firstCall !== undefined && k >= firstCall));
  };

  r.get(
    '/planning/cover',
    {
      config: { permission: 'roster:read' },
      schema: {
        tags: ['planning'],
        summary: "a day's forecast per half-hour (multiplicative seasonal index), agents required by Erlang C, agents rostered, and how many short",
        querystring: coverQuery,
        response: { 200: z.object({ date: z.string(), method: z.string(), slots: z.array(z.object({ slot: z.number().int(), time: z.string(), forecast: z.number(), required: z.number().int(), rostered: z.number().int(), short: z.number().int() })), shortSlots: z.number().int() }), ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      ctx.calls.flush();
      const holidays = new Set((q.holidays ?? '').split(',').map((s) => s.trim()).filter(Boolean));
      const forecast = forecastDay(fitForecast(historyBefore(q.date), holidays), q.date, holidays).map((f) => Math.round(f * 10) / 10);
      const required = requiredAgents(forecast, { ahtS: q.ahtS, serviceLevel: q.serviceLevel, targetAnswerS: q.targetAnswerS });
      const cover = coverOf(required, store.planning.shiftsOn(q.date), store.planning.shiftsOn(addDays(q.date, -1)).filter((s) => s.endSlot > slotsPerDay));
      const slots = cover.map((c) => ({ ...c, time: `${String(Math.floor(c.slot / 2)).padStart(2, '0')}:${c.slot % 2 ? '30' : '00'}`, forecast: forecast[c.slot]! }));
      return { date: q.date, method: 'multiplicative seasonal index (weekday × half-hour, month, holiday)', slots, shortSlots: slots.filter((s) => s.short > 0).length };
    },
  );

  r.get(
    '/planning/shifts',
    { config: { permission: 'roster:read' }, schema: { tags: ['planning'], summary: "a day's shifts", querystring: z.strictObject({ date }), response: { 200: z.object({ items: z.array(shiftOut) }), ...errors } } },
    async (req) => ({ items: store.planning.shiftsOn(req.query.date) }),
  );

  r.post(
    '/planning/shifts',
    {
      config: { permission: 'roster:write' },
      schema: { tags: ['planning'], summary: 'roster an agent for a shift (end before start: a night shift ending the next day)', body: z.strictObject({ agentId: z.string().min(1).max(32), date, start: hhmm, end: hhmm }), response: { 201: shiftOut, ...errors } },
    },
    async (req, reply) => {
      const p = principalOf(req);
      const now = ctx.now();
      const start = slotOf(req.body.start);
      let end = slotOf(req.body.end);
      if (end <= start) end += slotsPerDay;
      if (start >= slotsPerDay || end - start > slotsPerDay) throw new HotlineError('BAD_REQUEST', 'a shift starts before 24:00 and lasts at most 24 hours', { key: 'end' });
      const s = store.transaction(() => {
        const id = store.planning.addShift({ agentId: req.body.agentId, date: req.body.date, startSlot: start, endSlot: end, createdAt: now, createdBy: p.name });
        const row = store.planning.shift(id)!;
        store.audit.record(p, { action: 'roster.shift', entity: 'roster', entityId: id, summary: `${row.agentId} ${row.date} ${req.body.start}-${req.body.end}`, after: row }, now);
        return row;
      });
      return reply.status(201).send(s);
    },
  );

  r.post(
    '/planning/shifts/:id/swap',
    {
      config: { permission: 'swap:write' },
      schema: {
        tags: ['planning'],
        summary: 'give the shift to a colleague; each of them may swap at most 5 times a month (SWAP_LIMIT_REACHED)',
        params: idParams,
        body: z.strictObject({ toAgent: z.string().min(1).max(32) }),
        response: { 200: shiftOut, ...errors },
      },
    },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      return store.transaction(() => {
        const s = shiftSeenBy(p, req.params.id);
        if (s.agentId === req.body.toAgent) throw new HotlineError('BAD_REQUEST', 'the shift is already theirs', { key: 'toAgent' });
        const month = s.date.slice(0, 7);
        for (const who of [s.agentId, req.body.toAgent]) checkSwapAllowed(who, month, store.planning.swapsOf(who, month));
        store.planning.swap(s.id, s.agentId, req.body.toAgent, month, now, p.name);
        store.audit.record(p, { action: 'roster.swap', entity: 'swap', entityId: s.id, summary: `${s.agentId} → ${req.body.toAgent} ${s.date}` }, now);
        return store.planning.shift(s.id)!;
      });
    },
  );

  r.put(
    '/planning/shifts/:id/handover',
    { config: { permission: 'handover:write' }, schema: { tags: ['planning'], summary: "the shift's handover note (交接班记录): equipment, open problems, swaps", params: idParams, body: z.strictObject({ note: z.string().trim().min(1).max(4000) }), response: { 200: shiftOut, ...errors } } },
    async (req) => {
      const p = principalOf(req);
      const now = ctx.now();
      return store.transaction(() => {
        const s = shiftSeenBy(p, req.params.id);
        store.planning.setHandover(s.id, req.body.note, p.name, now);
        store.audit.record(p, { action: 'roster.handover', entity: 'roster', entityId: s.id, summary: req.body.note.slice(0, 80) }, now);
        return store.planning.shift(s.id)!;
      });
    },
  );
}
