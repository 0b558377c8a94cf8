/** The edge's uptime over JSON-RPC, against a stand-in Kamailio answering as jsonrpcs does. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EdgeRegistrar } from '../../../src/ari/edge-registrar.js';
import { isHotlineError } from '../../../src/errors.js';
import { jsonRpcStandIn } from '../support/json-rpc-stand-in.js';

describe('EdgeRegistrar.uptime', () => {
  let url = '';
  let close = () => undefined as void;
  let answer: unknown;
  const methods: string[] = [];

  beforeAll(async () => {
    ({ url, close } = await jsonRpcStandIn((call) => {
      methods.push(call.method);
      return answer as object;
    }));
  });
  afterAll(() => close());

  const registrar = () => new EdgeRegistrar({ sip: { host: '127.0.0.10', port: 5060 }, rpcUrl: url, probeS: 5 });

  it("reads Kamailio's core.uptime: its start as text and its seconds up", async () => {
    answer = { result: { now: 'Mon Dec  7 22:10:05 2026\n', up_since: 'Mon Dec  7 22:00:00 2026\n', uptime: 605 } };
    expect(await registrar().uptime()).toEqual({ upSince: 'Mon Dec  7 22:00:00 2026\n', uptimeS: 605 });
    expect(methods.at(-1)).toBe('core.uptime');
  });

  it('fails with EDGE_REQUEST_FAILED on an answer without the start time, or an RPC error', async () => {
    for (const a of [{ result: { uptime: 5 } }, { error: { code: 500, message: 'no such command' } }]) {
      answer = a;
      const err = await registrar().uptime().catch((e: unknown) => e);
      expect(isHotlineError(err, 'EDGE_REQUEST_FAILED')).toBe(true);
    }
  });

  it('fails with EDGE_REQUEST_FAILED when nothing listens', async () => {
    const gone = new EdgeRegistrar({ sip: { host: '127.0.0.10', port: 5060 }, rpcUrl: 'http://127.0.0.1:9/RPC', probeS: 5 });
    const err = await gone.uptime().catch((e: unknown) => e);
    expect(isHotlineError(err, 'EDGE_REQUEST_FAILED')).toBe(true);
  });
});
