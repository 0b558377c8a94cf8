import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot, validateConfig } from '../../../src/config/load.js';
import { isHotlineError } from '../../../src/errors.js';
import { hostsFile, mountsUnder, parsePasswd } from '../../../src/lab/chroot.js';
import {
  ariBind,
  confValue,
  configChangeAction,
  pjsipTransports,
  renderAgents,
  renderEntryNumbers,
  renderLabConfig,
  renderTemplate,
} from '../../../src/lab/render.js';

const config = (over: Record<string, unknown> = {}) => validateConfig({ ari: { password: 'secret-ari' }, ...over });

function templates(): Record<string, string> {
  const dir = join(projectRoot, 'asterisk/etc');
  return Object.fromEntries(
    readdirSync(dir)
      .filter((n) => n.endsWith('.conf'))
      .map((n) => [n, readFileSync(join(dir, n), 'utf8')]),
  );
}

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return isHotlineError(error) ? error.code : 'not a HotlineError';
  }
  return undefined;
}

describe('ariBind', () => {
  it.each([
    ['http://127.0.0.1:8088', '127.0.0.1', 8088],
    ['http://localhost:8089/', '127.0.0.1', 8089],
    ['http://10.0.0.5', '10.0.0.5', 80],
    ['https://10.0.0.5', '10.0.0.5', 443],
  ])('%s listens on %s:%d', (url, host, port) => {
    expect(ariBind(url)).toEqual({ host, port });
  });
});

describe('confValue', () => {
  it('escapes semicolons, which would start a comment', () => {
    expect(confValue('a;b', 'k')).toBe('a\\;b');
  });
  it('refuses line breaks, which would start a new setting', () => {
    expect(codeOf(() => confValue('a\nb', 'k'))).toBe('LAB_TEMPLATE_INVALID');
  });
});

describe('renderAgents', () => {
  it('makes an endpoint, auth and aor named by the agent id', () => {
    const text = renderAgents([{ id: '1001', password: 'pw-1001-xx' }]);
    expect(text).toBe(
      [
        '[1001]',
        'type = endpoint',
        'context = hotline-agents',
        'disallow = all',
        'allow = ulaw,alaw',
        'dtmf_mode = rfc4733',
        'direct_media = no',
        'auth = 1001',
        'aors = 1001',
        '',
        '[1001]',
        'type = auth',
        'auth_type = userpass',
        'username = 1001',
        'password = pw-1001-xx',
        '',
        '[1001]',
        'type = aor',
        'max_contacts = 1',
        'remove_existing = yes',
        '',
      ].join('\n'),
    );
  });
  it('renders one block per agent and nothing for none', () => {
    const two = renderAgents([
      { id: '1001', password: 'pw-1001-xx' },
      { id: '1002', password: 'pw;1002-xx' },
    ]);
    expect(two.match(/^type = endpoint$/gm)).toHaveLength(2);
    expect(two).toContain('password = pw\\;1002-xx');
    expect(renderAgents([])).toBe('');
  });
});

describe('renderEntryNumbers', () => {
  it('sends each number to Stasis with the app-down fallback', () => {
    expect(renderEntryNumbers(['4008001234', '+861012345'], 'hotline')).toBe(
      [
        'exten => 4008001234,1,Stasis(hotline,inbound,${EXTEN})',
        ' same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?hotline-app-down,s,1)',
        ' same => n,Hangup()',
        'exten => +861012345,1,Stasis(hotline,inbound,${EXTEN})',
        ' same => n,GotoIf($["${STASISSTATUS}" = "FAILED"]?hotline-app-down,s,1)',
        ' same => n,Hangup()',
      ].join('\n'),
    );
  });
});

describe('renderTemplate', () => {
  it('fills placeholders and leaves dialplan ${vars} alone', () => {
    expect(renderTemplate('x.conf', 'a={{ a }} b=${EXTEN}', { a: '1' })).toBe('a=1 b=${EXTEN}');
  });
  it('fails on an unknown placeholder', () => {
    expect(codeOf(() => renderTemplate('x.conf', '{{nope}}', {}))).toBe('LAB_TEMPLATE_INVALID');
  });
});

describe('renderLabConfig on the project templates', () => {
  const out = renderLabConfig(
    config({
      ari: { url: 'http://127.0.0.1:9088', password: 'secret-ari', app: 'hl' },
      telephony: { entryNumbers: ['4001', '4002'] },
      lab: { sip: { host: '127.0.0.1', port: 5062 }, carrier: { port: 5072 } },
    }),
    templates(),
  );

  it('leaves no placeholder behind', () => {
    for (const [name, text] of Object.entries(out)) expect(text, name).not.toMatch(/\{\{\s*[A-Za-z]/);
  });
  it('binds ARI where ari.url points, with its credentials', () => {
    expect(out['http.conf']).toMatch(/^bindaddr = 127\.0\.0\.1$/m);
    expect(out['http.conf']).toMatch(/^bindport = 9088$/m);
    expect(out['ari.conf']).toMatch(/^\[hotline\]$/m);
    expect(out['ari.conf']).toMatch(/^password = secret-ari$/m);
  });
  it('binds SIP and points the carrier at lab.sip and lab.carrier', () => {
    expect(out['pjsip.conf']).toMatch(/^bind = 127\.0\.0\.1:5062$/m);
    expect(out['pjsip.conf']).toContain('contact = sip:127.0.0.1:5072');
    expect(out['pjsip.conf']).toMatch(/^match = 127\.0\.0\.2$/m);
    // The carrier's aor, one for each of the five lab agents, and the browser phones' template (issue 13).
    expect(out['pjsip.conf']?.match(/^type = aor$/gm)).toHaveLength(7);
    // The carrier by address and port: a browser phone's WebSocket comes from 127.0.0.1 as well.
    expect(out['pjsip.conf']).toMatch(/^match = 127\.0\.0\.1:5072$/m);
  });
  it('routes every entry number and names the app', () => {
    expect(out['extensions.conf']).toContain('exten => 4001,1,Stasis(hl,inbound,${EXTEN})');
    expect(out['extensions.conf']).toContain('exten => 4002,1,Stasis(hl,inbound,${EXTEN})');
    expect(out['extensions.conf']).toContain('Stasis(hl,dialer,');
  });
});

describe('configChangeAction', () => {
  const base = { 'extensions.conf': 'a', 'http.conf': 'h', 'pjsip.conf': '[transport-udp]\ntype = transport\nbind = 127.0.0.1:5060\n\n[x]\ntype = aor\n' };
  it.each<[string, Record<string, string>, Record<string, string>, string]>([
    ['nothing changed', base, base, 'none'],
    ['dialplan changed', base, { ...base, 'extensions.conf': 'b' }, 'reload'],
    ['ARI bind changed', base, { ...base, 'http.conf': 'h2' }, 'restart'],
    ['first install', {}, base, 'restart'],
    ['an endpoint changed', base, { ...base, 'pjsip.conf': `${base['pjsip.conf']}max_contacts = 1\n` }, 'reload'],
    ['the SIP transport moved', base, { ...base, 'pjsip.conf': base['pjsip.conf'].replace('5060', '5062') }, 'restart'],
    ['the sorcery wizards changed', { ...base, 'sorcery.conf': '[res_pjsip]\n' }, { ...base, 'sorcery.conf': '[res_pjsip]\nendpoint = memory\n' }, 'restart'],
  ])('%s: %s', (_name, before, after, action) => {
    expect(configChangeAction(before, after)).toBe(action);
  });

  it('finds transport sections only', () => {
    expect(pjsipTransports(base['pjsip.conf'])).toBe('[transport-udp]\ntype = transport\nbind = 127.0.0.1:5060\n\n');
  });
});

describe('chroot helpers', () => {
  it('hostsFile names the host so offline look-ups do not stall', () => {
    expect(hostsFile('vm')).toMatch(/^127\.0\.0\.1 localhost vm$/m);
    expect(hostsFile('localhost')).toMatch(/^127\.0\.0\.1 localhost$/m);
  });
  it('parsePasswd finds the asterisk user', () => {
    expect(parsePasswd('root:x:0:0::/root:/bin/sh\nasterisk:x:101:102:Asterisk:/var/lib/asterisk:/usr/sbin/nologin\n', 'asterisk')).toEqual({
      uid: 101,
      gid: 102,
    });
    expect(parsePasswd('root:x:0:0::/root:/bin/sh\n', 'asterisk')).toBeUndefined();
  });
  it('mountsUnder lists mounts inside the chroot, deepest first', () => {
    const mounts = ['/dev/vda / ext4 rw 0 0', 'proc /l/root/proc proc rw 0 0', 'sys /l/root/proc/x sysfs rw 0 0', 'x /l/rootfs tmpfs rw 0 0', 'y /l/root/a\\040b tmpfs rw 0 0'].join('\n');
    expect(mountsUnder('/l/root', mounts)).toEqual(['/l/root/proc/x', '/l/root/proc', '/l/root/a b']);
  });
});
