import { describe, expect, it } from 'vitest';
import { formatCallPath, pathLine, type CallPathFacts } from '../../../src/cli/call-path.js';

const base: CallPathFacts = { ivrPath: [], endedIn: null, endedAt: 1, flowName: 'hotline', flowVersion: '3', queueGroup: null, queueWaitMs: null, agentId: null, nonRegular: null };

describe('pathLine', () => {
  it.each([
    ['one node', [{ node: 'welcome', at: 0 }], 'welcome'],
    [
      'a menu choice, its steps folded into the node',
      [{ node: 'welcome', at: 0 }, { node: 'main_menu', at: 1 }, { node: 'main_menu', key: '4', note: 'chosen', at: 2 }, { node: 'order_lookup', key: '20260001#', at: 3 }, { node: 'order_status', note: 'found', at: 4 }],
      'welcome → main_menu [4: chosen] → order_lookup [20260001#] → order_status [found]',
    ],
    [
      'an invalid key then a choice, and coming back to a node',
      [{ node: 'main_menu', key: '9', note: 'invalid', at: 0 }, { node: 'main_menu', key: '1', note: 'chosen', at: 1 }, { node: 'sub', at: 2 }, { node: 'main_menu', at: 3 }],
      'main_menu [9: invalid, 1: chosen] → sub → main_menu',
    ],
  ])('%s', (_name, steps, want) => {
    expect(pathLine(steps)).toBe(want);
  });
});

describe('formatCallPath', () => {
  it('says the flow, the path and where a call answered by an agent ended', () => {
    const c = { ...base, ivrPath: [{ node: 'main_menu', key: '1', note: 'chosen', at: 0 }, { node: 'queue_general', at: 1 }], endedIn: 'agent', queueGroup: 'general', queueWaitMs: 3200, agentId: '1001' };
    expect(formatCallPath(c, 'h.db')).toEqual(['flow:      hotline 3', 'path:      main_menu [1: chosen] → queue_general', 'ended in:  agent (agent 1001, queue general, waited 3.2 s)']);
  });

  it.each([
    ['after hours', { ivrPath: [{ node: 'after_hours', at: 0 }], endedIn: 'caller-hangup' }, 'ended in:  caller-hangup'],
    ['a blocked caller, recorded as harassment', { endedIn: 'blocked', nonRegular: 'harassment' }, 'ended in:  blocked (non-regular: harassment)'],
    ['a call the service has not seen end', { endedAt: null }, 'ended in:  not yet (the service has not seen the call end)'],
  ])('%s', (_name, patch, want) => {
    expect(formatCallPath({ ...base, ...patch } as CallPathFacts, 'h.db').at(-1)).toBe(want);
  });

  it('says there are no steps, and leaves out an unknown flow', () => {
    expect(formatCallPath({ ...base, flowName: null, endedIn: 'caller-hangup' }, 'h.db')).toEqual(['path:      no flow steps', 'ended in:  caller-hangup']);
  });

  it('says when the database has no record of the call', () => {
    expect(formatCallPath(undefined, '/var/lib/hotline/h.db')).toEqual(['path:      no record of this call in /var/lib/hotline/h.db (is the service running with this config?)']);
  });
});
