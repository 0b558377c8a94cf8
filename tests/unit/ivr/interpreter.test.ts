import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { initialState } from '../../../src/ivr/ivr-state.js';
import { interpreterFor, step } from '../../../src/ivr/interpreter.js';
import { loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { flowFrom, shanghai, TestCall } from '../ivr-harness.js';

const fixtures = join(import.meta.dirname, '../../fixtures/flows/good');
const everyNode = loadFlowFileOrThrow(join(fixtures, 'every-node.yaml'));
const monday10 = shanghai('2026-11-23T10:00:00');

function atEveryNodeMenu(caller = '+447700900123'): TestCall {
  const call = new TestCall(everyNode, monday10);
  call.start(caller, '4008000002');
  expect(call.state.node).toBe('menu');
  call.played();
  return call;
}

describe('interpreter: node types', () => {
  it('transfer hands the call to the trunk and ends without hanging up', () => {
    const call = atEveryNodeMenu();
    call.key('4');
    expect(call.get('transfer')).toEqual({ type: 'transfer', number: '13800138000' });
    expect(call.ended().endedIn).toBe('transfer');
    expect(call.find('hangup', call.all)).toBeUndefined();
  });

  it('lookup results go into variables by dotted path; say reads them back', () => {
    const call = atEveryNodeMenu();
    call.key('1');
    call.played();
    call.keys('4321#');
    const lookup = call.get('lookup');
    expect(lookup.params).toEqual({ id: '4321', source: 'ivr' });
    call.send({ type: 'lookup-result', id: lookup.id, ok: true, data: { status: 7, detail: { updated: '2026-03-30' } } });
    expect(call.state.vars).toMatchObject({ order: '4321', status: '7', when: '2026-03-30' });
    expect(call.get('play').media).toEqual(['digits:4321']);
    call.played();
    expect(call.get('play').media).toEqual(['sound:digits/mon-2', 'sound:digits/h-30', 'number:2026']);
  });

  it('a lookup field that is missing clears its variable; say with nothing to say moves on', () => {
    const call = atEveryNodeMenu();
    call.key('1');
    call.played();
    call.keys('4321#');
    call.send({ type: 'lookup-result', id: call.get('lookup').id, ok: true, data: { status: 'x' } });
    call.played();
    expect(call.state.vars.when).toBeUndefined();
    expect(call.all).toContainEqual({ type: 'log-path', node: 'say_when', note: 'nothing to say' });
    expect(call.state.node).toBe('menu');
  });

  it('the collect pattern rejects what does not match', () => {
    const call = atEveryNodeMenu();
    call.key('1');
    call.played();
    call.keys('12*4#');
    expect(call.all).toContainEqual({ type: 'log-path', node: 'order', note: 'invalid' });
    expect(call.state.node).toBe('order');
  });

  it('branch: the first case that holds wins; a list of conditions must all hold; set copies variables', () => {
    const vip = new TestCall(everyNode, monday10);
    vip.start('13900000002', '4008000002');
    expect(vip.get('enqueue')).toEqual({ type: 'enqueue', group: 'vip', priority: 9 });

    const cn = new TestCall(everyNode, monday10);
    cn.start('13812345678', '+864008000002');
    expect(cn.path()).toEqual(['vip', 'to_chinese', 'hours', 'menu']);
    expect(cn.state.language).toBe('zh');
    expect(cn.state.vars).toEqual({ source: 'international', copy: '+864008000002' });
    expect(cn.get('play').media[2]).toEqual({ tts: { text: '请选择', lang: 'zh' } });

    const other = new TestCall(everyNode, monday10);
    other.start('13812345678', '4008000002');
    expect(other.path()).toEqual(['vip', 'hours', 'menu']);
    expect(other.get('play').media).toEqual([
      { tts: { text: 'Welcome.', lang: 'en' } },
      { tts: { text: '欢迎', lang: 'zh' } },
      { tts: { text: 'Please choose.', lang: 'en' } },
      'sound:beep',
    ]);
  });

  it('queue without next: an overflow hangs up; a callback taken by the ACD ends as callback', () => {
    const a = new TestCall(everyNode, monday10);
    a.start('13900000001');
    a.send({ type: 'queue-result', outcome: 'overflow' });
    expect(a.get('hangup')).toBeDefined();
    expect(a.ended().endedIn).toBe('queue-overflow');
    const b = new TestCall(everyNode, monday10);
    b.start('13900000001');
    b.send({ type: 'queue-result', outcome: 'callback' });
    expect(b.ended().endedIn).toBe('callback');
  });

  it('a caller who hangs up while recording left a message', () => {
    const call = new TestCall(everyNode, shanghai('2026-11-24T10:00:00')); // Tuesday: closed
    call.start();
    expect(call.state.node).toBe('message');
    call.played();
    expect(call.state.sub).toBe('recording');
    call.send({ type: 'hangup' });
    expect(call.ended().endedIn).toBe('message');
  });

  it('subflow and return: back at the caller node next', () => {
    const call = atEveryNodeMenu();
    call.key('*');
    expect(call.state).toMatchObject({ scope: 'greet', node: 'hi', stack: [{ scope: '', node: 'hello_sub' }] });
    call.played();
    expect(call.state).toMatchObject({ scope: '', node: 'menu', stack: [] });
    expect(call.path().slice(-4)).toEqual(['hello_sub', 'greet/hi', 'greet/back', 'menu']);
  });

  it('callbackOffer: an invalid key and a time-out use the retries, then onFail', () => {
    const call = atEveryNodeMenu('13800138000');
    call.key('2');
    expect(call.state.sub).toBe('offer');
    call.key('7');
    call.played();
    call.timeout();
    call.played();
    call.timeout();
    expect(call.state.node).toBe('bye');
  });

  it('file prompts are file media; the localized file follows the call language', () => {
    const flow = loadFlowFileOrThrow(join(fixtures, 'file-prompts.yaml'));
    const call = new TestCall(flow, monday10);
    call.start();
    expect(call.get('play').media).toEqual([{ file: 'welcome.wav' }, { file: 'welcome.wav' }]);
  });
});

describe('interpreter: events out of turn', () => {
  it('ignores everything before start, a second start, and everything after the end', () => {
    const call = new TestCall(everyNode, monday10);
    expect(call.key('1')).toEqual([]);
    call.start();
    expect(call.start()).toEqual([]);
    call.send({ type: 'hangup' });
    expect(call.send({ type: 'hangup' })).toEqual([]);
  });

  it('ignores the finish of a playback it stopped and a timer it cancelled', () => {
    const call = new TestCall(everyNode, monday10);
    call.start();
    const stopped = call.state.playing!;
    call.key('9'); // barge-in: repeat → the menu again, a new playback
    expect(call.last[0]).toEqual({ type: 'stopPlayback', id: stopped });
    expect(call.send({ type: 'prompt-finished', id: stopped })).toEqual([]);
    call.played();
    const timer = call.state.timer!;
    call.key('9');
    expect(call.last).toContainEqual({ type: 'cancelTimer', id: timer });
    expect(call.send({ type: 'timer', id: timer })).toEqual([]);
  });

  it('a failed prompt is logged and treated as played', () => {
    const call = new TestCall(everyNode, monday10);
    call.start();
    call.send({ type: 'prompt-failed', id: call.state.playing! });
    expect(call.last).toContainEqual({ type: 'log-path', node: 'menu', note: 'prompt failed' });
    expect(call.get('startTimer').ms).toBe(5000);
  });

  it('keys during a notice are counted but change nothing', () => {
    const flow = flowFrom({ name: 't', entryNumbers: ['4000'], start: 'bye', nodes: { bye: { type: 'hangup', prompt: 'bye', endedIn: 'message' } } });
    const call = new TestCall(flow, 0);
    call.start();
    expect(call.key('5')).toEqual([]);
    call.played();
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'message', keys: 1 });
  });

  it('refuses a state from another flow version', () => {
    const other = flowFrom({ name: 't', entryNumbers: ['4000'], start: 'bye', nodes: { bye: { type: 'hangup' } } }, 'v2');
    let err: unknown;
    try {
      step(other, initialState(everyNode), { type: 'start', callerNumber: '1', calledNumber: '2' }, 0);
    } catch (e) {
      err = e;
    }
    expect(isHotlineError(err, 'FLOW_VERSION_MISMATCH')).toBe(true);
  });

  it('a loop the validator would refuse is stopped, not spun forever', () => {
    const flow = flowFrom({ name: 't', entryNumbers: ['4000'], start: 'a', nodes: { a: { type: 'goto', target: 'b' }, b: { type: 'goto', target: 'a' } } });
    const call = new TestCall(flow, 0);
    call.start();
    expect(call.get('hangup')).toBeDefined();
    expect(call.ended().endedIn).toBe('failed');
  });

  it('interpreterFor binds a flow version', () => {
    const it2 = interpreterFor(everyNode);
    const r = it2.step(it2.initialState(), { type: 'start', callerNumber: '13900000001', calledNumber: '4008000002' }, monday10);
    expect(r.state.flowVersion).toBe(everyNode.version);
    expect(r.commands).toContainEqual({ type: 'enqueue', group: 'vip', priority: 9 });
  });
});
