/**
 * Preview dialing: an agent takes the next lead of a preview campaign to read before the call, then dials it or skips
 * it. A lead being previewed is `queued` and held by its agent (callback_agent), so no one else gets it and the
 * dialer leaves it alone; "dial" hands it to the dialer for that agent only; "skip" puts it back. A preview left
 * undecided for PREVIEW_HOLD_MS goes back by itself (releaseStalePreviews, run by the engine).
 */
import { HotlineError } from '../errors.js';
import type { LeadRow } from '../store/leads-repo.js';
import type { Store } from '../store/store.js';

/** How long an agent may hold a lead on screen without dialing or skipping it. */
export const PREVIEW_HOLD_MS = 10 * 60_000;

const invalid = (message: string, key: string) => new HotlineError('PREVIEW_INVALID', message, { key });

/** The lead the agent is previewing in the campaign, or the next due lead now held for them; null when none is due. */
export function previewNext(store: Pick<Store, 'campaigns' | 'leads' | 'transaction'>, campaignRef: number | string, agentId: string, now: number): LeadRow | null {
  const campaign = store.campaigns.get(campaignRef);
  if (campaign.settings.mode !== 'preview') throw invalid(`campaign ${campaign.name} dials in ${campaign.settings.mode} mode, not preview`, 'campaign');
  if (campaign.state !== 'running') throw invalid(`campaign ${campaign.name} is ${campaign.state}, not running`, 'campaign');
  const { leads } = store;
  return store.transaction(() => {
    const held = leads.previewedBy(campaign.id, agentId);
    if (held) return held;
    // Owned callbacks of other agents wait for them; anything else due may be previewed.
    const next = leads.due(campaign.id, now, 50).find((l) => l.callbackAgent === null || l.callbackAgent === agentId);
    if (!next) return null;
    leads.update(next.id, { state: 'queued', dueAt: now, callbackAgent: agentId, callbackAt: null }, now);
    return leads.get(next.id)!;
  });
}

function heldLead(store: Pick<Store, 'leads'>, leadId: number, agentId: string): LeadRow {
  const lead = store.leads.get(leadId);
  if (!lead) throw invalid(`no lead #${leadId}`, 'leadId');
  if (lead.state !== 'queued' || lead.callbackAgent !== agentId) throw invalid(`lead #${leadId} is not being previewed by agent ${agentId}`, 'agentId');
  return lead;
}

/** The agent dials the lead they preview: the dialer places the call as soon as the agent is ready, for them only. */
export function previewDial(store: Pick<Store, 'leads'>, leadId: number, agentId: string, now: number): void {
  const lead = heldLead(store, leadId, agentId);
  store.leads.update(lead.id, { state: lead.attempts > 0 ? 'retry-wait' : 'new', dueAt: now, callbackAgent: agentId, callbackAt: lead.callbackAt }, now);
}

/** The agent skips the lead: it goes back to the list, behind the leads already due. */
export function previewSkip(store: Pick<Store, 'leads'>, leadId: number, agentId: string, now: number): void {
  const lead = heldLead(store, leadId, agentId);
  store.leads.update(lead.id, { state: lead.attempts > 0 ? 'retry-wait' : 'new', dueAt: now, callbackAgent: null, callbackAt: null }, now);
}
