import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { readTemplates } from '../../../src/lab/install-config.js';
import { labNodes } from '../../../src/lab/lab-nodes.js';
import { renderLabConfig, templateValues } from '../../../src/lab/render.js';
import { labEdge, renderAgentPasswords, renderDispatcherList, renderKamailioConfig } from '../../../src/lab/render-kamailio.js';
import { projectRoot } from '../../../src/config/load.js';
import { join } from 'node:path';

const config = validateConfig({ ari: { password: 'secret-ari' } });
const templates = readTemplates(join(projectRoot, 'asterisk/etc'));

describe('labNodes', () => {
  it('one node is the single-node lab: its addresses and Debian directories', () => {
    const [only, ...rest] = labNodes(config, 1);
    expect(rest).toEqual([]);
    expect(only).toMatchObject({ sipHost: '127.0.0.1', sipPort: 5060, ariUrl: 'http://127.0.0.1:8088', etcDir: '/etc/asterisk', rtpStart: 10000, rtpEnd: 20000 });
    expect(only!.confFile).toBeUndefined();
  });

  it('two nodes take the addresses after the edge, their own directories and disjoint RTP ports', () => {
    const [a, b] = labNodes(config, 2);
    expect([a!.sipHost, b!.sipHost]).toEqual(['127.0.0.11', '127.0.0.12']);
    expect([a!.ariUrl, b!.ariUrl]).toEqual(['http://127.0.0.11:8088', 'http://127.0.0.12:8088']);
    expect(new Set([a!.etcDir, b!.etcDir, a!.runDir, b!.runDir, a!.dbDir, b!.dbDir]).size).toBe(6);
    expect(a!.rtpEnd).toBeLessThan(b!.rtpStart);
    expect(a!.systemName).not.toBe(b!.systemName);
    // Both write the one channel record hotline reads for every node of the lab.
    expect([templateValues(config, a)['cel.file'], templateValues(config, b)['cel.file']]).toEqual(['/var/log/asterisk/hotline-cel.json', '/var/log/asterisk/hotline-cel.json']);
  });

  it('refuses a node count it cannot lay out', () => {
    expect(() => labNodes(config, 0)).toThrow(/--nodes must be 1 to 8/);
    expect(() => labNodes(config, 9)).toThrow(/--nodes must be 1 to 8/);
  });
});

describe('rendering for nodes', () => {
  it('the single-node render has no edge endpoint and keeps [directories] a template', () => {
    const out = renderLabConfig(config, templates);
    expect(out['asterisk.conf']).toContain('[directories](!)');
    expect(out['pjsip.conf']).not.toContain('[edge]');
    expect(out['rtp.conf']).toContain('rtpstart=10000');
  });

  it('a node of two binds its own address, reaches agents through the edge and accepts the edge as a caller', () => {
    const node = labNodes(config, 2)[1]!;
    const out = renderLabConfig(config, templates, node);
    expect(out['asterisk.conf']).toMatch(/^\[directories\]$/m);
    expect(out['asterisk.conf']).toContain('astetcdir => /etc/asterisk-n2');
    expect(out['asterisk.conf']).toContain('systemname = hotline-n2');
    expect(out['pjsip.conf']).toContain('bind = 127.0.0.12:5060');
    expect(out['pjsip.conf']).toContain('contact = sip:1001@127.0.0.10:5060');
    expect(out['pjsip.conf']).toMatch(/\[edge\]\ntype = identify\nendpoint = edge\nmatch = 127\.0\.0\.10/);
    expect(out['http.conf']).toContain('bindaddr = 127.0.0.12');
  });

  it('Kamailio listens on the edge, dispatches to every node by weight share and checks agents by password', () => {
    const nodes = labNodes(config, 2);
    const out = renderKamailioConfig(config, nodes, readTemplates(join(projectRoot, 'asterisk/kamailio'), ['.cfg', '.list']));
    expect(out['kamailio.cfg']).toContain('listen=udp:127.0.0.10:5060');
    // hotline's JSON-RPC for API agents' digests, on the edge's address only.
    expect(out['kamailio.cfg']).toContain('listen=tcp:127.0.0.10:5071');
    expect(labEdge(config)).toEqual({ sip: { host: '127.0.0.10', port: 5060 }, rpcUrl: 'http://127.0.0.10:5071/RPC', probeS: 5 });
    expect(out['kamailio.cfg']).not.toMatch(/\{\{[A-Za-z]/);
    expect(out['dispatcher.list']).toContain('1 sip:127.0.0.11:5060 0 0 weight=50;node=n1\n1 sip:127.0.0.12:5060 0 0 weight=50;node=n2');
    expect(renderDispatcherList([{ ...nodes[0]!, weight: 3 }, nodes[1]!])).toContain('weight=75;node=n1');
    expect(renderAgentPasswords([{ id: '1001', password: 'lab-agent-1001' }])).toContain('if ($fU == "1001") $var(pw) = "lab-agent-1001";');
    expect(() => renderAgentPasswords([{ id: '1001', password: 'bad"quote-pw' }])).toThrow(/lab.agents\[0\].password/);
  });
});
