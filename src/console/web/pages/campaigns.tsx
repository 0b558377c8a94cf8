/** Campaigns: the list with live progress and start/pause/stop; the form (campaign-form-view.tsx) and the list upload
 * (campaign-upload.tsx) open from it. */
import { useState } from 'preact/hooks';
import type { CampaignSettings } from '../../../dialer/campaign-settings.js';
import { send, type Me } from '../api.js';
import { StackBar } from '../components/charts.js';
import { Badge, ErrorBox, Show, useApi } from '../components/ui.js';
import { t, tOr, type StringKey } from '../i18n.js';
import { percent } from '../lib/format.js';
import type { CampaignView } from '../lib/live-state.js';
import { useLive } from '../live.js';
import { CampaignFormView } from './campaign-form-view.js';
import { UploadView } from './campaign-upload.js';

export interface Campaign {
  id: number;
  name: string;
  state: 'draft' | 'scheduled' | 'running' | 'paused' | 'finished';
  settings: CampaignSettings;
  createdAt: number;
}

interface Status {
  status: Pick<CampaignView, 'leads' | 'attempts' | 'connects' | 'abandoned' | 'abandonWindow'>;
}

const leadOrder = ['new', 'queued', 'dialing', 'retry-wait', 'callback-scheduled', 'done-success', 'done-failed', 'invalid-number', 'wrong-party', 'dnc', 'expired'];

type Progress = Pick<CampaignView, 'leads' | 'attempts' | 'connects' | 'abandoned' | 'abandonWindow'>;

function ProgressCells({ c, live }: { c: Campaign; live: Progress | undefined }) {
  // Campaigns the live feed does not follow (drafts, finished ones) are read once.
  const polled = useApi<Status>(live ? null : `/campaigns/${c.id}`);
  const p: Progress | undefined = live ?? polled.data?.status;
  if (!p) return <td colSpan={4} class="muted">{polled.error ? <ErrorBox error={polled.error} /> : t('app.loading')}</td>;
  const total = Object.values(p.leads).reduce((a, b) => a + b, 0);
  // The limit binds over the compliance window, so that is the rate shown against it.
  const { rate, limit, window, abandons, lives } = p.abandonWindow;
  return (
    <>
      <td>
        <StackBar total={total} parts={leadOrder.map((k) => ({ key: k, value: p.leads[k] ?? 0, title: tOr('lead', k) }))} />
        <span class="muted small">
          {t('campaigns.leads', { n: total })}
          {leadOrder
            .filter((k) => p.leads[k])
            .map((k) => ` · ${tOr('lead', k)} ${p.leads[k]}`)
            .join('')}
        </span>
      </td>
      <td data-testid="dials">{p.attempts}</td>
      <td data-testid="connects">{p.connects}</td>
      <td class={rate !== null && rate > limit ? 'over' : ''} data-testid="abandon" title={`${abandons}/${lives}`}>
        {percent(rate)} / {percent(limit)} <span class="muted small">{tOr('window', window)}</span>
      </td>
    </>
  );
}

function Actions({ c, canWrite, onChanged, onEdit, onUpload }: { c: Campaign; canWrite: boolean; onChanged: () => void; onEdit: () => void; onUpload: () => void }) {
  const [error, setError] = useState<unknown>();
  if (!canWrite) return <td />;
  const act = async (action: 'start' | 'pause' | 'stop') => {
    if (action === 'stop' && !confirm(t('campaigns.stopConfirm', { name: c.name }))) return;
    try {
      setError(undefined);
      await send('POST', `/campaigns/${c.id}/${action}`);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const open = c.state !== 'finished';
  return (
    <td class="actions">
      {(c.state === 'draft' || c.state === 'paused') && (
        <button class="primary" data-action="start" onClick={() => act('start')}>
          {t('campaigns.start')}
        </button>
      )}
      {(c.state === 'running' || c.state === 'scheduled') && (
        <button data-action="pause" onClick={() => act('pause')}>
          {t('campaigns.pause')}
        </button>
      )}
      {open && c.state !== 'draft' && (
        <button data-action="stop" onClick={() => act('stop')}>
          {t('campaigns.stop')}
        </button>
      )}
      {open && (
        <button data-action="edit" onClick={onEdit}>
          {t('campaigns.edit')}
        </button>
      )}
      {open && (
        <button data-action="upload" onClick={onUpload}>
          {t('campaigns.upload')}
        </button>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </td>
  );
}

type View = { kind: 'list' } | { kind: 'edit'; campaign: Campaign | null } | { kind: 'upload'; campaign: Campaign };

/** The campaigns page. */
export function CampaignsPage({ me }: { me: Me }) {
  const list = useApi<{ items: Campaign[] }>('/campaigns', 15_000);
  const live = useLive(me.permissions.includes('live:read'));
  const [view, setView] = useState<View>({ kind: 'list' });
  const canWrite = me.permissions.includes('campaign:write');
  const canUpload = me.permissions.includes('list:upload');
  const byId = new Map((live.snapshot?.campaigns ?? []).map((c) => [c.id, c]));
  const back = () => {
    setView({ kind: 'list' });
    list.reload();
  };
  if (view.kind === 'edit') return <CampaignFormView campaign={view.campaign} onDone={back} />;
  if (view.kind === 'upload') return <UploadView campaign={view.campaign} onDone={back} />;
  return (
    <section>
      <div class="title-row">
        <h1>{t('campaigns.title')}</h1>
        {live.snapshot && <Badge kind={live.connected ? 'live' : 'offline'}>{live.connected ? t('app.live') : t('app.offline')}</Badge>}
        {canWrite && (
          <button class="primary" data-action="new" onClick={() => setView({ kind: 'edit', campaign: null })}>
            {t('campaigns.new')}
          </button>
        )}
      </div>
      <Show loaded={list}>
        {(data) =>
          data.items.length === 0 ? (
            <p class="muted">{t('campaigns.empty')}</p>
          ) : (
            <table class="grid" data-testid="campaigns">
              <thead>
                <tr>
                  <th>{t('campaigns.name')}</th>
                  <th>{t('campaigns.state')}</th>
                  <th>{t('campaigns.mode')}</th>
                  <th>{t('campaigns.progress')}</th>
                  <th>{t('campaigns.dials')}</th>
                  <th>{t('campaigns.connects')}</th>
                  <th>{t('campaigns.abandon')}</th>
                  <th>{t('campaigns.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((c) => {
                  const lv = byId.get(c.id);
                  const state = (lv?.state as Campaign['state'] | undefined) ?? c.state;
                  const shown = { ...c, state };
                  return (
                    <tr key={c.id} data-campaign={c.name}>
                      <td>
                        #{c.id} {c.name}
                      </td>
                      <td>
                        <Badge kind={state}>{t(`state.${state}` as StringKey)}</Badge>
                      </td>
                      <td>{c.settings.mode}</td>
                      <ProgressCells c={shown} live={lv} />
                      <Actions
                        c={shown}
                        canWrite={canWrite || canUpload}
                        onChanged={list.reload}
                        onEdit={() => setView({ kind: 'edit', campaign: c })}
                        onUpload={() => setView({ kind: 'upload', campaign: c })}
                      />
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
