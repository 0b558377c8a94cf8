import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../../../src/config/load.js';
import { agentAnswerScenario, agentRegisterScenario, agentUnregisterScenario, logNormalParams, TALK_END_MS, TALK_STEPS_MS, talkStep } from '../../../src/lab/agent-scenario.js';
import { callerScenario, callerTimeline, rejectCodes, type CallerScenarioSpec } from '../../../src/lab/caller-scenario.js';
import { carrierNumbers, withAnswerDelay } from '../../../src/lab/sipp-carrier.js';
import { sipMessage, xmlAttr } from '../../../src/lab/sipp-xml.js';

/**
 * What SIPp refuses at load time, checked without SIPp: unbalanced tags, attributes that are not quoted, and jumps
 * (next, ontimeout) to labels that do not exist. Returns the element names in order.
 */
function checkScenario(xml: string): string[] {
  const body = xml
    .replace(/<\?xml[^>]*\?>/, '')
    .replace(/<!DOCTYPE[^>]*>/, '')
    .replace(/<!--[\s\S]*?-->/g, '')
    .replace(/<!\[CDATA\[[\s\S]*?\]\]>/g, '');
  const stack: string[] = [];
  const names: string[] = [];
  const labels = new Set<string>();
  const jumps: string[] = [];
  for (const m of body.matchAll(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g)) {
    const [, close, name, attrs, selfClose] = m;
    if (close) {
      expect(stack.pop(), `closing </${name}>`).toBe(name);
      continue;
    }
    names.push(name!);
    for (const a of attrs!.matchAll(/([\w-]+)="([^"]*)"/g)) {
      if (name === 'label' && a[1] === 'id') {
        expect(labels.has(a[2]!), `label ${a[2]} defined twice`).toBe(false);
        labels.add(a[2]!);
      }
      if (a[1] === 'next' || a[1] === 'ontimeout') jumps.push(a[2]!);
    }
    if (!selfClose) stack.push(name!);
  }
  expect(stack).toEqual([]);
  // Anything left between tags that looks like markup was not matched above: a malformed tag.
  expect(body.replace(/<(\/?)([A-Za-z][\w-]*)((?:\s+[\w-]+="[^"<]*")*)\s*(\/?)>/g, '')).not.toMatch(/[<>]/);
  for (const j of jumps) expect(labels.has(j), `jump to missing label ${j}`).toBe(true);
  expect(names[0]).toBe('scenario');
  return names;
}

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

describe('agent phone scenarios', () => {
  it('registers with digest authentication and re-registers at half the expiry', () => {
    const xml = agentRegisterScenario(3600);
    checkScenario(xml);
    expect(xml).toContain('<recv response="401" auth="true"/>');
    expect(xml).toContain('[authentication]');
    expect(xml).toContain('Expires: 3600');
    expect(xml).toContain('<pause milliseconds="1800000"/>');
    expect(xml).toContain('[timestamp] registered');
    expect(() => agentRegisterScenario(10)).toThrow(RangeError);
  });

  it('unregisters with Expires: 0', () => {
    const xml = agentUnregisterScenario();
    checkScenario(xml);
    expect(xml).toContain('Expires: 0');
    expect(xml).not.toContain('<pause');
  });

  it('rings, answers after the delay, hangs up after the talk time, and takes CANCEL, BYE and re-INVITE', () => {
    const xml = agentAnswerScenario({ answer: { kind: 'after', ms: 2000 }, talk: { kind: 'hangup-after', ms: 30_000 } });
    checkScenario(xml);
    expect(xml).toContain('SIP/2.0 180 Ringing');
    expect(xml).toContain('<recv request="CANCEL" timeout="2000" ontimeout="answer" next="cancelled"/>');
    expect(xml).toContain('<recv request="INVITE" optional="true" timeout="30000" ontimeout="hangup" next="reinvite"/>');
    expect(xml).toContain('<recv request="BYE" next="bye"/>');
    expect(xml).toContain('From: [$inv_to];tag=[pid]SIPpTag01[call_number]');
    expect(xml).toContain('SIP/2.0 487 Request Terminated');
  });

  it('draws each call\'s talk time from a log-normal and makes it a deadline on the clock', () => {
    const xml = agentAnswerScenario({ answer: { kind: 'after', ms: 300 }, talk: { kind: 'log-normal', meanMs: 20_000, cv: 0.5 } });
    checkScenario(xml);
    const { mu, sigma } = logNormalParams(20_000, 0.5);
    // ln-space parameters whose log-normal has mean 20 s and cv 0.5.
    expect(Math.exp(mu + (sigma * sigma) / 2)).toBeCloseTo(20_000, 6);
    expect(Math.sqrt(Math.exp(sigma * sigma) - 1)).toBeCloseTo(0.5, 9);
    const ack = xml.slice(xml.indexOf('<recv request="ACK" rtd="true">'), xml.indexOf('<label id="talk"/>'));
    // Drawn at the ACK, logged, and added to the clock read there (seconds × 1000 + µs / 1000).
    expect(ack).toContain(`<sample assign_to="talk_ms" distribution="lognormal" mean="${mu}" stdev="${sigma}"/><log message="[timestamp] talk [call_id] [$talk_ms]"/>`);
    expect(ack).toContain('<gettimeofday assign_to="now_s,now_us"/><multiply assign_to="now_s" value="1000"/><divide assign_to="now_us" value="1000"/><assign assign_to="talk_end" variable="now_s"/><add assign_to="talk_end" variable="now_us"/><add assign_to="talk_end" variable="talk_ms"/>');
    expect(() => agentAnswerScenario({ answer: { kind: 'after', ms: 0 }, talk: { kind: 'log-normal', meanMs: 0, cv: 1 } })).toThrow(RangeError);
  });

  it.each([
    [Number.NaN, null],
    [-300, null],
    [0, null],
    [TALK_END_MS - 1, null],
    [TALK_END_MS, 100],
    [199, 100],
    [200, 200],
    [799, 400],
    [7200, 6400],
    [20_000, 12_800],
    [25_600, 25_600],
    [90_000, 25_600],
  ])('with %s ms of talk left the phone waits %s ms (null: hangs up)', (left, step) => {
    expect(talkStep(left)).toBe(step);
  });

  /** The talk countdown as SIPp runs it, read from the XML: the step waited with `leftMs` to go (null: hang up). */
  function stepInXml(xml: string, leftMs: number): number | null {
    const talk = xml.slice(xml.indexOf('<label id="talk"/>'), xml.indexOf('<label id="hangup"/>'));
    const from = new Map([...talk.matchAll(/<test assign_to="(\w+)" variable="talk_left" compare="greater_than_equal" value="([\d.]+)"\/>/g)].map((m) => [m[1]!, Number(m[2])]));
    // The first flag set, in the order the nops test them, picks the label; the recv after it is the wait.
    for (const m of talk.matchAll(/<nop hide="true"(?: test="(\w+)")? next="([\w-]+)"\/>/g)) {
      if (m[1] !== undefined && !(leftMs >= from.get(m[1])!)) continue;
      if (m[2] === 'hangup') return null;
      const wait = new RegExp(`<label id="${m[2]}"/>\\s*<recv request="INVITE" optional="true" timeout="(\\d+)" ontimeout="talk" next="reinvite"/>\\s*<recv request="BYE" next="bye"/>`).exec(talk);
      expect(wait, `label ${m[2]} waits, taking a re-INVITE or a BYE`).not.toBeNull();
      return Number(wait![1]);
    }
    throw new Error('the countdown falls through');
  }

  it('counts the talk down in the steps talkStep gives, each taking a BYE or a re-INVITE', () => {
    const xml = agentAnswerScenario({ answer: { kind: 'after', ms: 300 }, talk: { kind: 'log-normal', meanMs: 20_000, cv: 0.5 } });
    for (const left of [-1, 0, 49, 50, 120, 250, 1599, 1600, 7200, 20_000, 25_599, 25_600, 61_000]) expect(stepInXml(xml, left), `${left} ms left`).toBe(talkStep(left));
    // Every step is reached from the clock: what is left is the deadline minus the time now.
    expect(xml).toContain('<assign assign_to="talk_left" variable="talk_end"/><subtract assign_to="talk_left" variable="now_ms"/>');
    expect(xml).toContain('<recv request="ACK" next="talk"/>');
  });

  it.each([
    // drawn talk, each timer's overshoot (ms): the talk ends within half a step plus one overshoot, in a dozen timers
    [1000, 0],
    [20_000, 0],
    [20_000, 20],
    [21_777, 50],
    [60_000, 30],
    [140_000, 10],
  ])('a drawn talk of %s ms with %s ms late timers ends on time, in few timers', (drawn, late) => {
    const xml = agentAnswerScenario({ answer: { kind: 'after', ms: 300 }, talk: { kind: 'log-normal', meanMs: 20_000, cv: 0.5 } });
    let now = 0;
    let timers = 0;
    for (let step = stepInXml(xml, drawn); step !== null; step = stepInXml(xml, drawn - now)) {
      now += step + late;
      timers += 1;
    }
    expect(Math.abs(now - drawn)).toBeLessThanOrEqual(TALK_END_MS + late);
    expect(timers).toBeLessThanOrEqual(8 + Math.ceil(drawn / TALK_STEPS_MS[0]));
  });

  it('waits for the far end without a talk timer, never answers, or rejects', () => {
    const farEnd = agentAnswerScenario({ answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' } });
    checkScenario(farEnd);
    expect(farEnd).toContain('<recv request="INVITE" optional="true" next="reinvite"/>');
    expect(farEnd).not.toContain('ontimeout="answer"');
    const never = agentAnswerScenario({ answer: { kind: 'never' }, talk: { kind: 'far-end' } });
    checkScenario(never);
    expect(never).toContain('<recv request="CANCEL" next="cancelled"/>');
    const busy = agentAnswerScenario({ answer: { kind: 'reject', status: 486 }, talk: { kind: 'far-end' } });
    checkScenario(busy);
    expect(busy).toContain('SIP/2.0 486 Busy Here');
    expect(busy).not.toContain('200 OK');
  });

  it("names a test receiver's port in its SDP when one listens for the phone (the answer and a re-INVITE's)", () => {
    const heard = agentAnswerScenario({ answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' }, listenPort: 41234 });
    checkScenario(heard);
    expect(heard.match(/m=audio 41234 RTP\/AVP 0 101/g)).toHaveLength(2);
    expect(heard).not.toContain('[media_port]');
    expect(() => agentAnswerScenario({ answer: { kind: 'after', ms: 0 }, talk: { kind: 'far-end' }, listenPort: 41234, sendPcap: 'x.pcap' })).toThrow(RangeError);
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
