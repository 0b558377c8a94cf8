/**
 * What `hotline call` says about the call beyond its SIP: the path it took through the flow and where it ended, from
 * the service's own call record (issue 15 item 8). Pure; the command finds the record.
 */
import type { CallRow } from '../store/calls-repo.js';

export type CallPathFacts = Pick<CallRow, 'ivrPath' | 'endedIn' | 'endedAt' | 'flowName' | 'flowVersion' | 'queueGroup' | 'queueWaitMs' | 'agentId' | 'nonRegular'>;

const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The flow's nodes in order, a node's consecutive steps as one with what happened there in brackets. */
export function pathLine(steps: CallRow['ivrPath']): string {
  const groups: Array<{ node: string; notes: string[] }> = [];
  for (const step of steps) {
    const last = groups[groups.length - 1];
    const g = last && last.node === step.node ? last : (groups.push({ node: step.node, notes: [] }), groups[groups.length - 1]!);
    const note = step.key !== undefined && step.note !== undefined ? `${step.key}: ${step.note}` : (step.key ?? step.note);
    if (note !== undefined) g.notes.push(note);
  }
  return groups.map((g) => (g.notes.length ? `${g.node} [${g.notes.join(', ')}]` : g.node)).join(' → ');
}

/** Where the call ended, with the queue and agent when it reached one. */
function endLine(c: CallPathFacts): string {
  if (c.endedAt === null && c.endedIn === null) return 'not yet (the service has not seen the call end)';
  const where = c.endedIn ?? 'unknown';
  const parts: string[] = [];
  if (c.agentId !== null) parts.push(`agent ${c.agentId}`);
  if (c.queueGroup !== null) parts.push(`queue ${c.queueGroup}${c.queueWaitMs !== null ? `, waited ${s(c.queueWaitMs)}` : ''}`);
  if (c.nonRegular !== null) parts.push(`non-regular: ${c.nonRegular}`);
  return parts.length ? `${where} (${parts.join(', ')})` : where;
}

/** The lines `hotline call` adds for the call's record, or the one line saying it has none. */
export function formatCallPath(c: CallPathFacts | undefined, dbPath: string): string[] {
  if (!c) return [`path:      no record of this call in ${dbPath} (is the service running with this config?)`];
  const flow = c.flowName !== null ? [`flow:      ${c.flowName}${c.flowVersion !== null ? ` ${c.flowVersion}` : ''}`] : [];
  return [...flow, `path:      ${c.ivrPath.length ? pathLine(c.ivrPath) : 'no flow steps'}`, `ended in:  ${endLine(c)}`];
}
