import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.js';
import { maskNumber, maskNumbersInText } from '../../../src/log/mask.js';

describe('masking', () => {
  it('masks mobiles the way operators write them', () => {
    expect(maskNumber('13800138000')).toBe('138****8000');
    expect(maskNumber('+8613800138000')).toBe('+86138****8000');
    expect(maskNumber('4008001234')).toBe('400***1234');
    expect(maskNumber('1001')).toBe('1001');
  });
  it('masks numbers inside text but keeps Asterisk unique ids', () => {
    expect(maskNumbersInText('dial PJSIP/13900000003@carrier for 1795429371.12')).toBe('dial PJSIP/139****0003@carrier for 1795429371.12');
  });
  it('no log line carries a whole number or a secret', () => {
    const lines: string[] = [];
    const sink = new Writable({ write: (c, _e, cb) => (lines.push(c.toString()), cb()) });
    const log = createLogger('info', sink);
    log.child({ callerNumber: '13800138000' }).info({ password: 'hunter22', nested: { to: '13900000001' } }, 'call from 13800138000');
    const out = lines.join('');
    expect(out).not.toMatch(/13800138000|13900000001|hunter22/);
    expect(out).toContain('138****8000');
    expect(out).toContain('[redacted]');
  });
});
