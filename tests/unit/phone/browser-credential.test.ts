import { describe, expect, it } from 'vitest';
import { expired, newCredential, phoneKindOf } from '../../../src/phone/browser-credential.js';
import { browserDialString, browserSipPhone } from '../../../src/phone/browser-endpoint.js';

const settings = { wsUrl: 'wss://127.0.0.1:8089/ws', sipDomain: '127.0.0.1', credentialTtlS: 3600 };

describe('browser phone credentials', () => {
  const c = newCredential('1001', 1_000_000, settings, 'secret-xyz');

  it('names the browser endpoint, never the desk phone, and carries the one-time password', () => {
    expect(c).toMatchObject({ username: 'web1001', uri: 'sip:web1001@127.0.0.1', wsUrl: 'wss://127.0.0.1:8089/ws', password: 'secret-xyz' });
  });

  it('lives credentialTtlS and asks to be renewed two thirds of the way through', () => {
    expect(c.expiresAt - c.issuedAt).toBe(3_600_000);
    expect(c.renewAt - c.issuedAt).toBe(2_400_000);
  });

  it.each([
    [c.expiresAt - 1, false, 'browser'],
    [c.expiresAt, true, 'desk'],
    [c.expiresAt + 60_000, true, 'desk'],
  ] as const)('at %d: expired %s, the %s phone rings', (now, isExpired, kind) => {
    expect(expired(c, now)).toBe(isExpired);
    expect(phoneKindOf(c, now)).toBe(kind);
  });

  it('an agent with no credential has the desk phone', () => {
    expect(phoneKindOf(undefined, 0)).toBe('desk');
  });

  it('pushes a WebRTC endpoint whose registration cannot outlive the credential', () => {
    const p = browserSipPhone('1001', 'pw', 600);
    expect(p.id).toBe('web1001');
    expect(p.auth).toEqual({ auth_type: 'userpass', username: 'web1001', password: 'pw' });
    expect(p.endpoint).toMatchObject({ webrtc: 'yes', dtls_auto_generate_cert: 'yes', allow: 'ulaw,alaw', auth: 'web1001', aors: 'web1001', context: 'hotline-agents' });
    // disallow before allow, as pjsip.conf reads them.
    expect(Object.keys(p.endpoint).indexOf('disallow')).toBeLessThan(Object.keys(p.endpoint).indexOf('allow'));
    expect(p.aor).toMatchObject({ max_contacts: '1', remove_existing: 'yes', maximum_expiration: '600', default_expiration: '600' });
    expect(browserDialString('1001')).toBe('PJSIP/web1001');
  });
});
