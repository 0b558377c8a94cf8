import { describe, expect, it } from 'vitest';
import { isHotlineError } from '../../../src/errors.js';
import { monitorSteps, type MonitorRequest, type MonitorStep } from '../../../src/calls/monitor-plan.js';
import type { SupervisorMode } from '../../../src/calls/supervision-policy.js';

const snoop: MonitorStep = { op: 'snoop', spy: 'both', whisper: 'out' };
const mute: MonitorStep = { op: 'mute' };
const unmute: MonitorStep = { op: 'unmute' };

describe('monitor steps', () => {
  it.each<[SupervisorMode | null, MonitorRequest, MonitorStep[]]>([
    // Listen is the one whispering snoop with the supervisor muted before it joins; whisper the same, unmuted.
    [null, { kind: 'start', mode: 'listen' }, [{ op: 'dial' }, mute, snoop]],
    [null, { kind: 'start', mode: 'whisper' }, [{ op: 'dial' }, snoop]],
    [null, { kind: 'start', mode: 'barge' }, [{ op: 'dial' }, { op: 'join-call' }]],
    // Listen ↔ whisper never replaces the snoop.
    ['listen', { kind: 'switch', mode: 'whisper' }, [unmute]],
    ['whisper', { kind: 'switch', mode: 'listen' }, [mute]],
    // Barge hangs the snoop up once; the leg is unmuted after the snoop is gone, before it joins the call.
    ['listen', { kind: 'switch', mode: 'barge' }, [{ op: 'unsnoop' }, unmute, { op: 'join-call' }]],
    ['whisper', { kind: 'switch', mode: 'barge' }, [{ op: 'unsnoop' }, { op: 'join-call' }]],
    // Back from barge: muted before it leaves the call (the caller stops hearing them at once), then a new snoop.
    ['barge', { kind: 'switch', mode: 'listen' }, [mute, { op: 'leave-call' }, snoop]],
    ['barge', { kind: 'switch', mode: 'whisper' }, [{ op: 'leave-call' }, snoop]],
    ['listen', { kind: 'switch', mode: 'listen' }, []],
    ['whisper', { kind: 'switch', mode: 'whisper' }, []],
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
