/**
 * What a campaign manager does to a campaign (create, start, pause, status) and what an agent does to an attempt
 * (a disposition). They work on the database alone, so the CLI, the API and the running dialer share them: the
 * dialer reads campaign states every tick.
 */
import type { Db } from '../store/db.js';
import { AttemptsRepo } from '../store/attempts-repo.js';
import { CampaignsRepo, type CampaignRow } from '../store/campaigns-repo.js';
import { DncRepo, GLOBAL_DNC } from '../store/dnc-repo.js';
import { LeadsRepo } from '../store/leads-repo.js';
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
export function createCampaign(db: Db, name: string, settings: CampaignSettingsInput, now: number): CampaignRow {
  return new CampaignsRepo(db).create(name, settings, now);
}

/** Applies a manager's event (start, pause, resume, finish); start and resume go straight to running inside the window. */
export function changeCampaign(db: Db, ref: number | string, event: Extract<CampaignEvent, 'start' | 'pause' | 'resume' | 'finish'>, now: number): CampaignRow {
  const repo = new CampaignsRepo(db);
  const c = repo.get(ref);
  let state = nextCampaignState(c.state, event);
  if (state === 'scheduled' && isDialAllowed(now, c.settings)) state = nextCampaignState(state, 'window-open');
  repo.setState(c.id, state, now);
  return repo.get(c.id);
}

/** Lead counts, attempts and missed callbacks of a campaign. */
export function campaignStatus(db: Db, ref: number | string, now: number): CampaignStatus {
  const c = new CampaignsRepo(db).get(ref);
  const leads = new LeadsRepo(db);
  const attempts = (db.prepare('SELECT COUNT(*) AS n FROM attempts WHERE campaign_id = ?').get(c.id) as { n: number }).n;
  return {
    id: c.id,
    name: c.name,
    state: c.state,
    mode: c.settings.mode,
    leads: leads.countsByState(c.id),
    attempts,
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
export function recordDisposition(db: Db, input: DispositionInput, now: number): { state: LeadState; dueAt: number | null; why: string } {
  if (!(dispositions as readonly string[]).includes(input.disposition)) {
    throw new HotlineError('DISPOSITION_INVALID', `unknown disposition "${input.disposition}"; one of ${dispositions.join(', ')}`, { key: 'disposition' });
  }
  const attempts = new AttemptsRepo(db);
  const a = attempts.get(input.attemptId);
  if (!a) throw new HotlineError('DISPOSITION_INVALID', `no attempt #${input.attemptId}`, { key: 'attemptId' });
  if (a.connectedAt === null) throw new HotlineError('DISPOSITION_INVALID', `attempt #${a.id} never reached an agent`, { key: 'attemptId' });
  const campaign = new CampaignsRepo(db).get(a.campaignId);
  const leads = new LeadsRepo(db);
  const lead = leads.get(a.leadId)!;
  const decision = decideAfterAttempt(lead, input.disposition, now, campaign.settings, input.callbackAt !== undefined ? { callbackAt: input.callbackAt } : {});
  db.transaction(() => {
    attempts.update(a.id, { disposition: input.disposition, ...(input.notes ? { notes: input.notes } : {}) });
    const callback = decision.state === 'callback-scheduled' ? { callbackAt: input.callbackAt ?? null, callbackAgent: input.ownedBy ?? null } : {};
    leads.update(a.leadId, { state: decision.state, dueAt: decision.dueAt, lastOutcome: input.disposition, ...callback }, now);
    // A refusal ends commercial calls for good (domain.md): the number goes on the global list.
    if (input.disposition === 'dnc') new DncRepo(db).add(a.phone, GLOBAL_DNC, `disposition on attempt #${a.id}`, now);
  })();
  return { state: decision.state, dueAt: decision.dueAt, why: decision.why };
}
