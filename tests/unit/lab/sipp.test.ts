import { describe, expect, it } from 'vitest';
import { failedCalls, sippArgs, sippEnv, sippFiles } from '../../../src/lab/sipp.js';
import { agentPhoneSeed, agentPorts } from '../../../src/lab/sipp-agents.js';
import { controlPortRange, findFreeUdpPort, mediaPortRange } from '../../../src/lab/sipp-ports.js';

describe('sippArgs', () => {
  const base = {
    scenario: '/s/caller.xml',
    local: { ip: '127.0.0.2' },
    media: { ip: '127.0.0.2', port: 21000 },
    control: { ip: '127.0.0.2', port: 28000 },
    traceDir: '/t',
  };

  it('binds every socket to the given addresses and traces into the trace directory, never reading stdin', () => {
    const args = sippArgs({ ...base, remote: '127.0.0.1:5060', extra: ['-m', '1', '-s', '4008001234'], timeoutS: 90.5 });
    expect(args).toEqual([
      '-sf', '/s/caller.xml',
      '-i', '127.0.0.2',
      '-mi', '127.0.0.2', '-mp', '21000',
      '-ci', '127.0.0.2', '-cp', '28000',
      '-nostdin',
      '-trace_shortmsg', '-shortmessage_file', '/t/messages.tsv',
      '-trace_logs', '-log_file', '/t/scenario.log',
      '-trace_err', '-error_file', '/t/errors.log',
      '-timeout', '91s',
      '-m', '1', '-s', '4008001234',
      '127.0.0.1:5060',
    ]);
  });

  it('adds the SIP port and the out-of-call scenario when given, and no remote for a UAS', () => {
    const args = sippArgs({ ...base, local: { ip: '127.0.0.3', port: 5061 }, oocScenario: '/s/call.xml' });
    expect(args.slice(0, 8)).toEqual(['-sf', '/s/caller.xml', '-oocsf', '/s/call.xml', '-i', '127.0.0.3', '-p', '5061']);
    expect(args[args.length - 1]).toBe('/t/errors.log');
  });

  it('names the trace files', () => {
    expect(sippFiles('/x')).toEqual({ messages: '/x/messages.tsv', log: '/x/scenario.log', errors: '/x/errors.log' });
  });
});

describe('the seed of SIPp\'s random draws', () => {
  it.each([
    [undefined, undefined],
    [0, '0'],
    [4_294_967_295, '4294967295'],
  ])('seed %s runs SIPp with GSL_RNG_SEED %s, the rest of the environment kept', (rngSeed, expected) => {
    const env = sippEnv(rngSeed === undefined ? {} : { rngSeed }, { PATH: '/usr/bin' });
    expect(env.GSL_RNG_SEED).toBe(expected);
    expect(env.PATH).toBe('/usr/bin');
  });

  it('refuses a seed GSL cannot take', () => {
    for (const rngSeed of [-1, 1.5, Number.NaN]) expect(() => sippEnv({ rngSeed }, {})).toThrow(RangeError);
  });

  it('gives every phone of a run its own seed, and another run other seeds', () => {
    const run = (seed: number) => Array.from({ length: 10 }, (_, i) => agentPhoneSeed(seed, i));
    expect(new Set(run(12345)).size).toBe(10);
    expect(run(12345)).not.toEqual(run(999));
    expect(agentPhoneSeed(2 ** 32 - 1, 1)).toBe(0);
  });
});

describe('lab phone ports', () => {
  it('gives each agent its own SIP port and media pair', () => {
    expect([0, 1, 2].map(agentPorts)).toEqual([
      { sipPort: 5061, mediaPort: 6000 },
      { sipPort: 5062, mediaPort: 6004 },
      { sipPort: 5063, mediaPort: 6008 },
    ]);
  });

  it('keeps SIPp media clear of Asterisk RTP (10000-20000) and the ephemeral range', () => {
    expect(mediaPortRange.from).toBeGreaterThan(20000);
    expect(mediaPortRange.to + 2).toBeLessThan(32768);
    expect(controlPortRange.to).toBeLessThan(32768);
  });

  it('finds a free port pair on loopback, starting where the random source says', async () => {
    const port = await findFreeUdpPort('127.0.0.1', { from: 41000, to: 41100, step: 4, offsets: [0, 2] }, () => 0.5);
    expect(port).toBeGreaterThanOrEqual(41000);
    expect(port).toBeLessThanOrEqual(41100);
    expect((port - 41000) % 4).toBe(0);
  });
});

describe('failedCalls', () => {
  // SIPp's error file as it was written when one call in a load run failed: the failure, then the scenario's timed
  // waits, each logged with no line break between entries.
  const entry = (time: string, text: string) => `2026-12-08\t00:33:${time}\t1796690021.674748: ${text}`;
  const dead = entry('41.674748', "Dead call 75-23820@127.0.0.2 (aborted at index 54), received 'SIP/2.0 405 Method Not Allowed\nCSeq: 2 BYE\n'");
  const wait = (n: number) => entry(`41.7${n}`, `Call-Id: ${n}-23820@127.0.0.2, receive timeout on message hotline lab caller:54, jumping to label 55`);

  it('keeps the failures and leaves out the timed waits, however many follow', () => {
    const file = [wait(1), dead, ...Array.from({ length: 50 }, (_, i) => wait(i + 2))].join('');
    expect(failedCalls(file)).toBe(dead.trim());
  });

  it('keeps the first four failures, apart', () => {
    const deaths = [1, 2, 3, 4, 5].map((n) => entry(`4${n}.000000`, `Aborting call on unexpected message for Call-Id '${n}'`));
    const out = failedCalls(deaths.join('\n'));
    expect(out.split('\n---\n')).toEqual(deaths.slice(0, 4));
  });

  it('is empty for an error file of waits only, or none', () => {
    expect(failedCalls(wait(1) + wait(2))).toBe('');
    expect(failedCalls('')).toBe('');
  });
});
