import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, validateConfig } from '../../../src/config/load.js';
import { renderLabConfig } from '../../../src/lab/render.js';

const dir = join(projectRoot, 'asterisk/etc');
const templates = Object.fromEntries(readdirSync(dir).filter((n) => n.endsWith('.conf')).map((n) => [n, readFileSync(join(dir, n), 'utf8')]));

/** The lines of one section of a rendered .conf: `[name]` with `type = <type>`. */
function section(conf: string, name: string, type: string): string[] {
  const blocks = conf.split(/\n(?=\[)/);
  const block = blocks.find((b) => b.startsWith(`[${name}]`) && new RegExp(`^type = ${type}$`, 'm').test(b));
  return (block ?? '').split('\n');
}

// Issue 17 item 7: trunk endpoints had no identify_by=ip, so a request could claim to be the carrier by its From user.
describe('pjsip.conf: trunk endpoints', () => {
  const pjsip = renderLabConfig(validateConfig({ ari: { password: 'secret-ari' } }), templates)['pjsip.conf']!;
  it.each(['carrier', 'callers'])('%s is identified by its address only', (name) => {
    expect(section(pjsip, name, 'endpoint')).toContain('identify_by = ip');
    expect(section(pjsip, name, 'identify').join('\n')).toMatch(/^match = 127\.0\.0\.\d+(:\d+)?$/m);
  });
});
