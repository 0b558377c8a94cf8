import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');

describe('hotline campaign and import from the shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hotline-cli-campaign-'));
  const config = join(dir, 'config.yaml');
  writeFileSync(config, `ari: { password: x }\nstore: { path: ${join(dir, 'hotline.db')} }\n`);
  const run = (...args: string[]) => spawnSync(process.execPath, [bin, '--config', config, ...args], { encoding: 'utf8', timeout: 30_000 });

  it('creates a campaign, imports a GBK list, reports bad rows, changes state and shows the status', () => {
    const created = run('campaign', 'create', '--name', '回访', '--mode', 'agentless', '--lines', '5');
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toMatch(/^\d+$/);
    const id = created.stdout.trim();
    const list = join(dir, 'list.csv');
    writeFileSync(list, iconv.encode('姓名,手机\n甲,13800138000\n乙,+86 139-0000-0003\n丙,12345\n丁,0086 13800138000\n', 'gbk'));
    const imported = run('import', id, list, '--json');
    expect(imported.status).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({ rows: 4, imported: 2, duplicates: 1, dnc: 0, invalid: [{ row: 4, value: '12345' }] });
    expect(run('campaign', 'pause', id).stderr).toMatch(/CAMPAIGN_BAD_TRANSITION/);
    expect(run('campaign', 'update', '回访', '--cps', '2').status).toBe(0);
    const status = JSON.parse(run('campaign', 'status', id, '--json').stdout) as Record<string, unknown>;
    expect(status).toMatchObject({ name: '回访', state: 'draft', mode: 'agentless', leads: { new: 2 }, attempts: 0 });
  }, 60_000);

  it('names the bad setting, the unknown campaign, and a number it cannot read', () => {
    const bad = run('campaign', 'create', '--name', 'x', '--lines', '0');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/CAMPAIGN_INVALID \[maxLines\]/);
    expect(run('import', 'nope', join(dir, 'missing.csv')).stderr).toMatch(/CAMPAIGN_NOT_FOUND/);
    expect(run('dnc', 'add', 'abc').stderr).toMatch(/not a phone number/);
    expect(run('dnc', 'add', '138 0013 8000').stdout).toContain('+8613800138000');
    expect(run('dnc', 'list', '--json').stdout).toContain('+8613800138000');
  }, 60_000);
});
