import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { TelephonyEvent } from '../../src/ari/port.js';
import { buildHttp } from '../../src/http/app.js';
import { promptUri } from '../../src/prompts/prompt-uri.js';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { callerTarget, closedRecord, freePort, labConfig, startLabService, waitFor } from './support.js';

describe('the telephony port drives a real call', () => {
  it('plays sounds, digits, numbers and HTTP prompts, stops, holds, records, bridges, and continues in the dialplan', async () => {
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
      c.prompts.dir = join(c.store.path, '..', 'prompts');
    });
    mkdirSync(config.prompts.dir, { recursive: true });
    execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', join(config.prompts.dir, 'beep.wav'), 'synth', '0.5', 'sine', '800']);
    const { service } = await startLabService(config);
    const http = buildHttp(service);
    await http.listen({ host: '127.0.0.1', port });
    const events: TelephonyEvent[] = [];
    service.port.onEvent((e) => events.push(e));
    const finished = (id: string) =>
      waitFor(() => events.find((e) => e.type === 'playback-finished' && e.playbackId === id) as Extract<TelephonyEvent, { type: 'playback-finished' }> | undefined, 15_000, `playback ${id}`);
    try {
      const call = placeCall({ ...callerTarget(config), number: '4008001234', from: '13800138000', hangup: { kind: 'far-end', maxMs: 40_000 } });
      const arrived = await waitFor(() => events.find((e) => e.type === 'answered'), 10_000, 'the call to be answered');
      const ch = arrived.channelId;

      expect((await finished(await service.port.play(ch, ['digits:123', 'number:42']))).failed).toBe(false);
      expect((await finished(await service.port.play(ch, [promptUri(service.promptBaseUrl(), 'beep.wav')]))).failed).toBe(false);
      expect((await finished(await service.port.play(ch, [promptUri(service.promptBaseUrl(), 'missing.wav')]))).failed).toBe(true);

      const long = await service.port.play(ch, ['sound:tt-monkeys']);
      await waitFor(() => events.find((e) => e.type === 'playback-started' && e.playbackId === long), 5000, 'the long prompt to start');
      const t0 = Date.now();
      await service.port.stopPlayback(long);
      await finished(long);
      expect(Date.now() - t0).toBeLessThan(2000);

      // Music on hold starts and stops without a playback of its own.
      await service.port.startMoh(ch);
      await service.port.stopMoh(ch);

      await service.port.record(ch, { name: `lab-${Date.now()}`, maxDurationS: 1, beep: false, terminateOn: 'none' });
      const rec = await waitFor(() => events.find((e) => e.type === 'recording-finished' && e.channelId === ch), 10_000, 'the recording');
      expect(rec).toBeTruthy();

      const bridge = await service.port.createBridge();
      await service.port.addToBridge(bridge, [ch]);
      expect((await service.port.bridgedChannels()).has(ch)).toBe(true);
      await service.port.removeFromBridge(bridge, [ch]);
      await service.port.destroyBridge(bridge);
      expect((await service.port.bridgedChannels()).has(ch)).toBe(false);

      // Out of the app into the fallback context: its prompt plays and the dialplan hangs up.
      await service.port.continueInDialplan(ch, { context: 'hotline-app-down', extension: 's' });
      const report = await call;
      expect(report.hungUpBy).toBe('far-end');
      const row = await closedRecord(service, ch);
      expect(row.causeCode).toBe(16);
    } finally {
      await http.close();
      await service.stop();
    }
  });
});
