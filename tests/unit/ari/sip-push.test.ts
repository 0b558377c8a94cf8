import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { agentEndpointFields, agentSipPhone, sipDigestHa1 } from '../../../src/acd/agent-phone.js';
import { AriTelephony } from '../../../src/ari/ari-telephony.js';
import { systemClock } from '../../../src/clock.js';
import { HotlineError } from '../../../src/errors.js';

// A stand-in for Asterisk's push-configuration resource with sorcery.conf's wizards: memory (create, update, delete)
// and pjsip.conf (read only). The answers are the ones res/ari/resource_asterisk.c gives.
let server: Server;
let ari: AriTelephony;
let memoryWizard = true;
const staticIds = new Set(['1005']);
const memory = new Map<string, Array<{ attribute: string; value: string }>>();
const seen: string[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      seen.push(`${req.method} ${req.url}`);
      const m = /^\/ari\/asterisk\/config\/dynamic\/res_pjsip\/(auth|aor|endpoint)\/([^/?]+)$/.exec(req.url!);
      if (!m) return res.writeHead(404).end('{"message":"Resource not found"}');
      const [, type, id] = m as unknown as [string, string, string];
      const key = `${type}/${decodeURIComponent(id)}`;
      const exists = staticIds.has(decodeURIComponent(id)) || memory.has(key);
      if (req.method === 'PUT') {
        if (staticIds.has(decodeURIComponent(id))) return res.writeHead(403).end(`{"message":"Cannot update sorcery objects of type '${type}'"}`);
        if (!memoryWizard && !exists) return res.writeHead(403).end(`{"message":"Cannot create sorcery objects of type '${type}'"}`);
        const fields = (JSON.parse(text) as { fields: Array<{ attribute: string; value: string }> }).fields;
        memory.set(key, fields);
        return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(fields));
      }
      if (req.method === 'DELETE') {
        if (!exists) return res.writeHead(404).end(`{"message":"Object with id '${id}' not found"}`);
        if (!memory.delete(key)) return res.writeHead(403).end(`{"message":"Could not delete object with id '${id}'"}`);
        return res.writeHead(204).end();
      }
      res.writeHead(405).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  ari = new AriTelephony({
    url: `http://127.0.0.1:${port}`,
    username: 'hotline',
    password: 'secret',
    app: 'hotline',
    reconnect: { initialMs: 100, maxMs: 1000 },
    pingIntervalMs: 10_000,
    requestTimeoutMs: 500,
    dialerContext: 'hotline-dialer',
    logger: pino({ level: 'silent' }),
    clock: systemClock,
  });
});

afterAll(async () => {
  await ari.stop();
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

beforeEach(() => {
  memoryWizard = true;
  memory.clear();
  seen.length = 0;
});

const codeOf = (p: Promise<unknown>) => p.then(() => 'resolved', (e: unknown) => (e instanceof HotlineError ? e.code : String(e)));

describe('ARI push configuration', () => {
  it("pushes auth and aor before the endpoint, with the lab's endpoint options and the digest instead of a password", async () => {
    const ha1 = sipDigestHa1('1010', 'asterisk', 'pw-1010-long');
    await ari.pushSipPhone(agentSipPhone('1010', { realm: 'asterisk', ha1 }));
    expect(seen).toEqual(['PUT /ari/asterisk/config/dynamic/res_pjsip/auth/1010', 'PUT /ari/asterisk/config/dynamic/res_pjsip/aor/1010', 'PUT /ari/asterisk/config/dynamic/res_pjsip/endpoint/1010']);
    expect(memory.get('auth/1010')).toEqual([
      { attribute: 'auth_type', value: 'md5' },
      { attribute: 'username', value: '1010' },
      { attribute: 'realm', value: 'asterisk' },
      { attribute: 'md5_cred', value: ha1 },
    ]);
    expect(JSON.stringify([...memory.values()])).not.toContain('pw-1010-long');
    // disallow before allow: Asterisk applies the fields in order, as it reads pjsip.conf.
    expect(memory.get('endpoint/1010')).toEqual(Object.entries(agentEndpointFields('1010')).map(([attribute, value]) => ({ attribute, value })));
    expect(memory.get('aor/1010')).toEqual([
      { attribute: 'max_contacts', value: '1' },
      { attribute: 'remove_existing', value: 'yes' },
    ]);
  });

  it('pushing again replaces the objects (a reconnect re-pushes every agent)', async () => {
    await ari.pushSipPhone(agentSipPhone('1010', { realm: 'asterisk', ha1: 'a'.repeat(32) }));
    await ari.pushSipPhone(agentSipPhone('1010', { realm: 'asterisk', ha1: 'b'.repeat(32) }));
    expect(memory.get('auth/1010')!.find((f) => f.attribute === 'md5_cred')!.value).toBe('b'.repeat(32));
  });

  it("refuses an id Asterisk's own config has, and says so when sorcery.conf has no memory wizard", async () => {
    expect(await codeOf(ari.pushSipPhone(agentSipPhone('1005', { realm: 'asterisk', ha1: 'a'.repeat(32) })))).toBe('SIP_ENDPOINT_STATIC');
    memoryWizard = false;
    const err = await ari.pushSipPhone(agentSipPhone('1011', { realm: 'asterisk', ha1: 'a'.repeat(32) })).catch((e: unknown) => e as HotlineError);
    expect(err).toMatchObject({ code: 'ARI_REQUEST_FAILED', message: expect.stringContaining('sorcery.conf') });
  });

  it('removes the endpoint first, and parts that are not there are no error', async () => {
    await ari.pushSipPhone(agentSipPhone('1010', { realm: 'asterisk', ha1: 'a'.repeat(32) }));
    memory.delete('aor/1010');
    seen.length = 0;
    await ari.removeSipPhone('1010');
    expect(seen.map((s) => s.split('/').slice(-2).join('/'))).toEqual(['endpoint/1010', 'aor/1010', 'auth/1010']);
    expect(memory.size).toBe(0);
    await ari.removeSipPhone('1010');
    expect(await codeOf(ari.removeSipPhone('1005'))).toBe('SIP_ENDPOINT_STATIC');
  });
});

describe('agent phone digest', () => {
  it('is md5 of user:realm:password (the value from `echo -n myuser:asterisk:somepassword | md5sum`)', () => {
    expect(sipDigestHa1('myuser', 'asterisk', 'somepassword')).toBe('c3cffc6ef6f7c002a51d7f3fe2695ab4');
  });
});
