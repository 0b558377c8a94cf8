import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { registerIvrCommands, validateReport } from '../../../src/cli/ivr.js';

const fixtures = join(import.meta.dirname, '../../fixtures/flows');
const promptsDir = join(import.meta.dirname, '../../fixtures/prompts');

async function run(args: string[]): Promise<{ out: string; exitCode: number | undefined }> {
  const program = new Command('hotline').exitOverride();
  registerIvrCommands(program);
  let out = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    await program.parseAsync(args, { from: 'user' });
  } finally {
    spy.mockRestore();
  }
  const exitCode = process.exitCode === undefined ? undefined : Number(process.exitCode);
  process.exitCode = undefined;
  return { out, exitCode };
}

afterEach(() => {
  process.exitCode = undefined;
});

describe('hotline ivr validate', () => {
  it('a valid flow: exit 0 and its version', () => {
    const r = validateReport(join(fixtures, 'good/minimal.yaml'), { promptsDir });
    expect(r.exitCode).toBe(0);
    expect(r.lines[0]).toMatch(/valid flow "minimal" version [0-9a-f]{12} \(2 nodes, entry 4008000001\)/);
  });

  it('an invalid flow: exit 1 and each error with its path and code', () => {
    const r = validateReport(join(fixtures, 'bad/several-errors.yaml'), { promptsDir });
    expect(r.exitCode).toBe(1);
    expect(r.lines[0]).toMatch(/3 error\(s\)$/);
    expect(r.lines).toContain('  nodes.b.next: target "nowhere" does not exist [FLOW_UNKNOWN_TARGET]');
  });

  it('--json', () => {
    const r = validateReport(join(fixtures, 'bad/unknown-target.yaml'), { promptsDir, json: true });
    expect(JSON.parse(r.lines[0]!)).toEqual({
      valid: false,
      file: expect.stringContaining('unknown-target.yaml'),
      errors: [{ path: 'nodes.main_menu.options.1', code: 'FLOW_UNKNOWN_TARGET', message: 'target "foo" does not exist' }],
    });
  });

  it('as a command: prints and sets the exit code', async () => {
    const bad = await run(['ivr', 'validate', join(fixtures, 'bad/missing-prompt-file.yaml'), '--prompts-dir', promptsDir]);
    expect(bad.exitCode).toBe(1);
    expect(bad.out).toContain('nodes.welcome.prompt.file: prompt file "no-such-prompt.wav" is not in the prompts directory [FLOW_PROMPT_MISSING]');
    const good = await run(['ivr', 'validate', join(fixtures, 'good/file-prompts.yaml'), '--prompts-dir', promptsDir, '--json']);
    expect(good.exitCode).toBe(0);
    expect(JSON.parse(good.out)).toMatchObject({ valid: true, name: 'file-prompts' });
  });

  it('without --prompts-dir it checks the config prompts directory', async () => {
    const r = await run(['ivr', 'validate', join(fixtures, 'good/minimal.yaml')]);
    expect(r.exitCode).toBe(0);
  });
});

describe('hotline ivr schema', () => {
  it('writes the JSON Schema', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'hotline-ivr-')), 'schema.json');
    await run(['ivr', 'schema', '--out', out]);
    expect(JSON.parse(readFileSync(out, 'utf8')).title).toBe('hotline IVR flow');
  });
});
