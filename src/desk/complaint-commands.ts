/**
 * Complaints as commands: open one (from a call or the API) and move it through the table of complaint-states.ts.
 * Each is one transaction with its audit entry (the complaint's history); a resolution also creates the callback to
 * the customer, which the callback intake hands to the dialer. A refusal writes nothing and names the field.
 */
import type { Principal } from '../auth/principal.js';
import type { Config } from '../config/schema.js';
import { HotlineError } from '../errors.js';
import type { CallRow } from '../store/calls-repo.js';
import type { ComplaintRow } from '../store/complaints-repo.js';
import type { Store } from '../store/store.js';
import { moveComplaint, type ComplaintAction } from './complaint-states.js';
import { pastToleranceMs } from './wrap-up.js';

export type ComplaintStore = Pick<Store, 'complaints' | 'callbacks' | 'audit' | 'transaction'>;

export interface NewComplaintInput {
  category: string;
  department: string;
  description: string;
  /** The number to call back; taken from the call when the complaint is opened from one. */
  callerNumber?: string | undefined;
  /** Overrides the category's deadline; never in the past. */
  dueAt?: number | undefined;
}

/** Registers a complaint; `call` is the call it came from (already checked as the principal's to see). */
export function openComplaint(store: ComplaintStore, desk: Config['desk'], p: Principal, input: NewComplaintInput, call: CallRow | undefined, now: number): ComplaintRow {
  const category = desk.complaintCategories.find((c) => c.key === input.category);
  if (!category) throw new HotlineError('BAD_REQUEST', `unknown complaint category "${input.category}"`, { key: 'category' });
  if (!desk.departments.some((d) => d.key === input.department)) throw new HotlineError('BAD_REQUEST', `unknown department "${input.department}"`, { key: 'department' });
  if (input.dueAt !== undefined && input.dueAt < now - pastToleranceMs) throw new HotlineError('BAD_REQUEST', 'the deadline is in the past', { key: 'dueAt' });
  const callerNumber = input.callerNumber ?? call?.callerNumber ?? null;
  if (!callerNumber) throw new HotlineError('BAD_REQUEST', 'a complaint needs the number to call the customer back', { key: 'callerNumber' });
  return store.transaction(() => {
    const id = store.complaints.insert({
      channelId: call?.channelId ?? null,
      callerNumber,
      category: category.key,
      department: input.department,
      description: input.description.trim(),
      dueAt: input.dueAt ?? now + category.resolveWithinH * 3_600_000,
      createdAt: now,
      createdBy: p.name,
    });
    const row = store.complaints.get(id)!;
    store.audit.record(p, { action: 'complaint.register', entity: 'complaint', entityId: id, summary: `${row.category} → ${row.department}`, after: row }, now);
    return row;
  });
}

/** Moves a complaint by the action; a resolution owes the customer a callback, made now. */
export function actOnComplaint(store: ComplaintStore, p: Principal, id: number, action: ComplaintAction, resolution: string | undefined, now: number): ComplaintRow {
  return store.transaction(() => {
    const before = store.complaints.get(id);
    if (!before) throw new HotlineError('NOT_FOUND', `no complaint #${id}`, { key: 'id' });
    const m = moveComplaint(before, action, resolution);
    if (m instanceof HotlineError) throw m;
    const callbackId = m.resolves
      ? store.callbacks.create({ number: before.callerNumber, reason: 'complaint-resolved', ...(before.channelId ? { sourceChannelId: before.channelId } : {}), dueAt: now, now })
      : null;
    store.complaints.move(id, { state: m.to, escalation: m.escalation, ...(m.resolves ? { resolution: resolution!.trim(), resolvedAt: now, callbackId } : {}) }, now);
    const after = store.complaints.get(id)!;
    store.audit.record(p, { action: `complaint.${action}`, entity: 'complaint', entityId: id, summary: `${before.state} → ${after.state}`, before, after }, now);
    return after;
  });
}
