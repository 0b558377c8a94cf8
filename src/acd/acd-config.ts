import { z } from 'zod';

const name = z.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'must be lower-case letters, digits and dashes, starting with a letter');

/** PJSIP endpoint names go into dial strings (PJSIP/<id>), so nothing that could change the dial string's meaning. */
const endpoint = z.string().regex(/^[A-Za-z0-9_-]{1,32}$/, 'agent id must be a PJSIP endpoint name (letters, digits, _ and -)');

/** One skill group: its callers' priority and the policy a waiting caller gets. */
export const acdGroupSchema = z.strictObject({
  id: name,
  name: z.string().min(1).optional(),
  /** Agents with this skill (any level ≥ 1) can take the group's calls. */
  skill: name,
  /** Base priority of the group's calls; a call's own priority (e.g. VIP from the IVR) can only raise it. */
  priority: z.number().int().min(0).max(100).default(0),
  /** After-call work: the agent is not offered calls for this long after hanging up, unless they go ready earlier. */
  wrapUpS: z.number().int().min(0).max(3600).default(15),
  /** How long one agent's phone rings before the next agent is tried. */
  ringTimeoutS: z.number().int().min(5).max(120).default(20),
  /** Longest wait in this group before the caller overflows. */
  maxWaitS: z.number().int().min(10).max(7200).default(300),
  /** Offer a callback once after this wait; absent: never offered before max wait. */
  callbackOfferAfterS: z.number().int().min(0).optional(),
  /** Position and expected wait are announced on entry and then this often; 0: never. */
  comfortEveryS: z.number().int().min(0).max(3600).default(30),
  /** Asterisk music-on-hold class played while waiting. */
  musicOnHold: z.string().min(1).default('default'),
  /** Where the caller goes at max wait: another group, or a callback for the dialer. */
  overflow: z.union([z.literal('callback'), z.strictObject({ group: name })]).default('callback'),
});

/** One agent: a PJSIP endpoint and the skills it can take, with levels (higher wins ties). */
export const acdAgentSchema = z.strictObject({
  id: endpoint,
  name: z.string().min(1),
  skills: z
    .record(name, z.number().int().min(1).max(10))
    .refine((s) => Object.keys(s).length > 0, 'an agent needs at least one skill'),
});

/** The `acd` config section: skill groups and the agents who serve them. */
export const acdConfigSchema = z
  .strictObject({
    groups: z.array(acdGroupSchema).default([]),
    agents: z.array(acdAgentSchema).default([]),
  })
  .superRefine((acd, ctx) => {
    const groups = new Map<string, number>();
    acd.groups.forEach((g, i) => {
      if (groups.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate group id "${g.id}"` });
      else groups.set(g.id, i);
    });
    const agents = new Set<string>();
    acd.agents.forEach((a, i) => {
      if (agents.has(a.id)) ctx.addIssue({ code: 'custom', path: ['agents', i, 'id'], message: `duplicate agent id "${a.id}"` });
      agents.add(a.id);
    });
    acd.groups.forEach((g, i) => {
      if (g.callbackOfferAfterS !== undefined && g.callbackOfferAfterS >= g.maxWaitS) {
        ctx.addIssue({
          code: 'custom',
          path: ['groups', i, 'callbackOfferAfterS'],
          message: `must be less than maxWaitS (${g.maxWaitS}), or the offer comes after the caller has left`,
        });
      }
      if (g.overflow === 'callback') return;
      const path = ['groups', i, 'overflow', 'group'];
      if (!groups.has(g.overflow.group)) {
        ctx.addIssue({ code: 'custom', path, message: `unknown group "${g.overflow.group}"` });
        return;
      }
      // A caller must not bounce between groups for ever: every overflow chain ends in a callback.
      const chain = overflowChain(g.id, acd.groups);
      if (chain) ctx.addIssue({ code: 'custom', path, message: `overflow loop: ${chain.join(' → ')}` });
    });
  });

export type AcdConfig = z.infer<typeof acdConfigSchema>;
export type AcdGroup = z.infer<typeof acdGroupSchema>;
export type AcdAgentConfig = z.infer<typeof acdAgentSchema>;

/** The overflow loop through `start` (reported once per member), or undefined when its chain ends. */
function overflowChain(start: string, groups: ReadonlyArray<Pick<AcdGroup, 'id' | 'overflow'>>): string[] | undefined {
  const byId = new Map(groups.map((g) => [g.id, g]));
  const seen: string[] = [];
  let cur = byId.get(start);
  while (cur && cur.overflow !== 'callback') {
    if (seen.includes(cur.id)) return cur.id === start ? [...seen, start] : undefined;
    seen.push(cur.id);
    cur = byId.get(cur.overflow.group);
  }
  return undefined;
}
