import { describe, expect, it } from 'vitest';
import { nodePicker } from '../../../src/service/node-ports.js';
import { FakeClock } from '../support/shell-stubs.js';

const node = (name: string, over: Record<string, number> = {}) => ({ name, ariUrl: `http://${name}:8088`, username: 'u', password: 'p', sip: { host: '127.0.0.1', port: 5060 }, weight: 1, maxCallsPerSecond: 50, ...over });

describe('nodePicker', () => {
  it('places on the connected node with the fewest channels', () => {
    const pick = nodePicker([node('n1'), node('n2')], new FakeClock(0));
    expect(pick([{ name: 'n1', connected: true, channels: 4 }, { name: 'n2', connected: true, channels: 1 }])).toBe('n2');
    expect(pick([{ name: 'n1', connected: true, channels: 0 }, { name: 'n2', connected: false, channels: 0 }])).toBe('n1');
    expect(pick([])).toBeNull();
  });

  it("counts its own dials against each node's calls-per-second, and frees the slot a second later", () => {
    const clock = new FakeClock(10_000);
    const pick = nodePicker([node('n1', { maxCallsPerSecond: 2 })], clock);
    const states = [{ name: 'n1', connected: true, channels: 0 }];
    expect([pick(states), pick(states), pick(states)]).toEqual(['n1', 'n1', null]);
    clock.advance(1000);
    expect(pick(states)).toBe('n1');
  });
});
