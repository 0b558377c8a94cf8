import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../../src/config/load.js';
import { HotlineError } from '../../../src/errors.js';
import { instanceNode } from '../../../src/lab/lab-nodes.js';
import { labCelPath } from '../../../src/config/lab-cel-path.js';
import { labPaths } from '../../../src/lab/paths.js';
import { templateValues } from '../../../src/lab/render.js';

const base = { ari: { password: 'secret-ari' } };

describe('a second lab instance (lab.instance)', () => {
  it('is absent by default: the default lab keeps Debian directories and its RTP range', () => {
    const config = validateConfig(base);
    expect(instanceNode(config)).toBeUndefined();
    expect(labPaths(config).confFile).toBeUndefined();
    expect(templateValues(config)).toMatchObject({ 'node.directoriesTemplate': '(!)', 'rtp.start': '10000', 'rtp.end': '20000', edgeEndpoint: '', 'cel.file': '/var/log/asterisk/hotline-cel.json' });
    expect(labCelPath(config)).toBe('/var/log/asterisk/hotline-cel.json');
  });

  it('has its own directories, -C file, pidfile and RTP range, and is not behind the edge', () => {
    const config = validateConfig({ ...base, ari: { ...base.ari, url: 'http://127.0.1.1:8088' }, lab: { instance: 't2', sip: { host: '127.0.1.1' }, rtp: { start: 20002, end: 30000 } } });
    const node = instanceNode(config)!;
    expect(node).toMatchObject({ name: 't2', sipHost: '127.0.1.1', etcDir: '/etc/asterisk-t2', runDir: '/var/run/asterisk-t2', confFile: '/etc/asterisk-t2/asterisk.conf', rtpStart: 20002 });
    const paths = labPaths(config);
    expect(paths.confFile).toBe('/etc/asterisk-t2/asterisk.conf');
    expect(paths.pidFile.endsWith('asterisk-t2.pid')).toBe(true);
    expect(paths.etc.endsWith('/etc/asterisk-t2')).toBe(true);
    const values = templateValues(config, node);
    expect(values).toMatchObject({ 'node.directoriesTemplate': '', 'node.etcDir': '/etc/asterisk-t2', 'sip.host': '127.0.1.1', 'ari.host': '127.0.1.1', 'rtp.start': '20002', edgeEndpoint: '' });
    expect(values.agents).not.toContain('contact =');
    // Its channel record is its own: a restart of the service on one lab never reads the other lab's channels.
    expect(values['cel.file']).toBe('/var/log/asterisk-t2/hotline-cel.json');
    expect(labCelPath(config)).toBe('/var/log/asterisk-t2/hotline-cel.json');
  });

  it('refuses a bad name or an empty RTP range, naming the key', () => {
    const bad = (lab: object) => {
      try {
        validateConfig({ ...base, lab });
      } catch (error) {
        return (error as HotlineError).message;
      }
      return 'accepted';
    };
    expect(bad({ instance: '../x' })).toMatch(/lab\.instance/);
    expect(bad({ rtp: { start: 20000, end: 10000 } })).toMatch(/lab\.rtp\.end/);
  });
});
