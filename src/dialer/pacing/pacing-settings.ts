import { z } from 'zod';

/** Compliance windows the abandon rate is held to: Ofcom's 24 hours, the FCC's 30 days, or the whole campaign. */
export const complianceWindows = ['24h', '30d', 'since-start'] as const;
export type ComplianceWindow = (typeof complianceWindows)[number];

/** What the pacing model assumes before a campaign has data of its own; learned figures replace these within minutes. */
export const pacingPriorSchema = z
  .strictObject({
    /** Share of dials a live person answers. */
    answerRate: z.number().gt(0).lt(1).default(0.3),
    /** Mean talk time, seconds. */
    talkMeanS: z.number().positive().max(7200).default(120),
    /** Talk time's coefficient of variation (standard deviation / mean). */
    talkCv: z.number().positive().max(5).default(1),
    /** Mean after-call work, seconds. */
    wrapMeanS: z.number().min(0).max(3600).default(15),
  })
  .prefault({});

/** How a campaign paces its dials: a campaign setting (`pacing`), validated with the rest. */
export const pacingSettingsSchema = z
  .strictObject({
    /** How a predictive campaign decides: the model, or a fixed number of lines per agent ready or on a call. */
    algorithm: z.enum(['model', 'ratio']).default('model'),
    /** Lines per agent ready or on a call, for algorithm `ratio` (1 is progressive). */
    ratio: z.number().min(1).max(20).default(2),
    /** The legal ceiling: abandoned calls as a share of live answers over the compliance window (FCC, Ofcom: 3%). */
    abandonLimit: z.number().min(0).max(0.2).default(0.03),
    /** What the model aims at: below the limit, so that chance alone does not carry the window over it. */
    abandonTarget: z.number().min(0).max(0.2).default(0.02),
    /** The window the limit applies to: Ofcom counts 24 hours, the FCC 30 days; `since-start` is the whole campaign. */
    complianceWindow: z.enum(complianceWindows).default('30d'),
    /** Most lines per agent ready, on a call or wrapping up, whatever the model predicts: a brake on a wrong estimate. */
    maxLinesPerAgent: z.number().min(1).max(100).default(20),
    /** Half-life of the answer-rate memory in minutes: how fast a change in the list or the time of day is followed. */
    memoryMinutes: z.number().min(1).max(1440).default(15),
    prior: pacingPriorSchema,
  })
  .superRefine((s, ctx) => {
    if (s.abandonTarget > s.abandonLimit) {
      ctx.addIssue({ code: 'custom', path: ['abandonTarget'], message: `must not be above abandonLimit (${s.abandonLimit})` });
    }
  });
export type PacingSettings = z.infer<typeof pacingSettingsSchema>;
export type PacingSettingsInput = z.input<typeof pacingSettingsSchema>;

/** The settings with every default: what a campaign without a `pacing` setting gets. */
export const defaultPacingSettings = (): PacingSettings => pacingSettingsSchema.parse({});
