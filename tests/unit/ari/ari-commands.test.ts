import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AriCommands } from '../../../src/ari/ari-commands.js';
import { AriRest } from '../../../src/ari/ari-rest.js';
import { systemClock } from '../../../src/clock.js';
import { HotlineError } from '../../../src/errors.js';

// A stand-in for the ARI resources reconciliation and health read, answering as Asterisk 22 does.
const answers: Record<string, [number, unknown]> = {
  '/ari/applications/hotline': [200, { name: 'hotline', channel_ids: ['in-1', 'out-2'] }],
  '/ari/channels/in-1': [
    200,
    { id: 'in-1', state: 'Up', caller: { number: '13900000001' }, dialplan: { exten: '4008001234' }, creationtime: '2026-03-10T10:00:00.000+0800' },
  ],
  '/ari/channels/gone': [404, { message: 'Channel not found' }],
  '/ari/bridges': [200, [{ id: 'b1', channels: ['in-1', 'agent-1'] }, { id: 'b2', channels: [] }]],
  '/ari/asterisk/info': [200, { system: { version: '22.10.1' } }],
};
/** What was asked, in order: POSTs are answered 200 and logged, with the originate's write-ahead mark among them. */
const log: string[] = [];
/** Commands (not reads) the stand-in received, as `METHOD url`. */
const commanded: string[] = [];
let server: Server;
let rest: AriRest;
let commands: AriCommands;

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.method !== 'GET' && req.url!.includes('/mute')) {
      commanded.push(`${req.method} ${req.url}`);
      return res.writeHead(204).end();
    }
    // A leg answered before it joined the app: Asterisk refuses its bridge add twice (422), then takes it.
    if (req.method === 'POST' && req.url!.startsWith('/ari/bridges/early/addChannel')) {
      log.push(`POST ${req.url!.split('?')[0]}`);
      if (log.filter((l) => l.startsWith('POST /ari/bridges/early')).length <= 2) return res.writeHead(422, { 'content-type': 'application/json' }).end('{"message":"Channel not in Stasis application"}');
      return res.writeHead(204).end();
    }
    if (req.method === 'POST' && req.url!.startsWith('/ari/bridges/gone/addChannel')) return res.writeHead(404, { 'content-type': 'application/json' }).end('{"message":"Bridge not found"}');
    if (req.method === 'POST') {
      log.push(`POST ${req.url!.split('?')[0]}`);
      return res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    }
    const answer = req.method === 'GET' ? answers[req.url!] : undefined;
    if (!answer) return res.writeHead(500).end('{"message":"unexpected request"}');
    res.writeHead(answer[0], { 'content-type': 'application/json' }).end(JSON.stringify(answer[1]));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const { port } = server.address() as AddressInfo;
  rest = new AriRest(`http://127.0.0.1:${port}`, 'hotline', 'secret', systemClock, 500);
  commands = new AriCommands(rest, { app: 'hotline', clock: systemClock, log: pino({ level: 'silent' }) });
});

afterAll(async () => {
  rest.close();
  await new Promise((r) => server.close(r));
});

describe('adding to a bridge', () => {
  it('asks again while Asterisk says the channel is not in the app yet, and gives up at once on a missing bridge', async () => {
    log.length = 0;
    await commands.addToBridge('early', ['leg-1']);
    expect(log).toEqual(['POST /ari/bridges/early/addChannel', 'POST /ari/bridges/early/addChannel', 'POST /ari/bridges/early/addChannel']);
    await expect(commands.addToBridge('gone', ['leg-1'])).rejects.toMatchObject({ code: 'BRIDGE_GONE' });
  });
});

// Issue 17 (chaos): a restart must tell a made-but-never-dialed leg from one that may have rung the carrier.
describe('an originate', () => {
  it('marks the dial as sent after the channel is made and before the dial request leaves', async () => {
    log.length = 0;
    await commands.originate({ channelId: 'dial-1', endpoint: 'PJSIP/13900000001@carrier', callerId: '4008001234', timeoutS: 20, amd: false, onDialing: () => log.push('mark') });
    expect(log).toEqual(['POST /ari/channels/create', 'POST /ari/applications/hotline/subscription', 'mark', 'POST /ari/channels/dial-1/dial']);
  });

  it('runs what must precede the dial (the hearing) beside the subscription, once the channel exists, and dials only after both', async () => {
    log.length = 0;
    let release!: () => void;
    const beforeDial = async () => {
      log.push('hearing asked');
      await new Promise<void>((r) => (release = r));
      log.push('hearing ready');
    };
    const placing = commands.originate({ channelId: 'dial-2', endpoint: 'PJSIP/13900000002@carrier', callerId: '4008001234', timeoutS: 20, amd: false, onDialing: () => log.push('mark') }, beforeDial);
    await new Promise((r) => setTimeout(r, 100));
    expect(log).toEqual(['POST /ari/channels/create', 'hearing asked', 'POST /ari/applications/hotline/subscription']);
    release();
    await placing;
    expect(log.slice(3)).toEqual(['hearing ready', 'mark', 'POST /ari/channels/dial-2/dial']);
  });
});

describe('ARI reads on the REST transport', () => {
  it('reads the channels the app owns, those in bridges, and the Asterisk version', async () => {
    expect(await commands.appChannels()).toEqual(['in-1', 'out-2']);
    expect(await commands.bridgedChannels()).toEqual(new Set(['in-1', 'agent-1']));
    expect(await commands.asteriskVersion()).toBe('22.10.1');
  });

  it('reads a channel as a snapshot, and a channel that is gone as null', async () => {
    expect(await commands.channel('in-1')).toEqual({
      id: 'in-1',
      state: 'Up',
      callerNumber: '13900000001',
      calledNumber: '4008001234',
      createdAt: Date.parse('2026-03-10T02:00:00.000Z'),
    });
    expect(await commands.channel('gone')).toBeNull();
  });

  it('turns another failure into a catalogue error', async () => {
    const err = await commands.channel('odd').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HotlineError);
    expect((err as HotlineError).code).toBe('ARI_REQUEST_FAILED');
  });
});

describe('ARI commands on the REST transport', () => {
  it("mutes and unmutes a channel's voice in a direction (a listening supervisor's leg: in)", async () => {
    await commands.mute('sv-leg-1', 'in');
    await commands.unmute('sv-leg-1', 'in');
    expect(commanded.map((c) => c.replace(/\?.*direction=/, ' direction='))).toEqual(['POST /ari/channels/sv-leg-1/mute direction=in', 'DELETE /ari/channels/sv-leg-1/mute direction=in']);
  });
});
