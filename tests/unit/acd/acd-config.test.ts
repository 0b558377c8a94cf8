import { describe, expect, it } from 'vitest';
import { acdConfigSchema } from '../../../src/acd/acd-config.js';

const agents = [
  { id: '1001', name: 'Li Na', skills: { general: 3, vip: 5 } },
  { id: '1002', name: 'Wang Wei', skills: { general: 2 } },
];

/** The dotted path and message of each issue, as the config loader reports them. */
function issues(raw: unknown): string[] {
  const r = acdConfigSchema.safeParse(raw);
  return r.success ? [] : r.error.issues.map((i) => `${i.path.join('.')}: ${i.code === 'unrecognized_keys' ? 'unknown key' : i.message}`);
}

describe('acd config', () => {
  it('fills the defaults', () => {
    const acd = acdConfigSchema.parse({ groups: [{ id: 'general', skill: 'general' }], agents });
    expect(acd.groups[0]).toEqual({
      id: 'general',
      skill: 'general',
      priority: 0,
      wrapUpS: 15,
      ringTimeoutS: 20,
      maxWaitS: 300,
      comfortEveryS: 30,
      musicOnHold: 'default',
      overflow: 'callback',
    });
    expect(acdConfigSchema.parse({})).toEqual({ groups: [], agents: [] });
  });

  it('accepts a hotline with a VIP group overflowing to the general one', () => {
    const acd = acdConfigSchema.parse({
      groups: [
        { id: 'vip', name: 'VIP客服', skill: 'vip', priority: 10, maxWaitS: 60, overflow: { group: 'general' } },
        { id: 'general', skill: 'general', maxWaitS: 600, callbackOfferAfterS: 120, overflow: 'callback' },
      ],
      agents,
    });
    expect(acd.groups.map((g) => g.overflow)).toEqual([{ group: 'general' }, 'callback']);
    expect(acd.agents[0]?.skills).toEqual({ general: 3, vip: 5 });
  });

  it.each<[string, unknown, string]>([
    ['an unknown key', { groups: [{ id: 'g', skill: 'g', maxwait: 3 }] }, 'groups.0: unknown key'],
    ['a duplicate group', { groups: [{ id: 'g', skill: 'g' }, { id: 'g', skill: 'h' }] }, 'groups.1.id: duplicate group id "g"'],
    ['a duplicate agent', { agents: [agents[0], agents[0]] }, 'agents.1.id: duplicate agent id "1001"'],
    ['an unknown overflow group', { groups: [{ id: 'g', skill: 'g', overflow: { group: 'nope' } }] }, 'groups.0.overflow.group: unknown group "nope"'],
    ['an overflow to itself', { groups: [{ id: 'g', skill: 'g', overflow: { group: 'g' } }] }, 'groups.0.overflow.group: overflow loop: g → g'],
    [
      'an overflow loop',
      {
        groups: [
          { id: 'a', skill: 'g', overflow: { group: 'b' } },
          { id: 'b', skill: 'g', overflow: { group: 'a' } },
        ],
      },
      'groups.0.overflow.group: overflow loop: a → b → a',
    ],
    [
      'a callback offer after the max wait',
      { groups: [{ id: 'g', skill: 'g', maxWaitS: 60, callbackOfferAfterS: 60 }] },
      'groups.0.callbackOfferAfterS: must be less than maxWaitS (60), or the offer comes after the caller has left',
    ],
    ['an agent id that would change the dial string', { agents: [{ id: '1001&PJSIP/x', name: 'x', skills: { g: 1 } }] }, 'agents.0.id'],
    ['an agent without skills', { agents: [{ id: '1001', name: 'x', skills: {} }] }, 'agents.0.skills: an agent needs at least one skill'],
    ['a skill level of 0', { agents: [{ id: '1001', name: 'x', skills: { g: 0 } }] }, 'agents.0.skills.g'],
    ['a ring timeout too short to pick up', { groups: [{ id: 'g', skill: 'g', ringTimeoutS: 2 }] }, 'groups.0.ringTimeoutS'],
    ['an upper-case group id', { groups: [{ id: 'VIP', skill: 'g' }] }, 'groups.0.id'],
  ])('rejects %s', (_name, raw, expected) => {
    expect(issues(raw).some((i) => i.startsWith(expected))).toBe(true);
  });

  it('reports a loop once per member, not for groups that only lead into it', () => {
    const found = issues({
      groups: [
        { id: 'entry', skill: 'g', overflow: { group: 'a' } },
        { id: 'a', skill: 'g', overflow: { group: 'b' } },
        { id: 'b', skill: 'g', overflow: { group: 'a' } },
      ],
    });
    expect(found).toEqual(['groups.1.overflow.group: overflow loop: a → b → a', 'groups.2.overflow.group: overflow loop: b → a → b']);
  });
});
