import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/load.js';
import { callerScenario, callerTimeline, rejectCodes, type CallerScenarioSpec } from '../../../src/lab/caller-scenario.js';
import { carrierNumbers, withAnswerDelay } from '../../../src/lab/sipp-carrier.js';
import { sipMessage, xmlAttr } from '../../../src/lab/sipp-xml.js';
import { checkScenario } from './scenario-check.js';

const spec = (over: Partial<CallerScenarioSpec> = {}): CallerScenarioSpec => ({
  from: '13800138000',
  keys: [
    { key: '4', atMs: 1000, pcap: '/tmp/call/key-0.pcap' },
    { key: '#', atMs: 2300, pcap: '/tmp/call/key-1.pcap' },
  ],
  hangup: { kind: 'after-answer', afterMs: 5000 },
  maxRingMs: 60_000,
  ...over,
});

describe('callerTimeline', () => {
  it('waits between keys and hangs up at the planned time', () => {
    expect(callerTimeline([{ atMs: 1000 }, { atMs: 2300 }], { kind: 'after-answer', afterMs: 5000 })).toEqual([
      { kind: 'wait', ms: 1000 },
      { kind: 'key', index: 0 },
      { kind: 'wait', ms: 1300 },
      { kind: 'key', index: 1 },
      { kind: 'wait', ms: 2700 },
      { kind: 'hangup', reason: 'planned' },
    ]);
  });

  it('drops keys planned at or after the hang-up, and sends keys due at once without a wait', () => {
    expect(callerTimeline([{ atMs: 0 }, { atMs: 0 }, { atMs: 3000 }], { kind: 'after-answer', afterMs: 3000 })).toEqual([
      { kind: 'key', index: 0 },
      { kind: 'key', index: 1 },
      { kind: 'wait', ms: 3000 },
      { kind: 'hangup', reason: 'planned' },
    ]);
  });

  it('waits for the far end up to the limit, then hangs up itself', () => {
    expect(callerTimeline([], { kind: 'far-end', maxMs: 120_000 })).toEqual([
      { kind: 'wait', ms: 120_000 },
      { kind: 'hangup', reason: 'timeout' },
    ]);
  });

  it('keeps key order by time, ties by position', () => {
    const steps = callerTimeline([{ atMs: 2000 }, { atMs: 1000 }, { atMs: 1000 }], { kind: 'far-end', maxMs: 9000 });
    expect(steps.filter((s) => s.kind === 'key')).toEqual([
      { kind: 'key', index: 1 },
      { kind: 'key', index: 2 },
      { kind: 'key', index: 0 },
    ]);
  });
});

describe('callerScenario', () => {
  it('is a well-formed SIPp scenario whose jumps all land on labels', () => {
    for (const hangup of [
      { kind: 'after-answer', afterMs: 5000 },
      { kind: 'before-answer', afterMs: 1500 },
      { kind: 'far-end', maxMs: 60_000 },
    ] as const) {
      checkScenario(callerScenario(spec({ hangup })));
    }
  });

  it('offers PCMU and telephone-event from the caller number', () => {
    const xml = callerScenario(spec());
    expect(xml).toContain('From: <sip:13800138000@[local_ip]:[local_port]>;tag=');
    expect(xml).toContain('INVITE sip:[service]@[remote_ip]:[remote_port] SIP/2.0');
    expect(xml).toContain('m=audio [media_port] RTP/AVP 0 101');
    expect(xml).toContain('a=rtpmap:101 telephone-event/8000');
  });

  it('plays each key from its own pcap and logs it, waiting on a BYE-or-timeout rather than a pause', () => {
    const xml = callerScenario(spec());
    expect(xml).toContain('<exec play_pcap_audio="/tmp/call/key-0.pcap"/><log message="[timestamp] key 0 4"/>');
    expect(xml).toContain('<log message="[timestamp] key 1 #"/>');
    expect(xml).toContain('<recv request="BYE" timeout="1000" ontimeout="step0" next="remote_bye"/>');
    expect(xml).toContain('<recv request="BYE" timeout="2700" ontimeout="step4" next="remote_bye"/>');
    expect(xml).not.toContain('<pause');
  });

  it('accepts every listed rejection, and cancels after the ring time', () => {
    const xml = callerScenario(spec({ hangup: { kind: 'before-answer', afterMs: 1500 } }));
    for (const code of rejectCodes) expect(xml).toContain(`<recv response="${code}" optional="true" next="rejected"/>`);
    expect(xml).toContain('<recv response="100" optional="true" timeout="1500" ontimeout="give_up" next="dialing"/>');
    expect(xml).toMatch(/CANCEL sip:\[service\]@\[remote_ip\]:\[remote_port\] SIP\/2\.0\n\[last_Via:\]/);
    expect(rejectCodes).toEqual(expect.arrayContaining([404, 410, 480, 484, 486, 487, 503, 603]));
  });

  it('caps ringing at maxRingMs when no earlier hang-up is planned', () => {
    expect(callerScenario(spec({ maxRingMs: 30_000 }))).toContain('timeout="30000" ontimeout="give_up"');
  });

  it('escapes file names and refuses a caller number that is not digits', () => {
    const xml = callerScenario(spec({ keys: [{ key: '1', atMs: 0, pcap: '/tmp/a"b&c.pcap' }] }));
    expect(xml).toContain('play_pcap_audio="/tmp/a&quot;b&amp;c.pcap"');
    expect(() => callerScenario(spec({ from: '138<x>' }))).toThrow(RangeError);
  });
});

describe('carrier.xml', () => {
  const xml = readFileSync(join(projectRoot, 'asterisk/sipp/carrier.xml'), 'utf8');

  it('is a well-formed scenario whose jumps all land on labels', () => {
    checkScenario(xml);
  });

  it('rings answered numbers for a uniformly drawn time when asked to', () => {
    const delayed = withAnswerDelay(xml, { min: 3000, max: 10_000 });
    checkScenario(delayed);
    expect(delayed).toContain('<pause distribution="uniform" min="3000" max="10000"/>');
    expect(delayed).not.toContain('timeout="300" ontimeout="answer"');
    expect(() => withAnswerDelay(xml, { min: 5000, max: 1000 })).toThrow(RangeError);
  });

  it('answers each NN of the numbering plan as documented', () => {
    const test = (flag: string, nn: number) => expect(xml).toContain(`<test assign_to="${flag}" variable="nn" compare="equal" value="${nn}"/>`);
    const branch = (flag: string, label: string) => expect(xml).toContain(`<nop hide="true" test="${flag}" next="${label}"/>`);
    const responds = (label: string, status: string) =>
      expect(xml).toMatch(new RegExp(`<label id="${label}"/>\\s*<send>\\s*<!\\[CDATA\\[\\s*SIP/2\\.0 ${status}`));
    const cases: Array<[keyof typeof carrierNumbers, string, string, string]> = [
      ['busy', 'is_busy', 'busy', '486 Busy Here'],
      ['unallocated', 'is_unallocated', 'unallocated', '404 Not Found'],
      ['numberChanged', 'is_changed', 'changed', '410 Gone'],
      ['invalidFormat', 'is_invalid', 'invalid', '484 Address Incomplete'],
      ['congestion', 'is_congestion', 'congestion', '503 Service Unavailable'],
      ['rejected', 'is_rejected', 'rejected', '603 Decline'],
    ];
    for (const [name, flag, label, status] of cases) {
      test(flag, Number(carrierNumbers[name].slice(-2)));
      branch(flag, label);
      responds(label, status);
    }
    test('is_machine', 1);
    test('is_fax', 2);
    test('is_noanswer', 4);
    test('is_hangup', 10);
    test('is_survey1', 11);
    test('is_survey2', 12);
    for (const pcap of ['human.pcap', 'machine.pcap', 'fax.pcap', 'survey1.pcap', 'survey2.pcap']) expect(xml).toContain(`play_pcap_audio="${pcap}"`);
  });

  it('recognises the plan with and without the country code, and the load range 139 1XYZ 00NN', () => {
    const m = /<ereg regexp="([^"]+)" search_in="msg"/.exec(xml);
    const re = new RegExp(m![1]!.replace(/&amp;/g, '&'));
    for (const user of ['13900000003', '+8613900000003', '8613900000003', '008613900000003', '13910000003', '+8613919990003']) {
      expect(re.exec(`INVITE sip:${user}@127.0.0.1:5070 SIP/2.0`)?.[3]).toBe("03");
    }
    for (const user of ['13900000', '139000000031', '4008001234', '13912345678', '13920000003']) expect(re.exec(`INVITE sip:${user}@127.0.0.1:5070 SIP/2.0`)).toBeNull();
  });
});

describe('sipp-xml helpers', () => {
  it('escapes attributes and refuses a CDATA terminator in a message', () => {
    expect(xmlAttr('a"b<c>&d')).toBe('a&quot;b&lt;c&gt;&amp;d');
    expect(() => sipMessage(['x]]>'])).toThrow(RangeError);
    expect(sipMessage(['A', 'B'])).toBe('<![CDATA[\nA\nB\n\n]]>');
  });
});
