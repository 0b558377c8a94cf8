import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { earlyMediaNumber, earlyMediaScenes, sceneCode, sceneTiming, type EarlyMediaScene } from '../../../src/lab/early-media-plan.js';
import { markers, withEarlyMedia } from '../../../src/lab/early-media-scenario.js';

const carrierXml = readFileSync(join(import.meta.dirname, '../../../asterisk/sipp/carrier.xml'), 'utf8');

describe('early-media numbering plan', () => {
  it.each<[EarlyMediaScene, string]>([
    [{ kind: 'announcement', cls: 'vacant', delivery: 'then-480', variant: 'clean' }, '13900010100'],
    [{ kind: 'announcement', cls: 'restricted', delivery: 'then-480', variant: 'mid-sentence' }, '13900010605'],
    [{ kind: 'announcement', cls: 'powered-off', delivery: 'until-cancelled', variant: 'alaw' }, '13900011304'],
    [{ kind: 'announcement', cls: 'busy', delivery: 'answered', variant: 'noise' }, '13900013502'],
    [{ kind: 'ring-back-then-person' }, '13900012100'],
    [{ kind: 'music-then-person' }, '13900012200'],
  ])('%j is %s', (scene, number) => {
    expect(earlyMediaNumber(scene)).toBe(number);
  });

  it('gives other numbers for the same scene in blocks 1-8, never the 139 0000 plan', () => {
    const s: EarlyMediaScene = { kind: 'ring-back-then-person' };
    expect(earlyMediaNumber(s, 1)).toBe('13900022100');
    expect(earlyMediaNumber(s, 8)).toBe('13900092100');
    expect(() => earlyMediaNumber(s, 9)).toThrow(RangeError);
  });

  it('has 110 scenes with distinct codes', () => {
    const codes = earlyMediaScenes().map(sceneCode);
    expect(codes).toHaveLength(6 * 6 * 3 + 2);
    expect(new Set(codes).size).toBe(codes.length);
  });
});

describe('withEarlyMedia', () => {
  const manifest = Object.fromEntries(earlyMediaScenes().map((s) => [sceneTiming(s), 1000]));

  it('puts a test, a dispatch and a scene per code into the carrier, with the recording and its wait', () => {
    const xml = withEarlyMedia(carrierXml, manifest);
    for (const m of Object.values(markers)) expect(xml).not.toContain(m);
    expect(xml).toContain('<test assign_to="em_0100" variable="em_code" compare="equal" value="100"/>');
    expect(xml).toContain('<nop hide="true" test="em_0100" next="s0100"/>');
    expect(xml).toContain('<exec play_pcap_audio="early/vacant-clean.pcap"/>');
    expect(xml).toContain('<recv request="CANCEL" timeout="1200" ontimeout="em_480" next="cancelled"/>');
    expect(xml).toContain('<recv request="CANCEL" timeout="2000" ontimeout="s1100" next="cancelled"/>');
    expect(xml).toContain('<recv request="BYE" timeout="1200" ontimeout="hangup" next="bye"/>');
    expect(xml).toContain('a=rtpmap:8 PCMA/8000');
    expect(xml).toContain('<exec play_pcap_audio="early/ring-back-person.pcap"/>');
    expect(xml).toContain('<recv request="CANCEL" timeout="1000" ontimeout="em_answer" next="cancelled"/>');
    expect(xml.match(/<label id="s\d{4}"\/>/g)).toHaveLength(110);
  });

  it('refuses a scenario without the markers, and a manifest without a recording', () => {
    expect(() => withEarlyMedia('<scenario/>', manifest)).toThrow(/marker/);
    expect(() => withEarlyMedia(carrierXml, {})).toThrow(/vacant-clean/);
  });
});
