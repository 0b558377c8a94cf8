import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { monitorSteps, type MonitorRequest, type MonitorStep } from '../../../src/calls/monitor-plan.js';
import type { SupervisorMode } from '../../../src/calls/supervision-policy.js';

const listenSnoop: MonitorStep = { op: 'snoop', spy: 'both', whisper: 'none' };
const whisperSnoop: MonitorStep = { op: 'snoop', spy: 'both', whisper: 'out' };

describe('monitor steps', () => {
  it.each<[SupervisorMode | null, MonitorRequest, MonitorStep[]]>([
    [null, { kind: 'start', mode: 'listen' }, [{ op: 'dial' }, listenSnoop]],
    [null, { kind: 'start', mode: 'whisper' }, [{ op: 'dial' }, whisperSnoop]],
    [null, { kind: 'start', mode: 'barge' }, [{ op: 'dial' }, { op: 'join-call' }]],
    ['listen', { kind: 'switch', mode: 'whisper' }, [{ op: 'unsnoop' }, whisperSnoop]],
    ['whisper', { kind: 'switch', mode: 'listen' }, [{ op: 'unsnoop' }, listenSnoop]],
    ['listen', { kind: 'switch', mode: 'barge' }, [{ op: 'unsnoop' }, { op: 'join-call' }]],
    ['whisper', { kind: 'switch', mode: 'barge' }, [{ op: 'unsnoop' }, { op: 'join-call' }]],
    ['barge', { kind: 'switch', mode: 'listen' }, [{ op: 'leave-call' }, listenSnoop]],
    ['barge', { kind: 'switch', mode: 'whisper' }, [{ op: 'leave-call' }, whisperSnoop]],
    ['listen', { kind: 'switch', mode: 'listen' }, []],
    ['barge', { kind: 'switch', mode: 'barge' }, []],
    ['listen', { kind: 'stop' }, [{ op: 'unsnoop' }, { op: 'hang-up' }]],
    ['whisper', { kind: 'stop' }, [{ op: 'unsnoop' }, { op: 'hang-up' }]],
    ['barge', { kind: 'stop' }, [{ op: 'hang-up' }]],
  ])('from %s, %j: %j', (current, req, steps) => {
    expect(monitorSteps(current, req)).toEqual(steps);
  });

  it.each<[SupervisorMode | null, MonitorRequest, string]>([
    ['listen', { kind: 'start', mode: 'barge' }, 'MONITOR_ACTIVE'],
    ['barge', { kind: 'start', mode: 'barge' }, 'MONITOR_ACTIVE'],
    [null, { kind: 'switch', mode: 'whisper' }, 'MONITOR_NOT_ACTIVE'],
    [null, { kind: 'stop' }, 'MONITOR_NOT_ACTIVE'],
  ])('from %s, %j is refused with %s', (current, req, code) => {
    const r = monitorSteps(current, req);
    expect(isHotlineError(r, code as 'MONITOR_ACTIVE')).toBe(true);
  });
});
