/** The quality KPIs' targets in the config (`kpis`): the seed's unless a file says otherwise, a bad value named at boot. */
import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../../src/config/load.js';
import { HotlineError } from '../../../src/errors.js';

function keyOf(kpis: unknown): string | undefined {
  try {
    validateConfig({ ari: { password: 'not-the-shipped-one' }, kpis });
  } catch (err) {
    if (err instanceof HotlineError) return err.code === 'CONFIG_INVALID' ? err.key : `other ${err.code}`;
    throw err;
  }
  return undefined;
}

describe('kpis in the config', () => {
  it('holds the seed’s targets when the file does not mention them', () => {
    expect(loadConfig(undefined, {}).kpis).toEqual({ recordAccuracyTarget: 0.95, serviceTarget: 0.75, servicePassMark: 80, fcrTarget: 0.95, recordItem: 'accuracy', fcrCategories: [] });
  });

  it('takes a centre’s own targets', () => {
    expect(keyOf({ serviceTarget: 0.6, fcrTarget: 0.9, fcrCategories: ['repair'] })).toBeUndefined();
  });

  it.each([
    [{ recordAccuracyTarget: 95 }, 'kpis.recordAccuracyTarget'],
    [{ serviceTarget: -0.1 }, 'kpis.serviceTarget'],
    [{ servicePassMark: 101 }, 'kpis.servicePassMark'],
    [{ fcrTarget: '95%' }, 'kpis.fcrTarget'],
    [{ recordItem: 'Accuracy!' }, 'kpis.recordItem'],
    [{ fcrCategories: [''] }, 'kpis.fcrCategories.0'],
    [{ fcrRate: 0.9 }, 'kpis.fcrRate'],
  ])('refuses %j naming %s', (raw, key) => {
    expect(keyOf(raw)).toBe(key);
  });
});
