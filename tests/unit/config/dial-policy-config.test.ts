/** The dial policy in the config: China's caps unless a file says otherwise, a bad key named at boot. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfigPath, loadConfig, validateConfig } from '../../../src/config/load.js';
import { HotlineError } from '../../../src/errors.js';

/** The shipped lab config without its dialPolicy line: a deployment's file that does not mention the policy. */
const base = (): Record<string, unknown> => {
  const raw = parse(readFileSync(defaultConfigPath, 'utf8')) as Record<string, unknown>;
  delete raw.dialPolicy;
  return raw;
};

function keyOf(over: Record<string, unknown>): string | undefined {
  try {
    validateConfig({ ...base(), ...over });
  } catch (err) {
    if (err instanceof HotlineError) return err.code === 'CONFIG_INVALID' ? err.key : `other ${err.code}`;
    throw err;
  }
  return undefined;
}

describe('dialPolicy in the config', () => {
  it('is on with China caps when a config file does not mention it', () => {
    expect(validateConfig(base()).dialPolicy).toMatchObject({ enabled: true, hours: { from: '08:00', to: '21:00' }, caps: [{ max: 5, withinS: 86_400 }, { max: 3, withinS: 300 }], concurrentPerNumber: 1 });
  });

  it('is off in the lab defaults (the lab dials a few numbers again and again)', () => {
    expect(loadConfig(undefined, {}).dialPolicy.enabled).toBe(false);
  });

  it.each([
    [{ dialPolicy: { hours: { from: '21:00', to: '08:00' } } }, 'dialPolicy.hours.to'],
    [{ dialPolicy: { hours: { from: '8:00', to: '21:00' } } }, 'dialPolicy.hours.from'],
    [{ dialPolicy: { caps: [{ max: 0, withinS: 300 }] } }, 'dialPolicy.caps.0.max'],
    [{ dialPolicy: { timeZone: 'China/Beijing' } }, 'dialPolicy.timeZone'],
    [{ dialPolicy: { blockedPrefixes: [{ prefix: '86138', region: 'x' }] } }, 'dialPolicy.blockedPrefixes.0.prefix'],
    [{ dialPolicy: { concurrentPerNumber: 0 } }, 'dialPolicy.concurrentPerNumber'],
    [{ dialPolicy: { maxPerDay: 5 } }, 'dialPolicy.maxPerDay'],
  ])('refuses %j naming %s', (raw, key) => {
    expect(keyOf(raw)).toBe(key);
  });
});
