import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadFlowFileOrThrow } from '../../../src/ivr/load-flow.js';
import { shanghai, TestCall } from '../ivr-harness.js';

const flow = loadFlowFileOrThrow(join(import.meta.dirname, '../../../config/ivr/hotline.yaml'));
const open = shanghai('2026-11-25T10:00:00'); // a Wednesday
const evening = shanghai('2026-11-25T21:30:00');
const nationalDay = shanghai('2026-10-02T10:00:00');

/** A call at the main menu, its prompt played, waiting for a key. */
function atMenu(now = open, caller = '13800138000'): TestCall {
  const call = new TestCall(flow, now);
  call.start(caller);
  call.played();
  return call;
}

describe('sample hotline: routing', () => {
  it('opens with the Mandarin menu, barge-in allowed, and the English offer in an English voice', () => {
    const call = new TestCall(flow, open);
    call.start();
    expect(call.path()).toEqual(['vip_check', 'hours', 'main_menu']);
    const play = call.get('play');
    expect(play.bargeIn).toBe(true);
    expect(play.media[0]).toEqual({ tts: { text: '您好，欢迎致电400服务热线。', lang: 'zh' } });
    expect(play.media.at(-1)).toEqual({ tts: { text: 'For English, press 9.', lang: 'en' } });
  });

  it.each([
    ['1', 'consult', 0],
    ['2', 'repair', 0],
    ['3', 'complaint', 1],
    ['0', 'general', 0],
  ])('key %s reaches the %s queue', (key, group, priority) => {
    const call = atMenu();
    call.key(key);
    expect(call.get('log-path')).toEqual({ type: 'log-path', node: 'main_menu', key, note: 'chosen' });
    call.playAll();
    expect(call.get('enqueue')).toEqual({ type: 'enqueue', group, priority });
    call.send({ type: 'queue-result', outcome: 'answered' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'agent', keys: 1 });
    expect(call.find('hangup', call.all)).toBeUndefined();
  });

  it.each([
    ['1', 'elderly-care'],
    ['2', 'renovation'],
    ['3', 'rentals'],
    ['4', 'education'],
    ['5', 'finance'],
  ])('key 5 then %s reaches the new-business queue for %s', (key, line) => {
    const call = atMenu();
    call.key('5');
    expect(call.spoken()[0]).toMatch(/^养老服务请按1/);
    call.key(key);
    expect(call.get('enqueue').group).toBe('new-business');
    expect(call.state.vars.businessLine).toBe(line);
  });

  it('a key during the menu prompt stops it (barge-in)', () => {
    const call = new TestCall(flow, open);
    call.start();
    const playing = call.state.playing!;
    call.key('1');
    expect(call.last[0]).toEqual({ type: 'stopPlayback', id: playing });
  });

  it('key 9 switches to English; the rest of the call speaks English', () => {
    const call = atMenu();
    call.key('9');
    expect(call.state.language).toBe('en');
    expect(call.spoken()[0]).toMatch(/^For enquiries press 1/);
    call.played();
    call.key('1');
    expect(call.get('play').media).toEqual([{ tts: { text: 'Connecting you to enquiries, please hold.', lang: 'en' } }]);
    call.playAll();
    expect(call.get('enqueue').group).toBe('consult');
  });

  it('a VIP caller goes straight to the VIP queue, even after hours', () => {
    const call = new TestCall(flow, evening);
    call.start('13900000001');
    expect(call.path()).toEqual(['vip_check', 'vip_welcome']);
    call.playAll();
    expect(call.get('enqueue')).toEqual({ type: 'enqueue', group: 'vip', priority: 9 });
  });
});

describe('sample hotline: invalid and missing keys', () => {
  it('an invalid key gives the invalid prompt and the menu again, twice, then the fallback (agent)', () => {
    const call = atMenu();
    for (let i = 0; i < 2; i += 1) {
      call.key('7');
      expect(call.spoken().slice(0, 2)).toEqual(['对不起，您的输入有误。', '您好，欢迎致电400服务热线。']);
      expect(call.get('play').bargeIn).toBe(true);
      call.played();
    }
    call.key('7');
    // The last invalid prompt plays alone, without barge-in, before the fallback.
    expect(call.get('play')).toMatchObject({ media: [{ tts: { text: '对不起，您的输入有误。' } }], bargeIn: false });
    expect(call.find('log-path')).toEqual({ type: 'log-path', node: 'main_menu', key: '7', note: 'invalid' });
    call.played();
    expect(call.state.node).toBe('agent');
    call.playAll();
    expect(call.get('enqueue').group).toBe('general');
  });

  it('no key gives the timeout prompt and the menu again, then the fallback', () => {
    const call = atMenu();
    expect(call.get('startTimer').ms).toBe(6000);
    call.timeout();
    expect(call.spoken()[0]).toBe('对不起，我们没有收到您的按键。');
    call.played();
    call.timeout();
    call.played();
    call.timeout();
    expect(call.spoken()).toEqual(['对不起，我们没有收到您的按键。']);
    call.played();
    expect(call.path().slice(-1)).toEqual(['agent']);
    const notes = call.all.filter((c) => c.type === 'log-path' && c.node === 'main_menu').map((c) => (c.type === 'log-path' ? c.note : ''));
    expect(notes).toEqual([undefined, 'timeout', 'timeout', 'timeout', 'exhausted']);
  });

  it('a key after a wrong one still counts: the retry resets nothing but the prompt', () => {
    const call = atMenu();
    call.key('8');
    call.played();
    call.key('2');
    call.playAll();
    expect(call.get('enqueue').group).toBe('repair');
  });
});

describe('sample hotline: business hours', () => {
  it.each([
    ['07:59', 'after_hours'],
    ['08:00', 'main_menu'],
    ['19:59', 'main_menu'],
    ['20:00', 'after_hours'],
  ])('at %s the caller reaches %s', (time, node) => {
    const call = new TestCall(flow, shanghai(`2026-11-25T${time}:00`));
    call.start();
    expect(call.state.node).toBe(node);
  });

  it('after hours: the after-hours message, a complaint message, then a callback on the caller number', () => {
    const call = new TestCall(flow, evening);
    call.start();
    expect(call.spoken()[0]).toMatch(/非工作时间/);
    call.playAll();
    expect(call.state.node).toBe('after_hours_menu');
    call.key('1');
    call.playAll();
    const rec = call.get('record');
    expect(rec).toMatchObject({ maxS: 120, maxSilenceS: 10, beep: true, terminateOn: '#' });
    call.send({ type: 'recording-finished', id: rec.id, name: 'msg-1', durationS: 14.2 });
    expect(call.state.vars.complaintRecording).toBe('msg-1');
    expect(call.path().slice(-2)).toEqual(['complaint_callback_offer', 'callback/offer']);
    expect(call.spoken()).toContain('digits:13800138000');
    call.key('1');
    expect(call.get('createCallback')).toEqual({ type: 'createCallback', number: '13800138000', reason: 'complaint' });
    call.send({ type: 'callback-created' });
    expect(call.spoken()).toEqual(['已为您登记回电，我们会尽快与您联系。']);
    call.played();
    expect(call.path().slice(-2)).toEqual(['callback/done', 'goodbye']);
    call.played();
    expect(call.get('hangup')).toEqual({ type: 'hangup', reason: 'normal' });
    expect(call.ended().endedIn).toBe('callback');
  });

  it('after hours, a caller who just hangs up ended in the after-hours message', () => {
    const call = new TestCall(flow, evening);
    call.start();
    call.send({ type: 'hangup' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'after-hours', keys: 0 });
  });

  it('after hours, no choice: goodbye and the call record says after-hours', () => {
    const call = new TestCall(flow, evening);
    call.start();
    call.playAll();
    call.timeout();
    call.played();
    call.timeout();
    call.playAll();
    expect(call.ended().endedIn).toBe('after-hours');
    expect(call.find('hangup', call.all)).toBeDefined();
  });

  it('on a holiday the holiday greeting plays', () => {
    const call = new TestCall(flow, nationalDay);
    call.start();
    expect(call.path()).toEqual(['vip_check', 'hours', 'holiday_greeting']);
    expect(call.all).toContainEqual({ type: 'log-path', node: 'hours', note: 'holiday' });
  });
});

describe('sample hotline: work-order status (collect and lookup)', () => {
  function atCollect(): TestCall {
    const call = atMenu();
    call.key('4');
    expect(call.state.node).toBe('order_number');
    call.played();
    return call;
  }

  it('collects the number up to # and says its status from the lookup', () => {
    const call = atCollect();
    expect(call.get('startTimer').ms).toBe(8000);
    call.keys('123456');
    expect(call.get('startTimer').ms).toBe(4000);
    call.key('#');
    const lookup = call.get('lookup');
    expect(lookup).toMatchObject({ url: '/api/work-orders/lookup', params: { orderNo: '123456' }, timeoutMs: 2000 });
    expect(call.get('startTimer').ms).toBe(2000);
    call.send({ type: 'lookup-result', id: lookup.id, ok: true, data: { status: 'in-progress' } });
    expect(call.spoken()).toEqual(['工单', 'digits:123456', '的状态是：']);
    call.played();
    expect(call.spoken()).toEqual(['正在处理中。']);
    call.played();
    expect(call.state.node).toBe('order_more');
    // The digits never reach the path: they could be anyone's number.
    expect(JSON.stringify(call.all.filter((c) => c.type === 'log-path'))).not.toContain('123456');
  });

  it('an unknown order gets a clear message', () => {
    const call = atCollect();
    call.keys('999999#');
    call.send({ type: 'lookup-result', id: call.get('lookup').id, ok: false });
    expect(call.state.node).toBe('order_unknown');
  });

  it.each([
    ['the lookup fails', (c: TestCall) => c.send({ type: 'lookup-failed', id: c.state.pending! })],
    ['the lookup times out', (c: TestCall) => c.timeout()],
  ])('%s: the error fallback, and a late answer is ignored', (_what, fail) => {
    const call = atCollect();
    call.keys('123456#');
    const id = call.state.pending!;
    fail(call);
    expect(call.state.node).toBe('order_error');
    expect(call.send({ type: 'lookup-result', id, ok: true, data: { status: 'completed' } })).toEqual([]);
    expect(call.state.node).toBe('order_error');
  });

  it('the inter-digit time-out ends the entry without #', () => {
    const call = atCollect();
    call.keys('1234567');
    call.timeout();
    expect(call.get('lookup').params).toEqual({ orderNo: '1234567' });
  });

  it('maxLength ends the entry on its own', () => {
    const call = atCollect();
    call.keys('123456789012');
    expect(call.get('lookup').params).toEqual({ orderNo: '123456789012' });
  });

  it('too few digits: the invalid prompt and the question again; then the fallback', () => {
    const call = atCollect();
    call.keys('123#');
    expect(call.spoken()).toEqual(['工单号应为6到12位数字。', '请输入您的工单号，以井号键结束。']);
    call.played();
    call.keys('12#');
    call.played();
    call.keys('1#');
    call.played();
    expect(call.state.node).toBe('agent');
  });

  it('no digit at all: the timeout prompt', () => {
    const call = atCollect();
    call.timeout();
    expect(call.spoken()[0]).toBe('我们没有收到您的输入。');
  });

  it('star goes back to the menu in the language of the call', () => {
    const call = atMenu();
    call.key('9');
    call.played();
    call.key('4');
    call.played();
    call.keys('123456#');
    call.send({ type: 'lookup-result', id: call.get('lookup').id, ok: true, data: { status: 'completed' } });
    expect(call.spoken()).toEqual(['Work order', 'digits:123456', 'is']);
    call.playAll();
    expect(call.state.node).toBe('order_more');
    call.key('*');
    expect(call.state.node).toBe('en_menu');
  });
});

describe('sample hotline: queue outcomes and the callback subflow', () => {
  it('queue overflow offers a callback through the subflow; another number can be keyed', () => {
    const call = atMenu();
    call.key('1');
    call.playAll();
    call.send({ type: 'queue-result', outcome: 'overflow' });
    expect(call.state.scope).toBe('callback');
    expect(call.state.stack).toEqual([{ scope: '', node: 'queue_full_callback' }]);
    call.key('2');
    expect(call.spoken()).toEqual(['请输入回电号码，以井号键结束。']);
    call.keys('02112345678#');
    expect(call.get('createCallback')).toEqual({ type: 'createCallback', number: '02112345678', reason: 'queue-overflow' });
    call.send({ type: 'callback-created' });
    call.played();
    // Back from the subflow at the caller's next node.
    expect(call.state.scope).toBe('');
    expect(call.state.node).toBe('goodbye');
    expect(call.state.stack).toEqual([]);
  });

  it('declining the callback returns from the subflow to goodbye', () => {
    const call = atMenu();
    call.key('0');
    call.playAll();
    call.send({ type: 'queue-result', outcome: 'timeout' });
    call.key('3');
    expect(call.path().slice(-3)).toEqual(['callback/offer', 'callback/done', 'goodbye']);
    expect(call.state.node).toBe('goodbye');
    call.played();
    expect(call.ended().endedIn).toBe('hangup');
  });

  it('a caller with no usable number is asked for one straight away', () => {
    const call = atMenu(open, 'anonymous');
    call.key('1');
    call.playAll();
    call.send({ type: 'queue-result', outcome: 'overflow' });
    expect(call.state.sub).toBe('number');
  });

  it('a caller who hangs up in the queue abandoned it', () => {
    const call = atMenu();
    call.key('2');
    call.playAll();
    call.send({ type: 'hangup' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'queue-abandon', keys: 1 });
  });

  it('a caller who hangs up in the first menu without a key (a misdial to classify)', () => {
    const call = atMenu();
    call.send({ type: 'hangup' });
    expect(call.ended()).toEqual({ type: 'end', endedIn: 'caller-hangup', keys: 0 });
    expect(call.find('hangup', call.all)).toBeUndefined();
    expect(call.find('cancelTimer')).toBeDefined();
    expect(call.send({ type: 'dtmf', digit: '1' })).toEqual([]);
  });

  it('a failed callback goes to onFail', () => {
    const call = atMenu();
    call.key('1');
    call.playAll();
    call.send({ type: 'queue-result', outcome: 'overflow' });
    call.key('1');
    call.send({ type: 'callback-failed' });
    expect(call.state.node).toBe('goodbye');
  });
});
