import { describe, expect, it } from 'vitest';
import { HotlineError } from '../../src/errors.js';
import { labConfig, startLabService } from './support.js';

describe('ARI adapter on the real Asterisk', () => {
  it('a channel that is already gone is a typed error, not a crash', async () => {
    const { service } = await startLabService(labConfig());
    try {
      for (const op of [
        () => service.port.answer('no-such-channel'),
        () => service.port.hangup('no-such-channel'),
        () => service.port.play('no-such-channel', ['sound:hello-world']),
      ]) {
        const err = await op().then(
          () => null,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(HotlineError);
        expect((err as HotlineError).code).toBe('CHANNEL_GONE');
      }
      expect(await service.port.channel('no-such-channel')).toBeNull();
      expect(await service.port.asteriskVersion()).toMatch(/^22\./);
    } finally {
      await service.stop();
    }
  });
});
