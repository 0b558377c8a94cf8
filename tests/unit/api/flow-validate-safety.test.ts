import { readdirSync, watch, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoV1 } from './flow-texts.js';
import { harness, type Harness } from './harness.js';

// Issue 17 item 1: a read-only token's validate request could crash the process (include /dev/zero), probe server
// paths, and left a temporary file in the live flows folder.
describe('POST /flows/validate is safe for read-only callers', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness();
    writeFileSync(join(h.config.ivr.dir, 'common.yaml'), 'subflows:\n  bye_sub:\n    start: end\n    nodes:\n      end:\n        type: hangup\n');
  });
  afterAll(async () => h.close());
  const validate = (content: string) => h.as('read-only', { method: 'POST', url: '/api/v1/flows/validate', payload: { name: 'demo', content } });
  const withInclude = (inc: string) => `${demoV1}include: ['${inc}']\n`;

  it('refuses /dev/zero and any file outside the flows folder with FLOW_INCLUDE_REFUSED', async () => {
    for (const inc of ['/dev/zero', '/etc/passwd', '../../../../etc/hostname', `${h.dir}/h.db`]) {
      const r = await validate(withInclude(inc));
      expect(r.statusCode).toBe(200);
      expect(r.json().errors.map((e: { code: string; path: string }) => `${e.code} ${e.path}`)).toEqual(['FLOW_INCLUDE_REFUSED include.0']);
    }
  });

  it('answers a path that exists and one that does not alike', async () => {
    const a = (await validate(withInclude('/etc/passwd'))).json().errors[0].message.replace('/etc/passwd', 'P');
    const b = (await validate(withInclude('/etc/no-such-file'))).json().errors[0].message.replace('/etc/no-such-file', 'P');
    expect(a).toBe(b);
  });

  it('still takes an include inside the flows folder', async () => {
    expect((await validate(withInclude('common.yaml'))).json()).toMatchObject({ ok: true, errors: [] });
  });

  it('writes nothing into the live flows folder while it checks', async () => {
    const seen: string[] = [];
    const w = watch(h.config.ivr.dir, (_e, name) => void seen.push(String(name)));
    try {
      expect((await validate(demoV1)).json().ok).toBe(true);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      w.close();
    }
    expect(seen).toEqual([]);
    expect(readdirSync(h.config.ivr.dir)).toEqual(['common.yaml']);
  });
});
