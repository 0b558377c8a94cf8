import { describe, expect, it } from 'vitest';
import { attemptKpis } from '../../../src/reports/outbound-kpis.js';

const a = (leadId: number, outcome: string, answered: boolean) => ({ campaignId: 1, leadId, outcome, disposition: null, answered, n: 1 });

describe('outbound KPIs with carrier announcements (issue 11)', () => {
  it('counts vacant and suspended as dead numbers and no announcement as a connect, answered or not', () => {
    const k = attemptKpis(
      [
        a(1, 'vacant', false),
        a(2, 'suspended', true), // the carrier answered (200) and played it
        a(3, 'powered-off', true),
        a(4, 'announcement', true),
        a(5, 'unreachable', false),
        a(6, 'restricted', false),
        a(7, 'human', true),
      ],
      new Map([[1, 7]]),
    );
    expect(k.total).toMatchObject({ dials: 7, connects: 1, deadNumbers: 2, contactRate: 0.1429 });
  });
});
