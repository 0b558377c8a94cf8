import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import { kpiDefaults, rankByTeam, scorecard, type KpiSettings, type ScoredCall } from '../../qa/kpis.js';
import type { ApiPorts } from '../api-context.js';
import { errors, instant } from '../api-schemas.js';
import { principalOf } from '../authenticate.js';

const kpiOut = z.object({ rate: z.number().nullable(), numerator: z.number().int(), denominator: z.number().int(), target: z.number(), met: z.boolean().nullable() });
const cardOut = z.object({
  agentId: z.string(),
  team: z.string().describe("the agent's skill group of highest level (the ACD's groups are the floor's teams)"),
  rank: z.number().int(),
  met: z.number().int(),
  mean: z.number(),
  recordAccuracy: kpiOut.describe('信息准确率: (wrap-ups − QA-found record errors) / wrap-ups'),
  serviceMet: kpiOut.describe('服务指标达标率: scored calls at or over the pass mark / scored calls'),
  fcr: kpiOut.describe('一次线上解决率: sampled calls resolved on the call / sampled calls with a wrap-up'),
});

/** A settings object: the seed's targets unless the request overrides them (the config key is a merge item). */
const settingsOf = (q: Partial<KpiSettings>): KpiSettings => ({ ...kpiDefaults, ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) });

/**
 * Agent scorecards and the ranking per team (issue 16 item 2): the seed's three quality KPIs from wrap-ups and QA
 * scores of the calls that started in [from, to). An agent gets their own card only.
 */
export function kpiRoutes(app: FastifyInstance, ctx: ApiPorts): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    '/qa/scorecards',
    {
      config: { permission: 'qa:read' },
      schema: {
        tags: ['qa'],
        summary: 'agent scorecards with 信息准确率, 服务指标达标率 and 一次线上解决率 against their targets, ranked within each team',
        querystring: z.strictObject({ from: instant, to: instant, servicePassMark: z.coerce.number().min(0).max(100).optional(), recordItem: z.string().max(32).optional() }),
        response: { 200: z.object({ settings: z.object({ recordAccuracyTarget: z.number(), serviceTarget: z.number(), servicePassMark: z.number(), fcrTarget: z.number(), recordItem: z.string(), fcrCategories: z.array(z.string()) }), items: z.array(cardOut) }), ...errors },
      },
    },
    async (req) => {
      const { from, to, ...overrides } = req.query;
      if (to <= from) throw new HotlineError('BAD_REQUEST', 'to must be after from', { key: 'to' });
      ctx.calls.flush();
      const settings = settingsOf(overrides);
      const { store } = ctx;
      const forms = new Map(store.qa.forms().map((f) => [f.id, f]));
      // A call scored twice (calibration) counts once, by its latest score: the one after the scorers met.
      const latest = new Map(store.qa.scoresWithWrapUps(from, to).map((s) => [s.channelId, s]));
      const scored: ScoredCall[] = [...latest.values()].map((s) => {
        const item = forms.get(s.formId)?.items.find((i) => i.key === settings.recordItem);
        return {
          agentId: s.agentId!,
          total: s.total,
          recordError: item ? (s.answers[item.key] ?? 0) < Math.max(item.weight, item.fatal ? 1 : 0) : null,
          wrapUp: s.wrapCategory && s.wrapResult ? { category: s.wrapCategory, result: s.wrapResult } : null,
        };
      });
      const registrations = new Map(store.qa.wrapUpCounts(from, to).map((w) => [w.agentId, w.registrations]));
      const teamOf = new Map(ctx.acd.agentList().map((a) => [a.id, Object.entries(a.skills).sort((x, y) => y[1] - x[1] || (x[0] < y[0] ? -1 : 1))[0]?.[0] ?? '-']));
      const agents = [...new Set([...registrations.keys(), ...scored.map((c) => c.agentId)])].sort();
      let cards = rankByTeam(agents.map((a) => scorecard(a, teamOf.get(a) ?? '-', registrations.get(a) ?? 0, scored, settings)));
      const own = ownAgentScope(principalOf(req));
      if (own !== undefined) cards = cards.filter((c) => c.agentId === own);
      return { settings, items: cards };
    },
  );
}
