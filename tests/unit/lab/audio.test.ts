import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/load.js';
import { audioStamp, labAudioDir, labRecordings } from '../../../src/lab/audio.js';

describe('lab recordings', () => {
  it('are exactly the files carrier.xml plays', () => {
    const xml = readFileSync(join(projectRoot, 'asterisk/sipp/carrier.xml'), 'utf8');
    const played = new Set([...xml.matchAll(/play_pcap_audio="([^"]+)"/g)].map((m) => m[1]));
    expect(new Set(labRecordings.map((r) => r.file))).toEqual(played);
  });

  it('all end in seconds of real silence, which AMD needs to decide', () => {
    for (const r of labRecordings) {
      const last = r.parts[r.parts.length - 1]!;
      expect(last.kind, r.file).toBe('silence');
      expect((last as { ms: number }).ms, r.file).toBeGreaterThanOrEqual(3000);
    }
  });

  it('give the fax its 2100 Hz answer tone', () => {
    const fax = labRecordings.find((r) => r.file === 'fax.pcap')!;
    expect(fax.parts).toContainEqual({ kind: 'tone', hz: 2100, ms: 5000 });
  });

  it('are stamped by their recipes, so a changed recipe remakes the files', () => {
    expect(audioStamp()).toBe(audioStamp(labRecordings));
    expect(audioStamp([{ file: 'x.pcap', parts: [{ kind: 'silence', ms: 1 }] }])).not.toBe(audioStamp());
    expect(labAudioDir('/lab')).toBe('/lab/audio');
  });
});
