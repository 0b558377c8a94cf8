import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { ownAgentScope } from '../../auth/visibility.js';
import { HotlineError } from '../../errors.js';
import type { KpiSettings } from '../../qa/kpis.js';
import { qualityRanking, teamOfSkills } from '../../qa/quality-ranking.js';
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

/** The configured targets (`kpis` in the config), with what the request overrides. */
const settingsOf = (base: KpiSettings, q: Partial<KpiSettings>): KpiSettings => ({ ...base, ...Object.fromEntries(Object.entries(q).filter(([, v]) => v !== undefined)) });

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
      const settings = settingsOf(ctx.config.kpis, overrides);
      const qa = ctx.store.qa;
      const teams = new Map(ctx.acd.agentList().map((a) => [a.id, teamOfSkills(a.skills)]));
      let cards = qualityRanking({ forms: qa.forms(), scores: qa.scoresWithWrapUps(from, to), registrations: qa.wrapUpCounts(from, to) }, settings, (a) => teams.get(a)).ranking;
      const own = ownAgentScope(principalOf(req));
      if (own !== undefined) cards = cards.filter((c) => c.agentId === own);
      return { settings, items: cards };
    },
  );
}
