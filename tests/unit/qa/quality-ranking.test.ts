/** The scorecards from a period's facts: the latest score of a call counts, forms without the record item, teams. */
import { describe, expect, it } from 'vitest';
import { kpiDefaults } from '../../../src/qa/kpis.js';
import { qualityRanking, teamOfSkills, type QualityFacts } from '../../../src/qa/quality-ranking.js';

const forms: QualityFacts['forms'] = [
  { id: 1, items: [{ key: 'accuracy', zh: '信息准确', en: 'Accuracy', weight: 60 }, { key: 'attitude', zh: '态度', en: 'Attitude', weight: 40 }] },
  { id: 2, items: [{ key: 'attitude', zh: '态度', en: 'Attitude', weight: 100 }] },
];
const score = (channelId: string, agentId: string | null, formId: number, answers: Record<string, number>, total: number, wrap: [string, string] | null = null) => ({
  channelId,
  formId,
  agentId,
  answers,
  total,
  wrapCategory: wrap?.[0] ?? null,
  wrapResult: wrap?.[1] ?? null,
});

describe('qualityRanking', () => {
  it('counts a call once by its latest score, and a form without the record item finds no record error', () => {
    const facts: QualityFacts = {
      forms,
      scores: [
        score('c1', '1001', 1, { accuracy: 30, attitude: 40 }, 70, ['repair', 'resolved']),
        score('c1', '1001', 1, { accuracy: 60, attitude: 30 }, 90, ['repair', 'resolved']), // after calibration: counts
        score('c2', '1001', 2, { attitude: 50 }, 50, ['consult', 'callback']),
        score('c3', null, 1, { accuracy: 0, attitude: 0 }, 0), // no agent: left out
      ],
      registrations: [{ agentId: '1001', registrations: 2 }, { agentId: '1003', registrations: 1 }],
    };
    const r = qualityRanking(facts, kpiDefaults, (a) => (a === '1001' ? 'vip' : undefined));
    const by = Object.fromEntries(r.ranking.map((c) => [c.agentId, c]));
    // 1001: no record error (c1's latest has accuracy 60 of 60; c2's form has no accuracy item) → 2/2; scored 90 and
    // 50 → 1/2 at the pass mark 80; resolved 1 of 2 wrapped-up scored calls.
    expect([by['1001']!.recordAccuracy.rate, by['1001']!.serviceMet.rate, by['1001']!.fcr.rate]).toEqual([1, 0.5, 0.5]);
    expect([by['1001']!.team, by['1001']!.met, by['1001']!.mean]).toEqual(['vip', 1, 0.6667]);
    // 1003: a wrap-up, no score, no team.
    expect([by['1003']!.team, by['1003']!.recordAccuracy.rate, by['1003']!.serviceMet.rate]).toEqual(['-', 1, null]);
    expect(r.ranking.map((c) => c.agentId)).toEqual(['1003', '1001']); // teams sorted: '-' before 'vip'
  });

  it('takes the configured pass mark and record item', () => {
    const facts: QualityFacts = { forms, scores: [score('c1', '1001', 1, { accuracy: 60, attitude: 30 }, 90)], registrations: [{ agentId: '1001', registrations: 1 }] };
    const strict = qualityRanking(facts, { ...kpiDefaults, servicePassMark: 95, recordItem: 'attitude' }, () => 'general').ranking[0]!;
    expect([strict.serviceMet.rate, strict.recordAccuracy.rate]).toEqual([0, 0]);
  });

  it.each([
    [{ general: 5, vip: 8 }, 'vip'],
    [{ general: 5, complaint: 5 }, 'complaint'],
    [{}, undefined],
  ])('puts an agent with skills %j in team %s', (skills, team) => {
    expect(teamOfSkills(skills)).toBe(team);
  });
});
