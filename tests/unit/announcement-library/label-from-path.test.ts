import { describe, expect, it } from 'vitest';
import { labelFromPath } from '../../../src/announcement-library/label-from-path.js';

describe('the label of an imported file', () => {
  it.each([
    ['vacant/cm-01.wav', 'vacant'],
    ['carriers/vacant/cm-01.wav', 'vacant'],
    ['Suspended/ct.wav', 'suspended'],
    ['vacant.wav', 'vacant'],
    ['vacant_cm-01.wav', 'vacant'],
    ['powered-off-unicom.wav', 'powered-off'],
    ['powered-off.wav', 'powered-off'],
    ['空号-移动.wav', 'vacant'],
    ['关机/1.wav', 'powered-off'],
    ['正在通话中_联通.wav', 'busy'],
    ['请不要挂机/正在为您接通.wav', 'connecting'],
    ['busy\\cm.wav', 'busy'],
    // a folder that is not a label gives way to the file name
    ['2026-11/restricted 1.wav', 'restricted'],
    ['vacantish.wav', null],
    ['mystery.wav', null],
    ['recordings/mystery.wav', null],
  ])('%s → %s', (path, label) => {
    expect(labelFromPath(path)).toBe(label);
  });
});
