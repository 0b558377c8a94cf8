import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');

function start(yaml: string, env: Record<string, string> = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-'));
  const file = join(dir, 'bad.yaml');
  writeFileSync(file, yaml);
  return spawnSync(process.execPath, [bin, '--config', file, 'start'], {
    env: { ...process.env, ...env, HOTLINE_ARI_PASSWORD: env.HOTLINE_ARI_PASSWORD ?? '' },
    encoding: 'utf8',
    timeout: 30_000,
  });
}

describe('hotline start with a bad config', () => {
  it.each([
    ['a missing ARI password', 'ari: { url: "http://127.0.0.1:8088" }\n', 'ari.password'],
    ['an unknown key', 'ari: { password: x }\nstore: { path: /tmp/x.db, pth: 1 }\n', 'store.pth'],
    ['a bad port', 'ari: { password: x }\nservice: { port: 99999 }\n', 'service.port'],
  ])('exits non-zero naming the key for %s', (_what, yaml, key) => {
    const r = start(yaml);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(key);
    expect(r.stderr).toMatch(/CONFIG_INVALID/);
    // A whole `hotline start` in a child process: as long as the spawn's own time-out, like the other CLI tests.
  }, 30_000);
});
