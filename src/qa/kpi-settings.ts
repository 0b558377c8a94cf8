/**
 * The quality KPIs' targets and definitions as config (`kpis` in the config file), validated at boot so a bad value
 * names its key (kpis.serviceTarget, …). The defaults are the seed's (seed 004 §3.6–3.8): 信息准确率 ≥ 95 %,
 * 服务指标达标率 ≥ 75 %, 一次线上解决率 ≥ 95 %.
 */
import { z } from 'zod';
import { kpiDefaults, type KpiSettings } from './kpis.js';

const rate = (fallback: number) => z.number().min(0, 'must be a rate from 0 to 1').max(1, 'must be a rate from 0 to 1 (95 % is 0.95)').default(fallback);

export const kpiSettingsSchema = z
  .strictObject({
    /** 信息准确率 target. */
    recordAccuracyTarget: rate(kpiDefaults.recordAccuracyTarget),
    /** 服务指标达标率 target. */
    serviceTarget: rate(kpiDefaults.serviceTarget),
    /** A scored call at or over this total (0–100) met the service targets. */
    servicePassMark: z.number().min(0).max(100).default(kpiDefaults.servicePassMark),
    /** 一次线上解决率 target. */
    fcrTarget: rate(kpiDefaults.fcrTarget),
    /** The score-form item whose shortfall is a registration error (信息准确率). */
    recordItem: z.string().regex(/^[a-z0-9_-]{1,32}$/, 'must be a form item key: 1–32 of a-z, 0-9, _ and -').default(kpiDefaults.recordItem),
    /** Wrap-up categories 一次线上解决率 counts; empty: all. */
    fcrCategories: z.array(z.string().min(1).max(32)).max(200).default(kpiDefaults.fcrCategories),
  })
  .prefault({}) satisfies z.ZodType<KpiSettings, unknown>;
