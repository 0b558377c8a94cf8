/** The live conversation passes to a transfer's target agent (issue 13): the first agent's parting no longer ends it. */
import { describe, expect, it } from 'vitest';
import { CallRecordings } from '../../../src/recordings/call-recordings.js';
import { openDb } from '../../../src/store/db.js';
import { RecordingsRepo } from '../../../src/store/recordings-repo.js';
import { FakeClock, silentLog } from '../support/shell-stubs.js';

function recordings() {
  return new CallRecordings({
    port: { recordBridge: async () => undefined },
    recordings: new RecordingsRepo(openDb(':memory:')),
    calls: { get: () => undefined },
    attempts: { byChannel: () => undefined },
    campaigns: { find: () => undefined },
    settings: { inbound: 'none', byEntryNumber: {} },
    dir: '/nonexistent',
    clock: new FakeClock(1_000_000),
    log: silentLog,
  });
}

describe('CallRecordings conversations handed over', () => {
  it('names the new agent and leg; the first agent leaving ends nothing, the new one leaving ends it', () => {
    const r = recordings();
    const firstParted = r.bridged({ channelId: 'cust', legId: 'leg-a1', bridgeId: 'br', agentId: 'a1', handOff: () => undefined });
    const handOff = () => undefined;
    const parted = r.handedOver('cust', { legId: 'xfer-1', agentId: 'a2', handOff });
    expect(r.conversation('xfer-1')).toMatchObject({ channelId: 'cust', legId: 'xfer-1', bridgeId: 'br', agentId: 'a2', handOff });
    expect(r.conversation('leg-a1')).toBeUndefined();
    firstParted();
    expect(r.conversation('cust')).toMatchObject({ agentId: 'a2' });
    parted();
    expect(r.conversation('cust')).toBeUndefined();
  });

  it('a conversation already over is not brought back', () => {
    const r = recordings();
    r.bridged({ channelId: 'cust', legId: 'leg-a1', bridgeId: 'br', agentId: 'a1' })();
    r.handedOver('cust', { legId: 'xfer-1', agentId: 'a2' })();
    expect(r.conversation('cust')).toBeUndefined();
  });
});
