import { describe, expect, it } from 'vitest';
import { calibrate } from '../../../src/qa/calibration.js';

describe('calibrate', () => {
  it.each([
    [[80], 10, { scorers: 1, spread: 0, flagged: false }],
    [[80, 90], 10, { scorers: 2, spread: 10, flagged: false }],
    [[80, 90.5], 10, { scorers: 2, spread: 10.5, flagged: true }],
    [[61, 100, 75], 15, { scorers: 3, spread: 39, flagged: true }],
  ])('%o at threshold %d', (totals, threshold, out) => expect(calibrate(totals, threshold)).toEqual({ ...out, threshold }));
});
