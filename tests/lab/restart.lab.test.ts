import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { placeCall } from '../../src/lab/sipp-caller.js';
import { callerTarget, freePort, labConfig, spawnService, waitFor } from './support.js';

describe('the service restarts while a call is in Stasis', () => {
  it.each([['SIGTERM'], ['SIGKILL']] as const)('after %s the new process reconciles the call and completes its record', async (signal) => {
    const port = await freePort();
    const config = labConfig((c) => {
      c.service.port = port;
    });
    const first = await spawnService(config);
    // Key 1 reaches the first process; 2 and # come after the restart (about 10 s later: a new process compiles
    // the sources with tsx first, slower when the machine is busy); then the caller hangs up.
    const call = placeCall({
      ...callerTarget(config),
      number: '4008001234',
      from: '13800138000',
      keys: '1,,,,,,,,,,2#',
      firstKeyAfterMs: 1000,
      hangup: { kind: 'after-answer', afterMs: 15_000 },
    });
    const db = new Database(config.store.path, { readonly: true, fileMustExist: false });
    const row = () => db.prepare('SELECT * FROM calls ORDER BY id DESC LIMIT 1').get() as Record<string, unknown> | undefined;
    try {
      await waitFor(() => row()?.digits === '1', 8000, 'the first key in the record');
      expect(await first.kill(signal)).not.toBeUndefined();
      const second = await spawnService(config);
      try {
        const report = await call;
        expect(report.outcome).toBe('answered');
        expect(report.hungUpBy).toBe('caller');
        const done = await waitFor(() => {
          const r = row();
          return r?.ended_at ? r : null;
        }, 10_000, 'the record to close');
        expect(done).toMatchObject({ direction: 'inbound', caller_number: '13800138000', reconciled: 'restart-entry', cause_code: 16, outcome: 'answered' });
        expect(done.digits).toBe('12#');
        const path = (JSON.parse(done.ivr_path as string) as Array<{ node: string }>).map((s) => s.node);
        expect(path).toEqual(['welcome', 'dtmf', 'welcome-restarted', 'dtmf', 'dtmf']);
        expect(done.answered_at).not.toBeNull();
        expect(db.prepare('SELECT COUNT(*) AS n FROM calls').get()).toEqual({ n: 1 });
      } finally {
        await second.kill('SIGTERM');
      }
    } finally {
      db.close();
    }
  });
});
