/** The compliance properties (compliance-properties.ts) at 1,000 cases each; bench/compliance.ts runs 100,000. */
import { describe, it } from 'vitest';
import { gateMatchesRules, retryAtIsAllowed } from './compliance-properties.js';

describe('compliance properties', () => {
  it('no dial outside the windows, in quiet hours, on a holiday, past the deadline, to DNC or against the China caps (1,000 cases)', () => {
    gateMatchesRules(1000);
  }, 60_000);

  it('a dial the policy puts off is allowed at its retry time (1,000 cases)', () => {
    retryAtIsAllowed(1000);
  }, 60_000);
});
