/**
 * The centre-wide dial policy (issue 17 item 11): limits that carriers and platforms in China enforce on every call
 * the centre places, whatever the campaign or caller number. The defaults are China's; a deployment elsewhere edits
 * the data, not the code. Validated with the rest of the config at boot, so a bad key is named before anything dials.
 */
import { IANAZone } from 'luxon';
import { z } from 'zod';

const timeOfDay = z.string().regex(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, 'must be HH:MM (00:00 to 24:00)');

/** At most `max` calls to one number within any `withinS` seconds, counted over all campaigns and caller numbers. */
const cap = z.strictObject({ max: z.number().int().min(1).max(1000), withinS: z.number().int().min(1).max(30 * 86_400) });

/** A number prefix (E.164, with its +) that may not be called, and the region it stands for (shown in reports). */
const blockedPrefix = z.strictObject({
  prefix: z.string().regex(/^\+\d{1,14}$/, 'must be + and 1 to 14 digits (an E.164 prefix)'),
  region: z.string().min(1).max(80),
});

export const dialPolicySchema = z
  .strictObject({
    /** Off only where no carrier limits apply (the lab dials its carrier's few numbers again and again, at any hour). */
    enabled: z.boolean().default(true),
    /** The zone the hours are read in: the called party's. */
    timeZone: z
      .string()
      .refine((tz) => IANAZone.isValidZone(tz), 'must be an IANA time zone such as Asia/Shanghai')
      .default('Asia/Shanghai'),
    /** Calls only from..to local time, every day (on top of each campaign's own windows and quiet hours). */
    hours: z
      .strictObject({ from: timeOfDay, to: timeOfDay })
      .refine((h) => h.from < h.to, { message: 'from must be before to (the hours do not wrap midnight)', path: ['to'] })
      .default({ from: '08:00', to: '21:00' }),
    /** China: at most 5 calls to one number per 24 h and 3 per 5 min. */
    caps: z
      .array(cap)
      .max(16)
      .default([
        { max: 5, withinS: 86_400 },
        { max: 3, withinS: 300 },
      ]),
    /** Calls to one number at the same time. */
    concurrentPerNumber: z.number().int().min(1).max(100).default(1),
    /** Regions that may not be called, by number prefix (the longest matching prefix names the region). */
    blockedPrefixes: z.array(blockedPrefix).max(10_000).default([]),
  })
  .prefault({});

export type DialPolicy = z.infer<typeof dialPolicySchema>;
