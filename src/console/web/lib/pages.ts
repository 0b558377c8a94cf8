/** Which console pages a token may open, from the permissions /api/v1/me lists. Pure. */
import type { Permission } from '../../../auth/roles.js';

export const pageIds = ['campaigns', 'wallboard', 'reports', 'flows', 'agent', 'qa', 'announcements', 'complaints', 'kb', 'roster'] as const;
export type PageId = (typeof pageIds)[number];

const needs: Record<PageId, (p: ReadonlySet<Permission>, agentId: string | null) => boolean> = {
  // Campaign managers run them; supervisors and viewers watch them. An agent works calls, not campaigns.
  campaigns: (p) => p.has('campaign:write') || p.has('live:read'),
  wallboard: (p) => p.has('live:read'),
  reports: (p) => p.has('report:read'),
  flows: (p) => p.has('flow:read'),
  // An agent's own screen; supervisors and admins may open it for any agent (they may change agents' states).
  agent: (p, agentId) => agentId !== null || p.has('agent:state'),
  qa: (p) => p.has('call:read') && p.has('recording:read'),
  // Issue 11: the labelling queue of carrier announcements.
  announcements: (p) => p.has('announcement:read'),
  // The floor's complaint list: those who move complaints on and watch the floor (supervisors, managers, admins).
  complaints: (p) => p.has('complaint:write') && p.has('live:read'),
  // Issue 16: everyone answers from the knowledge base.
  kb: (p) => p.has('kb:read'),
  // The roster and the day's cover; agents see it to swap shifts and write handover notes.
  roster: (p) => p.has('roster:read'),
};

/** The pages these permissions open, in menu order. */
export function visiblePages(permissions: readonly Permission[], agentId: string | null): PageId[] {
  const p = new Set(permissions);
  return pageIds.filter((id) => needs[id](p, agentId));
}
