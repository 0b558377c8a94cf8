import { describe, expect, it } from 'vitest';
import { edgeActions, edgeChange, type EdgeChange, type EdgeReading } from '../../../src/ari/edge-restart.js';

const up = (upSince: string, uptimeS: number): EdgeReading => ({ kind: 'up', upSince, uptimeS });
const down: EdgeReading = { kind: 'down' };
const t0 = 'Mon Dec  7 21:00:00 2026\n';
const t1 = 'Mon Dec  7 21:05:00 2026\n';

describe('edgeChange', () => {
  const cases: Array<[string, EdgeReading | undefined, EdgeReading, EdgeChange]> = [
    ['first answer', undefined, up(t0, 10), 'first-seen'],
    ['no answer at all yet', undefined, down, 'unreachable'],
    ['same start, uptime grew', up(t0, 10), up(t0, 15), 'same'],
    ['same start, same uptime (two probes in one second)', up(t0, 10), up(t0, 10), 'same'],
    ['start time changed', up(t0, 300), up(t1, 2), 'restarted'],
    ['start time changed, uptime grew anyway', up(t0, 1), up(t1, 5), 'restarted'],
    ['same start text, uptime went backwards (restart within the second)', up(t0, 10), up(t0, 0), 'restarted'],
    ['stopped answering', up(t0, 10), down, 'unreachable'],
    ['still not answering', down, down, 'still-unreachable'],
    ['answers again', down, up(t1, 1), 'back'],
    ['answers again with the old start', down, up(t0, 20), 'back'],
  ];
  it.each(cases)('%s', (_what, last, next, change) => {
    expect(edgeChange(last, next)).toBe(change);
  });
});

describe('edgeActions', () => {
  it('sets the digests again only when the edge restarted or came back', () => {
    const repush = Object.entries(edgeActions).filter(([, a]) => a.repush).map(([c]) => c);
    expect(repush.sort()).toEqual(['back', 'restarted']);
  });

  it('warns once when the edge goes, not on every probe of the outage', () => {
    expect(edgeActions.unreachable.log).toBe('warn');
    expect(edgeActions['still-unreachable'].log).toBeNull();
    expect(edgeActions.same.log).toBeNull();
  });
});
