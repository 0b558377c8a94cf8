/**
 * A campaign manager's edits besides state changes: rename, change settings, clone. On the store alone, like
 * campaign-commands.ts, so the API and the CLI share them and the running dialer sees the result on its next tick.
 */
import { HotlineError } from '../errors.js';
import type { CampaignRow } from '../store/campaigns-repo.js';
import type { Store } from '../store/store.js';
import type { CampaignSettingsInput } from './campaign-settings.js';

export interface CampaignEdit {
  name?: string;
  /** Top-level settings to replace; a key set to null goes back to its default. */
  settings?: Record<string, unknown>;
}

/** Applies an edit in one transaction; returns the campaign before and after. A finished campaign is not edited. */
export function editCampaign(store: Pick<Store, 'campaigns' | 'transaction'>, ref: number | string, edit: CampaignEdit, now: number): { before: CampaignRow; after: CampaignRow } {
  const repo = store.campaigns;
  return store.transaction(() => {
    const before = repo.get(ref);
    if (before.state === 'finished') throw new HotlineError('CONFLICT', `campaign #${before.id} is finished and can no longer be edited`, { key: 'state' });
    if (edit.name !== undefined && edit.name !== before.name) repo.rename(before.id, edit.name, now);
    if (edit.settings !== undefined) {
      const merged: Record<string, unknown> = { ...before.settings };
      for (const [k, v] of Object.entries(edit.settings)) {
        if (v === null) delete merged[k];
        else merged[k] = v;
      }
      repo.updateSettings(before.id, merged as CampaignSettingsInput, now);
    }
    return { before, after: repo.get(before.id) };
  });
}

/** A new draft campaign with the settings of another (its leads stay where they are). */
export function cloneCampaign(store: Pick<Store, 'campaigns'>, ref: number | string, name: string, now: number): { source: CampaignRow; clone: CampaignRow } {
  const repo = store.campaigns;
  const source = repo.get(ref);
  return { source, clone: repo.create(name, source.settings, now) };
}
