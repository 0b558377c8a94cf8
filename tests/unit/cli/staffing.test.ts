import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { inboundAgents } from '../../../src/staffing/erlang-c.js';

const bin = join(import.meta.dirname, '../../../bin/hotline.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'staffing', ...args], { encoding: 'utf8', timeout: 120_000 });

describe('hotline staffing', () => {
  it('inbound: agents per interval as JSON and as a table', () => {
    const r = run('inbound', '--calls', '100,200', '--aht', '180', '--service-level', '80%', '--answer-within', '20', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { intervals: { agents: number; calls: number }[] };
    expect(out.intervals.map((i) => [i.calls, i.agents])).toEqual([
      [100, 14],
      [200, inboundAgents({ calls: 200, intervalS: 1800, ahtS: 180, serviceLevel: 0.8, targetAnswerS: 20 }).agents],
    ]);
    expect(run('inbound', '--calls', '100').stdout).toMatch(/^\s+0\s+100\s+10\.00\s+14\s/m);
  }, 30_000);

  it('outbound: agents for a talk-hours target', () => {
    const r = run('outbound', '--talk-hours', '3', '--answer-rate', '0.3', '--hours', '1', '--replications', '1', '--json');
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout) as { agents: number; talkHoursPerHour: number; tried: unknown[] };
    expect(out.agents).toBeGreaterThan(3);
    expect(out.talkHoursPerHour).toBeGreaterThanOrEqual(3);
  }, 120_000);

  it.each([
    [['inbound', '--calls', 'many'], '--calls'],
    [['inbound', '--calls', '100', '--service-level', '1'], '--service-level'],
    [['inbound', '--calls', '100', '--service-level', '120%'], '--service-level'],
    [['inbound', '--calls', '100', '--aht', '0'], '--aht'],
    [['outbound'], '--talk-hours'],
    [['outbound', '--talk-hours', '3', '--contacts', '5'], '--talk-hours'],
    [['outbound', '--talk-hours', '3', '--agents', '-2'], '--agents'],
  ])('refuses %j naming the flag', (args, flag) => {
    const r = run(...args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`SIM_INVALID [${flag}]`);
  }, 30_000);
});
