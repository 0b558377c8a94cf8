import { describe, expect, it } from 'vitest';
import { decodeUlaw } from '../../../src/media/g711-decode.js';
import { linearToUlaw, sine, ulawTone, wavBytes } from '../../../src/lab/tone.js';
import { certRequestArgs } from '../../../src/lab/tls-cert.js';
import { renderBrowserTemplate, wssBind } from '../../../src/lab/render.js';

describe('lab tones', () => {
  it.each([0, 1000, -1000, 8000, -8000, 30000, -30000])('u-law of %d decodes back within G.711 step size', (x) => {
    const back = decodeUlaw(Uint8Array.of(linearToUlaw(x)))[0]!;
    expect(Math.abs(back - x)).toBeLessThanOrEqual(Math.max(8, Math.abs(x) / 16));
  });
  it('zero is the u-law silence code', () => {
    expect(linearToUlaw(0)).toBe(0xff);
  });
  it('a tone has 8 samples a ms and its level', () => {
    const t = ulawTone(1000, 100);
    expect(t).toHaveLength(800);
    const peak = Math.max(...decodeUlaw(t).map(Math.abs));
    expect(peak).toBeGreaterThan(9000);
    expect(peak).toBeLessThan(11000);
  });
  it('the WAV header says 48 kHz mono 16-bit and its data length', () => {
    const w = wavBytes(sine(440, 10, 48_000), 48_000);
    expect(w.toString('ascii', 0, 4)).toBe('RIFF');
    expect(w.readUInt32LE(24)).toBe(48_000);
    expect(w.readUInt16LE(22)).toBe(1);
    expect(w.readUInt32LE(40)).toBe(960);
  });
});

describe('the lab wss:// transport', () => {
  it('listens where phone.browser.wsUrl points', () => {
    expect(wssBind('wss://127.0.0.1:8089/ws')).toEqual({ host: '127.0.0.1', port: 8089 });
    expect(wssBind('wss://localhost/ws')).toEqual({ host: '127.0.0.1', port: 443 });
  });
  it('makes a certificate naming the address in subjectAltName', () => {
    const args = certRequestArgs('127.0.0.1', '/c.crt', '/c.key');
    expect(args).toEqual(expect.arrayContaining(['-x509', '-nodes', 'subjectAltName=IP:127.0.0.1', '/CN=127.0.0.1']));
    expect(args[args.indexOf('-keyout') + 1]).toBe('/c.key');
  });
  it('renders the browser template with webrtc on', () => {
    const t = renderBrowserTemplate(600);
    expect(t).toContain('[hotline-browser-endpoint](!)');
    expect(t).toMatch(/^webrtc = yes$/m);
    expect(t).toMatch(/^maximum_expiration = 600$/m);
  });
});
