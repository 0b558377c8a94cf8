import { describe, expect, it } from 'vitest';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { callerTarget, closedRecord, labConfig, startLabService } from './support.js';

describe('a caller dials the 400 hotline', () => {
  it('reaches the app, is answered, hears the prompt, and its keys arrive in order', async () => {
    const config = labConfig();
    const { service, logs } = await startLabService(config);
    const prompts: string[] = [];
    service.port.onEvent((e) => {
      if (e.type === 'playback-started') prompts.push(e.channelId);
    });
    try {
      const report = await placeCall({
        ...callerTarget(config),
        number: '4008001234',
        from: '13800138000',
        keys: '4,123456#',
        firstKeyAfterMs: 1500,
        hangup: { kind: 'after-answer', afterMs: 7000 },
      });
      expect(report.outcome).toBe('answered');
      expect(report.hungUpBy).toBe('caller');
      expect(report.keys.map((k) => k.key).join('')).toBe('4123456#');

      const row = await closedRecord(service);
      expect(row).toMatchObject({
        direction: 'inbound',
        callerNumber: '13800138000',
        calledNumber: '4008001234',
        entryNumber: '4008001234',
        digits: '4123456#',
        outcome: 'answered',
        causeCode: 16,
        hangupBy: 'remote',
      });
      expect(row.ivrPath.map((s) => s.key ?? s.node).join(' ')).toBe('welcome 4 1 2 3 4 5 6 #');
      // Timestamps in order, and within the SIPp caller's own view of the call.
      expect(row.startedAt).toBeLessThanOrEqual(row.answeredAt!);
      expect(row.answeredAt!).toBeLessThan(row.endedAt!);
      const talkMs = row.endedAt! - row.answeredAt!;
      expect(Math.abs(talkMs - report.durationMs!)).toBeLessThan(500);
      expect(prompts).toContain(row.channelId);

      const log = logs();
      expect(log).toContain('138****8000');
      expect(log).not.toContain('13800138000');
      expect(service.calls.size).toBe(0);
      expect(service.port.watchedChannels()).toBe(0);
    } finally {
      await service.stop();
    }
  });

  it('a caller who hangs up at once is recorded too', async () => {
    const config = labConfig();
    const { service } = await startLabService(config);
    try {
      // Gone during the first prompt: the record still closes with the caller's number and the cause.
      await placeCall({ ...callerTarget(config), number: '4008001234', from: '13912345678', hangup: { kind: 'after-answer', afterMs: 200 } });
      const row = await closedRecord(service);
      expect(row.callerNumber).toBe('13912345678');
      expect(row.causeCode).toBe(16);
    } finally {
      await service.stop();
    }
  });
});
