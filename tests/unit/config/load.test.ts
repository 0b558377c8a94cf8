import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load.js';
import { HotlineError } from '../../../src/errors.js';

function file(yaml: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-config-'));
  const path = join(dir, 'c.yaml');
  writeFileSync(path, yaml);
  return path;
}

function keyOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof HotlineError) return err.key;
    throw err;
  }
  return undefined;
}

describe('loadConfig', () => {
  it('loads the embedded defaults', () => {
    const c = loadConfig(undefined, {});
    expect(c.ari.url).toBe('http://127.0.0.1:8088');
    expect(c.service.host).toBe('127.0.0.1');
    expect(c.telephony.entryNumbers).toContain('4008001234');
  });
  it('names the missing ARI password', () => {
    expect(keyOf(() => loadConfig(file('ari: { url: "http://127.0.0.1:8088" }\n'), {}))).toBe('ari.password');
  });
  it('names an unknown key', () => {
    expect(keyOf(() => loadConfig(file('ari: { password: x }\nservice: { prot: 1 }\n'), {}))).toBe('service.prot');
  });
  it('names a bad port', () => {
    expect(keyOf(() => loadConfig(file('ari: { password: x }\nservice: { port: 70000 }\n'), {}))).toBe('service.port');
    expect(keyOf(() => loadConfig(undefined, { HOTLINE_PORT: 'eighty' }))).toBe('service.port');
  });
  it('takes secrets and addresses from the environment', () => {
    const c = loadConfig(file('ari: { url: "http://127.0.0.1:8088" }\n'), { HOTLINE_ARI_PASSWORD: 's3cret', HOTLINE_PORT: '9999' });
    expect(c.ari.password).toBe('s3cret');
    expect(c.service.port).toBe(9999);
  });
});
