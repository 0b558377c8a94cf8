import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One JSON-RPC 2.0 call as Kamailio's jsonrpcs receives it. */
export interface RpcCall {
  method: string;
  params: string[];
  id: number;
}

/**
 * A stand-in for Kamailio's JSON-RPC over HTTP on 127.0.0.1: `answer` gives each call's `result` or `error` part.
 * Resolves with its URL and a close.
 */
export async function jsonRpcStandIn(answer: (call: RpcCall) => object): Promise<{ url: string; close: () => void }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as RpcCall;
      res.end(JSON.stringify({ jsonrpc: '2.0', ...answer(call), id: call.id }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/RPC`, close: () => void server.close() };
}
