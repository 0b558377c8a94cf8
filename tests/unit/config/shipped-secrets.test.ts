import { describe, expect, it } from 'vitest';
import { loadConfig, validateConfig } from '../../../src/config/load.js';

const refused = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err as { code: string; key: string };
  }
  return undefined;
};

// Issue 17 item 7: the service started with the shipped ARI and SIP passwords on a non-loopback address.
describe('shipped lab credentials off loopback', () => {
  it('the defaults on loopback load', () => {
    expect(loadConfig(undefined, {}).ari.password).toBe('hotline-lab-ari');
  });

  it('refuses the shipped ARI password when the service listens beyond loopback', () => {
    expect(refused(() => loadConfig(undefined, { HOTLINE_HOST: '0.0.0.0' }))).toMatchObject({ code: 'CONFIG_INVALID', key: 'ari.password' });
    expect(refused(() => loadConfig(undefined, { HOTLINE_ARI_URL: 'http://10.1.2.3:8088' }))).toMatchObject({ code: 'CONFIG_INVALID', key: 'ari.password' });
    expect(loadConfig(undefined, { HOTLINE_HOST: '0.0.0.0', HOTLINE_ARI_PASSWORD: 'a-real-secret' }).service.host).toBe('0.0.0.0');
  });

  it("refuses the lab agents' shipped SIP passwords when SIP is bound beyond loopback", () => {
    expect(refused(() => validateConfig({ ari: { password: 'a-real-secret' }, lab: { sip: { host: '10.0.0.5' } } }))).toMatchObject({ code: 'CONFIG_INVALID', key: 'lab.agents.0.password' });
    const own = validateConfig({ ari: { password: 'a-real-secret' }, lab: { sip: { host: '10.0.0.5' }, agents: [{ id: '1001', password: 'not-the-shipped-one' }] } });
    expect(own.lab.sip.host).toBe('10.0.0.5');
  });
});
