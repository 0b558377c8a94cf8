import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'simulate', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('hotline simulate', () => {
  it('prints every algorithm with exactly the documented fields as JSON', () => {
    const r = run('--agents', '5', '--hours', '1', '--replications', '1', '--answer-rate', '0.3', '--json');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { algorithms: Record<string, unknown>[] };
    expect(Object.keys(out)).toEqual(['algorithms']);
    expect(out.algorithms.map((a) => a.name)).toEqual(['progressive', expect.stringMatching(/^ratio \d+\.\d\d$/), 'vicidial-adapt-hard-limit', 'erlang-open-loop', 'hotline-predictive']);
    for (const a of out.algorithms) {
      expect(Object.keys(a).sort()).toEqual(
        ['name', 'occupancy', 'talkMinutesPerAgentHour', 'abandonRate', 'worstHourAbandonRate', 'windowBreaches', 'pWaitOver2s', 'agentIdleP50', 'agentIdleP90', 'dialsPerHour'].sort(),
      );
      expect(a.occupancy).toBeGreaterThan(0);
      expect(a.occupancy).toBeLessThan(1);
    }
  }, 120_000);

  it('prints a table, with a chosen subset and a fixed ratio', () => {
    const r = run('--agents', '4', '--hours', '0.5', '--replications', '1', '--algorithms', 'progressive,ratio', '--ratio', '1.5', '--pauses', '0.1:2:5', '--answer-rate-steps', '0.2:0.5');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^algorithm\s+occupancy/m);
    expect(r.stdout).toMatch(/^progressive\s/m);
    expect(r.stdout).toMatch(/^ratio 1\.50\s/m);
    expect(r.stdout).not.toMatch(/hotline-predictive/);
  }, 60_000);

  it.each([
    [['--agents', '0'], '--agents'],
    [['--agents', 'ten'], '--agents'],
    [['--answer-rate', '1.5'], '--answer-rate'],
    [['--hours', '-1'], '--hours'],
    [['--replications', '2.5'], '--replications'],
    [['--answer-max', '40'], '--answer-max'],
    [['--abandon-target', '0.05'], '--abandon-target'],
    [['--window', '7d'], '--window'],
    [['--pauses', '1:2'], '--pauses'],
    [['--pauses', '1:50:10'], '--pauses'],
    [['--answer-rate-steps', '2:x'], '--answer-rate-steps'],
    [['--algorithms', 'magic'], '--algorithms'],
    [['--ratio', '0.5'], '--ratio'],
  ])('refuses %j naming the flag', (args, flag) => {
    const r = run(...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`SIM_INVALID [${flag}]`);
    expect(r.stdout).toBe('');
  }, 30_000);
});
