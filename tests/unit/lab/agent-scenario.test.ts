import { describe, expect, it } from 'vitest';
import { agentAnswerScenario, agentRegisterScenario, agentUnregisterScenario, logNormalParams, TALK_END_MS, TALK_STEPS_MS, talkStep } from '../../../src/lab/agent-scenario.js';
import { checkScenario } from './scenario-check.js';

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
