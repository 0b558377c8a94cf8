import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { resolveNodes } from '../../../src/config/nodes.js';
import { HotlineError } from '../../../src/errors.js';

const base = { ari: { password: 'secret-ari' } };
const n = (name: string, host: string, extra: Record<string, unknown> = {}) => ({ name, ari: { url: `http://${host}:8088` }, sip: { host }, ...extra });

function failure(raw: unknown): HotlineError {
  try {
    validateConfig(raw);
  } catch (error) {
    if (error instanceof HotlineError) return error;
    throw error;
  }
  throw new Error('config was accepted');
}

describe('nodes in config', () => {
  it('without a node list there is one node, the embedded default of ari and lab.sip', () => {
    const nodes = resolveNodes(validateConfig(base));
    expect(nodes).toEqual([
      { name: 'default', ariUrl: 'http://127.0.0.1:8088', username: 'hotline', password: 'secret-ari', sip: { host: '127.0.0.1', port: 5060 }, weight: 1, maxCallsPerSecond: 50 },
    ]);
  });

  it('takes a list of nodes, with the ARI credentials of ari unless a node has its own', () => {
    const config = validateConfig({ ...base, nodes: [n('n1', '127.0.0.11', { weight: 2 }), n('n2', '127.0.0.12', { ari: { url: 'http://127.0.0.12:8088', password: 'other' } })] });
    const nodes = resolveNodes(config);
    expect(nodes.map((x) => [x.name, x.sip.host, x.weight, x.password])).toEqual([
      ['n1', '127.0.0.11', 2, 'secret-ari'],
      ['n2', '127.0.0.12', 1, 'other'],
    ]);
  });

  const refused: Array<{ what: string; nodes: unknown[]; key: string; says: string }> = [
    { what: 'two nodes with the same SIP address', nodes: [n('n1', '127.0.0.11'), { ...n('n2', '127.0.0.12'), sip: { host: '127.0.0.11' } }], key: 'nodes.1.sip.host', says: 'node n2: sip address 127.0.0.11:5060 already used by node n1' },
    { what: 'two nodes with the same name', nodes: [n('n1', '127.0.0.11'), n('n1', '127.0.0.12')], key: 'nodes.1.name', says: 'node n1: name already used by node n1' },
    { what: 'two nodes on one ARI', nodes: [n('n1', '127.0.0.11'), { ...n('n2', '127.0.0.12'), ari: { url: 'http://127.0.0.11:8088' } }], key: 'nodes.1.ari.url', says: 'node n2: ari address 127.0.0.11:8088 already used by node n1' },
    { what: 'a weight of 0', nodes: [n('n1', '127.0.0.11', { weight: 0 })], key: 'nodes.0.weight', says: 'nodes.0.weight' },
    { what: 'an empty list', nodes: [], key: 'nodes', says: 'nodes' },
  ];
  for (const row of refused) {
    it(`refuses ${row.what}, naming the node`, () => {
      const error = failure({ ...base, nodes: row.nodes });
      expect(error.code).toBe('CONFIG_INVALID');
      expect(error.key).toBe(row.key);
      expect(error.message).toContain(row.says);
    });
  }
});

describe('edge in config', () => {
  const edge = { sip: { host: '127.0.0.10' }, rpcUrl: 'http://127.0.0.10:5071/RPC' };

  it('probes the edge for restarts every 5 s unless told otherwise', () => {
    expect(validateConfig({ ...base, edge }).edge?.probeS).toBe(5);
    expect(validateConfig({ ...base, edge: { ...edge, probeS: 0.5 } }).edge?.probeS).toBe(0.5);
  });

  for (const probeS of [0, -1]) {
    it(`refuses edge.probeS ${probeS}, naming the key`, () => {
      const error = failure({ ...base, edge: { ...edge, probeS } });
      expect(error.key).toBe('edge.probeS');
      expect(error.message).toContain('edge.probeS');
    });
  }
});
