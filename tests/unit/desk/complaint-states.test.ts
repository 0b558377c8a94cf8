import { describe, expect, it } from 'vitest';
import { complaintActions, complaintStates, moveComplaint, type ComplaintAction, type ComplaintState } from '../../../src/desk/complaint-states.js';
import { HotlineError, isHotlineError } from '../../../src/errors.js';

/** The expected machine, written out by hand (not derived from the table it checks). */
const allowed: Record<ComplaintState, Partial<Record<ComplaintAction, ComplaintState>>> = {
  registered: { start: 'in-progress', escalate: 'escalated', resolve: 'resolved' },
  'in-progress': { escalate: 'escalated', resolve: 'resolved' },
  escalated: { escalate: 'escalated', resolve: 'resolved' },
  resolved: { 'call-back': 'called-back' },
  'called-back': { confirm: 'confirmed', reopen: 'reopened' },
  confirmed: {},
  reopened: { start: 'in-progress', escalate: 'escalated', resolve: 'resolved' },
};

const cases = complaintStates.flatMap((from) => complaintActions.map((action) => [from, action, allowed[from][action] ?? 'refused'] as const));

describe('complaint moves', () => {
  it.each(cases)('%s + %s → %s', (from, action, expected) => {
    const r = moveComplaint({ state: from, escalation: 0 }, action, 'fixed the leak');
    if (expected === 'refused') {
      expect(isHotlineError(r, 'COMPLAINT_BAD_TRANSITION')).toBe(true);
      expect((r as HotlineError).key).toBe('action');
      expect((r as HotlineError).details?.allowed).toEqual(Object.keys(allowed[from]));
    } else {
      expect(r).toMatchObject({ to: expected, resolves: action === 'resolve' });
    }
  });

  it('escalates agent → floor supervisor → business contact, and no further', () => {
    const once = moveComplaint({ state: 'in-progress', escalation: 0 }, 'escalate', undefined);
    expect(once).toEqual({ to: 'escalated', escalation: 1, resolves: false });
    expect(moveComplaint({ state: 'escalated', escalation: 1 }, 'escalate', undefined)).toEqual({ to: 'escalated', escalation: 2, resolves: false });
    const top = moveComplaint({ state: 'escalated', escalation: 2 }, 'escalate', undefined);
    expect(isHotlineError(top, 'COMPLAINT_BAD_TRANSITION')).toBe(true);
    expect((top as HotlineError).details?.allowed).toEqual(['resolve']);
  });

  it('keeps the level through a resolution and a reopening', () => {
    expect(moveComplaint({ state: 'escalated', escalation: 2 }, 'resolve', '换了水管')).toEqual({ to: 'resolved', escalation: 2, resolves: true });
  });

  it.each([undefined, '', '   '])('needs a resolution to resolve (%o), naming the field', (resolution) => {
    const r = moveComplaint({ state: 'in-progress', escalation: 0 }, 'resolve', resolution);
    expect(isHotlineError(r, 'BAD_REQUEST')).toBe(true);
    expect((r as HotlineError).key).toBe('resolution');
  });
});
