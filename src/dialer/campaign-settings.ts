import { IANAZone } from 'luxon';
import { z } from 'zod';
import { recordingModes } from '../recordings/recording-mode.js';
import { pacingSettingsSchema } from './pacing/pacing-settings.js';
import { trunkName } from './trunk-name.js';

const timeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (00:00 to 24:00)');
const range = z.strictObject({ from: timeOfDay, to: timeOfDay });
const localDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD');

export const weekdays = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof weekdays)[number];

/** One retry rule: wait delayS, dial at most maxPerDay times per local day and maxTotal times in all. */
export const retryRule = z.strictObject({
  delayS: z.number().int().min(0),
  maxPerDay: z.number().int().min(1),
  maxTotal: z.number().int().min(1),
  /** Flag the lead for a supervisor (network failures: the trunk may be at fault, not the number). */
  flag: z.boolean().default(false),
});
export type RetryRule = z.infer<typeof retryRule>;

/** Outcomes a campaign may give its own retry rule; dead numbers are never retried and cannot be listed. */
export const retryableOutcomes = [
  'busy',
  'no-answer',
  'rejected',
  'network-failure',
  'machine',
  'abandoned',
  'short-call',
  // answered, then cut by a service or media-server loss (issue 17); retried under the default rule unless given one
  'cut',
  'failed',
  'callback-later',
  // carrier announcements (issue 11); 'unreachable' has no default rule of its own, so it is retried like no answer
  'announcement',
  'powered-off',
  'unreachable',
] as const;
export type RetryableOutcome = (typeof retryableOutcomes)[number];

// The default retry rule (docs/domain.md §Outbound flow): no exact time agreed → redial every 4 hours, at most 3 times
// a day, then the next day's list.
const seedRule: RetryRule = { delayS: 4 * 3600, maxPerDay: 3, maxTotal: 9, flag: false };

export const retryPolicySchema = z
  .strictObject({
    default: retryRule.prefault(seedRule),
    byOutcome: z.partialRecord(z.enum(retryableOutcomes), retryRule).default({
      'network-failure': { delayS: 300, maxPerDay: 3, maxTotal: 6, flag: true },
      // A phone switched off is usually off for hours: try again after 2 h, at most 3 times a day.
      'powered-off': { delayS: 2 * 3600, maxPerDay: 3, maxTotal: 9, flag: false },
      // An announcement nobody has labelled yet may be a dead number: a few dials only, flagged for a supervisor to label.
      announcement: { delayS: 4 * 3600, maxPerDay: 2, maxTotal: 3, flag: true },
    }),
  })
  .prefault({});
export type RetryPolicy = z.infer<typeof retryPolicySchema>;

const defaultWindows = Object.fromEntries(weekdays.map((d) => [d, [{ from: '09:00', to: '21:00' }]]));

/** Everything a campaign manager sets on a campaign; stored as JSON on the campaign row, validated on every write. */
export const campaignSettingsSchema = z.strictObject({
  kind: z.enum(['sales', 'follow-up', 'survey', 'notification']).default('follow-up'),
  mode: z.enum(['preview', 'progressive', 'predictive', 'agentless']).default('progressive'),
  trunk: trunkName.default('carrier'),
  callerId: z.string().regex(/^\+?[0-9]{3,20}$/, 'must be a dialable number').default('4008001234'),
  /** ACD skill group whose agents take answered calls (preview, progressive, predictive). */
  skillGroup: z.string().min(1).default('general'),
  /** IVR flow file name (without .yaml) that answered calls run in agentless mode. */
  flow: z.string().min(1).default('survey'),
  maxLines: z.number().int().min(1).max(1000).default(10),
  maxCallsPerSecond: z.number().min(0.1).max(200).default(5),
  /** FCC: ring at least 15 s before giving up. */
  ringTimeoutS: z.number().int().min(15).max(120).default(25),
  /** Local calling windows per weekday; a day that is missing or empty has no calls. */
  // Bounded: the settings are compiled on every dialer tick, and no real calendar needs more.
  windows: z.partialRecord(z.enum(weekdays), z.array(range).max(24)).default(defaultWindows),
  /** Local times never dialed, even inside a window; a range may wrap midnight (21:00–09:00). */
  quietHours: z.array(range).max(24).default([
    { from: '12:00', to: '13:30' },
    { from: '21:00', to: '09:00' },
  ]),
  holidays: z.array(localDate).max(1000).default([]),
  timeZone: z
    .string()
    .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
    .default('Asia/Shanghai'),
  retry: retryPolicySchema,
  /** After this instant (ISO 8601) no lead is dialed; open leads end as expired. */
  deadline: z.iso.datetime({ offset: true }).optional(),
  amd: z.boolean().default(true),
  /** What a machine answer gets: hang up and retry later, or leave the message and close the lead. */
  onMachine: z.enum(['retry', 'leave-message']).default('retry'),
  /** Played to a live answer when no agent is free within abandonAfterMs (FCC/Ofcom identification message). */
  abandonMessage: z.string().min(1).default('您好，这里是客服中心，我们稍后再与您联系。'),
  abandonAfterMs: z.number().int().min(500).max(2000).default(2000),
  /** Hours an abandoned call's number is left alone before its retry (Ofcom: 72 unless an agent is guaranteed); 0 = the retry rule alone. */
  abandonNoRepeatH: z.number().min(0).max(720).default(0),
  /** An agent-owned callback waits this long for its agent before anyone may take it. */
  callbackGraceS: z.number().int().min(0).default(300),
  /** Calls connected to an agent: all recorded, none, or on demand (an agent or supervisor starts it through the API). */
  recording: z.enum(recordingModes).default('none'),
  /** What the agent says to the customer; the console shows it beside the call. */
  script: z.string().max(20_000).optional(),
  /** How dials are paced (predictive model or ratio, abandon target and limit, compliance window). */
  pacing: pacingSettingsSchema.prefault({}),
});
export type CampaignSettings = z.infer<typeof campaignSettingsSchema>;
export type CampaignSettingsInput = z.input<typeof campaignSettingsSchema>;
