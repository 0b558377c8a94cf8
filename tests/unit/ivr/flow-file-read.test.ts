import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { flowFileLimits, readFlowFile } from '../../../src/ivr/flow-file-read.js';
import { loadFlowText } from '../../../src/ivr/load-flow.js';

const base = mkdtempSync(join(tmpdir(), 'hotline-flowread-'));
const root = join(base, 'ivr');
const outside = join(base, 'secret.yaml');
mkdirSync(join(root, 'lib'), { recursive: true });
writeFileSync(outside, 'password: hunter2\n');
writeFileSync(join(root, 'lib', 'ok.yaml'), 'subflows: {}\n');
writeFileSync(join(root, 'big.yaml'), `# ${'x'.repeat(flowFileLimits.maxBytes)}\n`);
symlinkSync(outside, join(root, 'link.yaml'));
execFileSync('mkfifo', [join(root, 'pipe.yaml')]);
afterAll(() => rmSync(base, { recursive: true, force: true }));

const flow = (include: string[]) => `name: x\nstart: bye\ninclude: ${JSON.stringify(include)}\nnodes:\n  bye:\n    type: hangup\n`;
const codes = (text: string) => {
  const r = loadFlowText(text, join(root, 'x.yaml'), { includeRoot: root });
  return r.ok ? [] : r.errors.map((e) => `${e.code} ${e.path}: ${e.message}`);
};

describe('readFlowFile', () => {
  it('reads a regular file inside the root', () => {
    expect(readFlowFile(join(root, 'lib', 'ok.yaml'), root)).toEqual({ ok: true, text: 'subflows: {}\n' });
  });

  it.each([
    ['/dev/zero, which grows without end', '/dev/zero'],
    ['a server file', '/etc/passwd'],
    ['a path that does not exist', '/no/such/file.yaml'],
    ['a climb out of the folder', join(root, '..', 'secret.yaml')],
    ['a link inside that leads out', join(root, 'link.yaml')],
  ])('refuses %s outside the root, saying only that', (_what, path) => {
    expect(readFlowFile(path, root)).toEqual({ ok: false, reason: 'refused', message: 'only files inside the flows folder may be included' });
  });

  it('refuses a device or a FIFO without blocking, and a file over the cap, even with no root', () => {
    expect(readFlowFile('/dev/zero', undefined)).toMatchObject({ ok: false, reason: 'refused', message: 'not a regular file' });
    expect(readFlowFile(join(root, 'pipe.yaml'), root)).toMatchObject({ ok: false, reason: 'refused', message: 'not a regular file' });
    expect(readFlowFile(join(root, 'big.yaml'), root)).toMatchObject({ ok: false, reason: 'refused', message: `larger than ${flowFileLimits.maxBytes} bytes` });
  });

  it('says a file inside the root is missing', () => {
    expect(readFlowFile(join(root, 'nope.yaml'), root)).toMatchObject({ ok: false, reason: 'missing', message: 'cannot read it: ENOENT' });
  });
});

describe('includes in a flow', () => {
  it('an include of /dev/zero is refused, not read', () => {
    expect(codes(flow(['/dev/zero']))).toEqual(['FLOW_INCLUDE_REFUSED include.0: included file /dev/zero: only files inside the flows folder may be included']);
  });

  it('a path outside answers the same whether it exists or not, and never echoes its keys', () => {
    const there = codes(flow(['../secret.yaml']));
    const absent = codes(flow(['../absent.yaml']));
    expect(there.map((c) => c.replace('secret', 'X'))).toEqual(absent.map((c) => c.replace('absent', 'X')));
    expect(there.join()).not.toContain('password');
  });

  it('at most maxIncludes files', () => {
    const many = Array.from({ length: flowFileLimits.maxIncludes + 1 }, () => 'lib/ok.yaml');
    expect(codes(flow(many))).toEqual([`FLOW_INCLUDE_REFUSED include: at most ${flowFileLimits.maxIncludes} included files`]);
    expect(codes(flow(['lib/ok.yaml']))).toEqual([]);
  });
});
