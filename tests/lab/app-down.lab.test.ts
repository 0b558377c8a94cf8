import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { labPaths } from '../../src/lab/lab.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { callerTarget, labConfig } from './support.js';

describe('the hotline number while the app is down', () => {
  it('answers with "please try your call later", hangs up, and logs the miss', async () => {
    const config = labConfig();
    const report = await placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', hangup: { kind: 'far-end', maxMs: 15_000 } });
    expect(report.outcome).toBe('answered');
    expect(report.hungUpBy).toBe('far-end');
    // "All circuits are busy now, please try your call later" lasts about four seconds: the far end waited for it instead of dropping the caller.
    expect(report.durationMs).toBeGreaterThan(2500);
    expect(report.durationMs).toBeLessThan(10_000);
    const log = readFileSync(labPaths(config).messagesLog, 'utf8');
    expect(log).toMatch(/hotline app hotline unavailable, inbound \S+ sent to fallback/);
    expect(log).not.toContain('13800138000');
  });
});
