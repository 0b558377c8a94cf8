import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { loadFlowFile, loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { validateFlow } from '../../../src/ivr/validate-flow.js';

const fixtures = join(import.meta.dirname, '../../fixtures/flows');
const promptsDir = join(import.meta.dirname, '../../fixtures/prompts');
const yamlIn = (dir: string): string[] => readdirSync(join(fixtures, dir)).filter((f) => f.endsWith('.yaml')).sort();

/** The `# expect: CODE path` lines at the top of a bad fixture. */
function expected(file: string): Array<{ code: string; path: string }> {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^# expect: (FLOW_[A-Z_]+) (.+)$/.exec(line);
      return m ? [{ code: m[1]!, path: m[2]! }] : [];
    });
}

describe('flow fixtures', () => {
  it.each(yamlIn('good'))('good/%s is valid', (name) => {
    const r = loadFlowFile(join(fixtures, 'good', name), { promptsDir });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });

  it.each(yamlIn('bad'))('bad/%s fails with exactly its expected errors', (name) => {
    const file = join(fixtures, 'bad', name);
    const want = expected(file);
    expect(want.length, 'the fixture says what it expects').toBeGreaterThan(0);
    const r = loadFlowFile(file, { promptsDir });
    expect(r.ok).toBe(false);
    const got = r.ok ? [] : r.errors.map((e) => ({ code: e.code, path: e.path }));
    expect(got).toEqual(expect.arrayContaining(want));
    expect(got).toHaveLength(want.length);
  });

  it('the sample hotline is valid', () => {
    const r = loadFlowFile(join(import.meta.dirname, '../../../config/ivr/hotline.yaml'), { promptsDir });
    expect(r.ok ? [] : r.errors).toEqual([]);
  });
});

describe('loadFlowFile', () => {
  it('versions a flow by its content, included files too', () => {
    const a = loadFlowFileOrThrow(join(fixtures, 'good/include.yaml'));
    const b = loadFlowFileOrThrow(join(fixtures, 'good/include.yaml'));
    const c = loadFlowFileOrThrow(join(fixtures, 'good/minimal.yaml'));
    expect(a.version).toMatch(/^[0-9a-f]{12}$/);
    expect(a.version).toBe(b.version);
    expect(a.version).not.toBe(c.version);
    expect(Object.keys(a.flow.subflows).sort()).toEqual(['polite_goodbye', 'unused_here']);
  });

  it('names the included file a finding comes from', () => {
    const r = loadFlowFile(join(fixtures, 'bad/duplicate-subflow.yaml'));
    expect(r.ok ? undefined : r.errors[0]!.file).toMatch(/lib\/common\.yaml$/);
  });

  it('does not check prompt files without a prompts directory', () => {
    expect(loadFlowFile(join(fixtures, 'bad/missing-prompt-file.yaml')).ok).toBe(true);
  });

  it('merges caller lists from the config, and refuses one defined twice', () => {
    const ok = loadFlowFile(join(fixtures, 'bad/unknown-list.yaml'), { lists: { vip: ['13900000009'] } });
    expect(ok.ok && ok.flow.lists.get('vip')?.has('13900000009')).toBe(true);
    const twice = loadFlowFile(join(fixtures, 'good/every-node.yaml'), { lists: { vip: ['13900000009'] } });
    expect(twice.ok ? [] : twice.errors.map((e) => [e.code, e.path])).toEqual([['FLOW_DUPLICATE_NAME', 'lists.vip']]);
  });

  it('checks queue groups against the ACD when told them', () => {
    const r = loadFlowFile(join(fixtures, 'good/every-node.yaml'), { knownGroups: ['vip'] });
    expect(r.ok ? [] : r.errors.map((e) => [e.code, e.path])).toEqual([['FLOW_UNKNOWN_GROUP', 'nodes.agent.group']]);
  });

  it('a missing file is FLOW_NOT_FOUND; OrThrow throws FLOW_INVALID with every error', () => {
    const r = loadFlowFile(join(fixtures, 'no-such.yaml'));
    expect(r.ok ? undefined : r.errors[0]!.code).toBe('FLOW_NOT_FOUND');
    let err: unknown;
    try {
      loadFlowFileOrThrow(join(fixtures, 'bad/several-errors.yaml'));
    } catch (e) {
      err = e;
    }
    expect(isHotlineError(err, 'FLOW_INVALID')).toBe(true);
    expect((err as { details: { errors: unknown[] } }).details.errors).toHaveLength(3);
  });
});

describe('validateFlow', () => {
  const base = { name: 't', entryNumbers: ['4008000000'], start: 'a' };

  it('fills in defaults', () => {
    const r = validateFlow({ ...base, nodes: { a: { type: 'menu', prompt: 'x', options: { 1: 'b' }, onExhausted: 'b' }, b: { type: 'hangup' } } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.flow.language).toBe('zh');
    expect(r.flow.timezone).toBe('Asia/Shanghai');
    expect(r.flow.nodes.a).toMatchObject({ timeoutS: 5, retries: 2, options: { '1': 'b' } });
  });

  it('rejects a top level that is not a mapping', () => {
    expect(validateFlow([1, 2])).toEqual({ ok: false, errors: [{ path: '(root)', code: 'FLOW_SYNTAX', message: expect.any(String) }] });
  });

  it('a menu in a subflow may get out by returning', () => {
    const r = validateFlow({
      ...base,
      nodes: { a: { type: 'subflow', flow: 's', next: 'b' }, b: { type: 'hangup' } },
      subflows: { s: { start: 'm', nodes: { m: { type: 'menu', prompt: 'x', options: { 1: 'r' }, onExhausted: 'm' }, r: { type: 'return' } } } },
    });
    expect(r.errors).toEqual([]);
  });

  it('a subflow that only hangs up is accepted (its caller never continues)', () => {
    const r = validateFlow({
      ...base,
      nodes: { a: { type: 'subflow', flow: 's', next: 'b' }, b: { type: 'hangup' } },
      subflows: { s: { start: 'h', nodes: { h: { type: 'hangup' } } } },
    });
    expect(r.errors).toEqual([]);
  });

  it('a wait inside a subflow makes a loop through it fine', () => {
    const r = validateFlow({
      ...base,
      nodes: { a: { type: 'subflow', flow: 's', next: 'a' } },
      subflows: { s: { start: 'm', nodes: { m: { type: 'menu', prompt: 'x', options: { 1: 'r', 2: 'h' }, onExhausted: 'r' }, r: { type: 'return' }, h: { type: 'hangup' } } } },
    });
    expect(r.errors).toEqual([]);
  });
});
