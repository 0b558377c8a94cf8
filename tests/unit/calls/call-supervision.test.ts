import { describe, expect, it } from 'vitest';
import { CallSupervision } from '../../../src/calls/call-supervision.js';
import { isHotlineError } from '../../../src/errors.js';
import type { LiveConversation } from '../../../src/recordings/call-recordings.js';
import { FakeClock, settle, silentLog, StubTelephony } from '../support/shell-stubs.js';

const conv: LiveConversation = { channelId: 'cust', legId: 'leg', bridgeId: 'br', agentId: '1001', mode: 'none', recordingId: null };

function harness() {
  const clock = new FakeClock(1_000_000);
  const t = new StubTelephony(clock);
  const ended: string[] = [];
  const sup = new CallSupervision({
    port: t.port,
    conversation: (id) => (id === 'cust' || id === 'leg' ? conv : undefined),
    clock,
    log: silentLog,
    answerTimeoutS: 20,
    onEnded: (e) => ended.push(`${e.channelId} ${e.agentId} ${e.endpoint} ${e.why}`),
  });
  /** The supervisor's phone answers once the originate is made. */
  const answer = async () => {
    await settle();
    const [req] = t.made('originate').at(-1) as [{ channelId: string }];
    t.event({ type: 'answered', channelId: req.channelId, at: clock.now() });
    return req.channelId;
  };
  const ops = (from = 0) => t.calls.slice(from).map((c) => `${c.op} ${JSON.stringify(c.args)}`);
  return { clock, t, sup, answer, ops, ended };
}

describe('CallSupervision', () => {
  it('listens muted through one snoop on the agent leg, whispers by unmuting, barges into the call bridge, stops', async () => {
    const h = harness();
    const started = h.sup.start('leg', 'listen', 'sup1');
    const legId = await h.answer();
    expect(legId.startsWith('sv-leg-cust-')).toBe(true);
    expect(await started).toEqual({ channelId: 'cust', agentId: '1001', mode: 'listen', endpoint: 'sup1', setupMs: 0 });
    const [orig] = h.t.made('originate')[0] as [Record<string, unknown>];
    expect(orig).toMatchObject({ endpoint: 'PJSIP/sup1', amd: false, near: 'cust', timeoutS: 20, variables: { 'PJSIP_HEADER(add,X-Hotline-Call)': 'monitor' } });
    const bridge = (h.t.made('createBridge')[0] as [string])[0];
    // Muted before the snoop joins: not a word of the supervisor can reach the agent while listening.
    const mutedAt = h.t.calls.findIndex((c) => c.op === 'mute');
    const snoopAt = h.t.calls.findIndex((c) => c.op === 'snoop');
    expect(h.t.calls[mutedAt]!.args).toEqual([legId, 'in']);
    expect(mutedAt).toBeLessThan(snoopAt);
    expect(h.t.made('snoop')).toEqual([['leg', { snoopId: 'sv-snoop-cust-1', spy: 'both', whisper: 'out' }]]);
    expect(h.t.made('addToBridge')).toEqual([[bridge, [legId]], [bridge, ['sv-snoop-cust-1']]]);
    expect(h.sup.monitoredMode('1001')).toBe('listen');

    // Listen ↔ whisper keeps the snoop: only the supervisor's leg is unmuted and muted again.
    let mark = h.t.calls.length;
    expect((await h.sup.switch('cust', 'whisper')).mode).toBe('whisper');
    expect(h.ops(mark)).toEqual([`unmute ["${legId}","in"]`]);
    mark = h.t.calls.length;
    expect((await h.sup.switch('cust', 'listen')).mode).toBe('listen');
    expect(h.ops(mark)).toEqual([`mute ["${legId}","in"]`]);
    mark = h.t.calls.length;
    await h.sup.switch('cust', 'whisper');
    expect(h.ops(mark)).toEqual([`unmute ["${legId}","in"]`]);

    // Barge hangs the one snoop up.
    mark = h.t.calls.length;
    expect((await h.sup.switch('cust', 'barge')).mode).toBe('barge');
    expect(h.ops(mark)).toEqual([`removeFromBridge ["${bridge}",["sv-snoop-cust-1"]]`, 'hangup ["sv-snoop-cust-1"]', `removeFromBridge ["${bridge}",["${legId}"]]`, `addToBridge ["br",["${legId}"]]`]);

    // Back to listening: muted first, out of the call's bridge, a new snoop (the only replacement there is).
    mark = h.t.calls.length;
    expect((await h.sup.switch('cust', 'listen')).mode).toBe('listen');
    expect(h.ops(mark)).toEqual([
      `mute ["${legId}","in"]`,
      `removeFromBridge ["br",["${legId}"]]`,
      `addToBridge ["${bridge}",["${legId}"]]`,
      'snoop ["leg",{"snoopId":"sv-snoop-cust-2","spy":"both","whisper":"out"}]',
      `addToBridge ["${bridge}",["sv-snoop-cust-2"]]`,
    ]);

    mark = h.t.calls.length;
    expect((await h.sup.stop('cust')).mode).toBeNull();
    // A stop asked for is audited by the API; the hang-ups it makes are not reported as ends of their own.
    await settle();
    expect(h.ended).toEqual([]);
    expect(h.ops(mark).sort()).toEqual([`removeFromBridge ["${bridge}",["sv-snoop-cust-2"]]`, 'hangup ["sv-snoop-cust-2"]', `destroyBridge ["${bridge}"]`, `hangup ["${legId}"]`].sort());
    expect(h.sup.count()).toBe(0);
    expect(h.sup.monitoredMode('1001')).toBeNull();
    expect(h.t.made('snoop')).toHaveLength(2);
    // Snoops whose hang-up was never seen are asked again once, a second later.
    h.clock.advance(1000);
    expect(h.t.made('hangup').filter(([id]) => id === 'sv-snoop-cust-1')).toHaveLength(2);
    expect(h.t.port.watchedChannels()).toBe(0);
  });

  it('one supervisor per call: a second start is MONITOR_ACTIVE; a switch of an unmonitored call MONITOR_NOT_ACTIVE', async () => {
    const h = harness();
    const err = await h.sup.switch('cust', 'barge').catch((e: unknown) => e);
    expect(isHotlineError(err, 'MONITOR_NOT_ACTIVE')).toBe(true);
    const s = h.sup.start('cust', 'listen', 'sup1');
    await h.answer();
    await s;
    const again = await h.sup.start('cust', 'barge', 'sup2').catch((e: unknown) => e);
    expect(isHotlineError(again, 'MONITOR_ACTIVE')).toBe(true);
    expect(h.t.made('originate')).toHaveLength(1);
  });

  it('refuses a call not talking to an agent with CALL_NOT_BRIDGED', () => {
    const h = harness();
    let err: unknown;
    try {
      void h.sup.start('nobody', 'listen', 'sup1');
    } catch (e) {
      err = e;
    }
    expect(isHotlineError(err, 'CALL_NOT_BRIDGED')).toBe(true);
  });

  it("a supervisor's phone that does not answer is MONITOR_PHONE_UNANSWERED and leaves nothing behind", async () => {
    const h = harness();
    const s = h.sup.start('cust', 'whisper', 'sup1').catch((e: unknown) => e);
    await settle();
    h.clock.advance(22_000);
    expect(isHotlineError(await s, 'MONITOR_PHONE_UNANSWERED')).toBe(true);
    expect(h.t.made('snoop')).toEqual([]);
    expect(h.sup.count()).toBe(0);
    // Never started, so nothing to audit as a stop.
    expect(h.ended).toEqual([]);
    expect(h.t.port.watchedChannels()).toBe(0);
  });

  it('the monitor ends when the call ends: the snoop and the supervisor leg are hung up', async () => {
    const h = harness();
    const s = h.sup.start('cust', 'listen', 'sup1');
    const legId = await h.answer();
    await s;
    h.t.end('cust');
    await settle();
    expect(h.t.made('hangup').map((a) => a[0]).sort()).toEqual([legId, 'sv-snoop-cust-1'].sort());
    expect(h.sup.count()).toBe(0);
    expect(h.ended).toEqual(['cust 1001 sup1 call ended']);
    expect(isHotlineError(await h.sup.stop('cust').catch((e: unknown) => e), 'MONITOR_NOT_ACTIVE')).toBe(true);
  });

  it('the monitor ends when the supervisor hangs up their phone', async () => {
    const h = harness();
    const s = h.sup.start('cust', 'barge', 'sup1');
    const legId = await h.answer();
    await s;
    h.t.event({ type: 'hung-up', channelId: legId, cause: 16, causeText: '', at: h.clock.now() });
    await settle();
    expect(h.sup.count()).toBe(0);
    expect(h.sup.monitoredMode('1001')).toBeNull();
    expect(h.ended).toEqual(['cust 1001 sup1 supervisor hung up']);
  });
});
