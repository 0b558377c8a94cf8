/**
 * What a campaign manager does to a campaign (create, start, pause, status) and what an agent does to an attempt
 * (a disposition). They work on the store alone, so the CLI, the API and the running dialer share them: the
 * dialer reads campaign states every tick.
 */
import { defined } from '../defined.js';
import type { CampaignRow } from '../store/campaigns-repo.js';
import { GLOBAL_DNC } from '../store/dnc-repo.js';
import type { Store } from '../store/store.js';
import { HotlineError } from '../errors.js';
import type { CampaignSettingsInput } from './campaign-settings.js';
import { isDialAllowed } from './calling-window.js';
import { nextCampaignState, type CampaignEvent } from './campaign-state.js';
import { dispositions, type Disposition, type LeadState } from './lead-state.js';
import { decideAfterAttempt } from './retry-decision.js';

export interface CampaignStatus {
  id: number;
  name: string;
  state: CampaignRow['state'];
  mode: CampaignRow['settings']['mode'];
  leads: Partial<Record<LeadState, number>>;
  attempts: number;
  /** Callbacks whose time (plus the grace) passed without a dial. */
  missedCallbacks: number;
  dialingAllowedNow: boolean;
}

/** Creates a draft campaign from settings; returns it. */
export function createCampaign(store: Pick<Store, 'campaigns'>, name: string, settings: CampaignSettingsInput, now: number): CampaignRow {
  return store.campaigns.create(name, settings, now);
}

/** Applies a manager's event (start, pause, resume, finish); start and resume go straight to running inside the window. */
export function changeCampaign(
  store: Pick<Store, 'campaigns'>,
  ref: number | string,
  event: Extract<CampaignEvent, 'start' | 'pause' | 'resume' | 'finish'>,
  now: number,
): CampaignRow {
  const repo = store.campaigns;
  const c = repo.get(ref);
  let state = nextCampaignState(c.state, event);
  if (state === 'scheduled' && isDialAllowed(now, c.settings)) state = nextCampaignState(state, 'window-open');
  repo.setState(c.id, state, now);
  return repo.get(c.id);
}

/** Lead counts, attempts and missed callbacks of a campaign. */
export function campaignStatus(store: Pick<Store, 'campaigns' | 'leads' | 'attempts'>, ref: number | string, now: number): CampaignStatus {
  const c = store.campaigns.get(ref);
  const { leads } = store;
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    mode: c.settings.mode,
    leads: leads.countsByState(c.id),
    attempts: store.attempts.countOf(c.id),
    missedCallbacks: leads.missedCallbacks(c.id, now - c.settings.callbackGraceS * 1000 - 15 * 60_000).length,
    dialingAllowedNow: isDialAllowed(now, c.settings),
  };
}

export interface DispositionInput {
  attemptId: number;
  disposition: Disposition;
  /** callback-at: the agreed time (epoch ms). */
  callbackAt?: number;
  /** callback-at: the agent who agreed it and should take it. */
  ownedBy?: string;
  notes?: string;
}

/**
 * Records an agent's disposition on an attempt and decides the lead again from it (DNC also lists the number). Given
 * while the call is still up, it decides the lead for good: the call's end leaves the lead as it is (lead-after-attempt.ts).
 */
export function recordDisposition(store: Pick<Store, 'campaigns' | 'leads' | 'attempts' | 'dnc' | 'transaction'>, input: DispositionInput, now: number): { state: LeadState; dueAt: number | null; why: string } {
  if (!(dispositions as readonly string[]).includes(input.disposition)) {
    throw new HotlineError('DISPOSITION_INVALID', `unknown disposition "${input.disposition}"; one of ${dispositions.join(', ')}`, { key: 'disposition' });
  }
  const { attempts, leads } = store;
  const a = attempts.get(input.attemptId);
  if (!a) throw new HotlineError('DISPOSITION_INVALID', `no attempt #${input.attemptId}`, { key: 'attemptId' });
  if (a.connectedAt === null) throw new HotlineError('DISPOSITION_INVALID', `attempt #${a.id} never reached an agent`, { key: 'attemptId' });
  const campaign = store.campaigns.get(a.campaignId);
  const lead = leads.get(a.leadId)!;
  const decision = decideAfterAttempt(lead, input.disposition, now, campaign.settings, defined({ callbackAt: input.callbackAt }));
  store.transaction(() => {
    attempts.update(a.id, { disposition: input.disposition, ...(input.notes ? { notes: input.notes } : {}) });
    const callback = decision.state === 'callback-scheduled' ? { callbackAt: input.callbackAt ?? null, callbackAgent: input.ownedBy ?? null } : {};
    leads.update(a.leadId, { state: decision.state, dueAt: decision.dueAt, lastOutcome: input.disposition, ...callback }, now);
    // A refusal ends commercial calls for good (docs/domain.md §Rules that bind an outbound dialer): the number goes on the global list.
    if (input.disposition === 'dnc') store.dnc.add(a.phone, GLOBAL_DNC, `disposition on attempt #${a.id}`, now);
  });
  return { state: decision.state, dueAt: decision.dueAt, why: decision.why };
}
