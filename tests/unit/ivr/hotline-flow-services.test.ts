/** The sample hotline: the work-order look-up, queue outcomes and the callback subflow. */
import { describe, expect, it } from 'vitest';
import { TestCall } from '../ivr-harness.js';
import { atMenu, open } from './hotline-fixture.js';

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
