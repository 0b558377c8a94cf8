import { describe, expect, it } from 'vitest';
import type { AgentView, LiveChange, LiveSnapshot } from '../../../src/live/live-snapshot.js';
import { ownChange, ownSnapshot } from '../../../src/live/own-view.js';

const agent = (id: string, monitored: AgentView['monitored'] = null): AgentView => ({ id, name: id, state: 'on-call', since: 0, pauseReason: null, callId: `c${id}`, monitored });
const snap: LiveSnapshot = { at: 5, calls: [], queues: [], agents: [agent('1001', 'listen'), agent('1002')], campaigns: [] };

describe('an agent’s own part of the live feed', () => {
  it('keeps their row only, with the monitor mode when the centre shows it and null when not', () => {
    expect(ownSnapshot(snap, '1001', true)).toEqual({ at: 5, agent: agent('1001', 'listen') });
    expect(ownSnapshot(snap, '1001', false)).toEqual({ at: 5, agent: agent('1001', null) });
    expect(ownSnapshot(snap, '9999', true)).toEqual({ at: 5, agent: null });
  });

  const cases: Array<{ name: string; change: LiveChange; show: boolean; out: ReturnType<typeof ownChange> }> = [
    { name: 'their row set', change: { at: 7, agents: { set: [agent('1001', 'whisper')], removed: [] } }, show: true, out: { at: 7, agent: agent('1001', 'whisper') } },
    { name: 'their row set, mode hidden', change: { at: 7, agents: { set: [agent('1001', 'barge')], removed: [] } }, show: false, out: { at: 7, agent: agent('1001', null) } },
    { name: 'their row removed', change: { at: 8, agents: { set: [], removed: ['1001'] } }, show: true, out: { at: 8, agent: null } },
    { name: "another agent's row", change: { at: 9, agents: { set: [agent('1002', 'listen')], removed: ['1003'] } }, show: true, out: null },
    { name: 'calls only', change: { at: 9, calls: { set: [], removed: ['x'] } }, show: true, out: null },
  ];
  for (const c of cases) it(`a change: ${c.name}`, () => expect(ownChange(c.change, '1001', c.show)).toEqual(c.out));
});
