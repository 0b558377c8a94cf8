/** Campaigns: the list with live progress, start/pause/stop, the create/edit form and the list upload with its report. */
import { useState } from 'preact/hooks';
import type { CampaignSettings } from '../../../dialer/campaign-settings.js';
import { ApiError, request, send, type Me } from '../api.js';
import { StackBar } from '../components/charts.js';
import { Badge, ErrorBox, Show, useApi } from '../components/ui.js';
import { t, tOr, type StringKey } from '../i18n.js';
import { formFromSettings, kinds, modes, retryOutcomes, settingsFromForm, weekdayIds, type CampaignForm } from '../lib/campaign-form.js';
import { percent, ratio } from '../lib/format.js';
import type { CampaignView } from '../lib/live-state.js';
import { useLive } from '../live.js';

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

const defaults: CampaignSettings = {
  kind: 'follow-up',
  mode: 'progressive',
  trunk: 'carrier',
  callerId: '4008001234',
  skillGroup: 'general',
  flow: 'survey',
  maxLines: 10,
  maxCallsPerSecond: 5,
  ringTimeoutS: 25,
  windows: Object.fromEntries(weekdayIds.map((d) => [d, [{ from: '09:00', to: '21:00' }]])),
  quietHours: [
    { from: '12:00', to: '13:30' },
    { from: '21:00', to: '09:00' },
  ],
  holidays: [],
  timeZone: 'Asia/Shanghai',
  retry: { default: { delayS: 14_400, maxPerDay: 3, maxTotal: 9, flag: false }, byOutcome: { 'network-failure': { delayS: 300, maxPerDay: 3, maxTotal: 6, flag: true } } },
  amd: true,
  onMachine: 'retry',
  abandonMessage: '',
  abandonAfterMs: 2000,
  abandonNoRepeatH: 0,
  callbackGraceS: 300,
  recording: 'none',
  pacing: { algorithm: 'model', ratio: 2, abandonLimit: 0.03, abandonTarget: 0.02, complianceWindow: '30d', maxLinesPerAgent: 20, memoryMinutes: 15, prior: { answerRate: 0.3, talkMeanS: 120, talkCv: 1, wrapMeanS: 15 } },
};

function CampaignFormView({ campaign, onDone }: { campaign: Campaign | null; onDone: () => void }) {
  const [f, setF] = useState<CampaignForm>(() => formFromSettings(campaign?.name ?? '', campaign?.settings ?? defaults));
  const [problem, setProblem] = useState<unknown>();
  const [bad, setBad] = useState<string[]>([]);
  const set = <K extends keyof CampaignForm>(k: K, v: CampaignForm[K]) => setF((x) => ({ ...x, [k]: v }));
  const text = (k: 'name' | 'skillGroup' | 'flow' | 'maxLines' | 'maxCallsPerSecond' | 'ringTimeoutS' | 'quietHours' | 'holidays' | 'abandonLimitPct', label: StringKey) => (
    <label class={bad.includes(k) ? 'bad' : ''}>
      {t(label)}
      <input name={k} value={f[k]} onInput={(e) => set(k, (e.target as HTMLInputElement).value)} />
    </label>
  );
  const submit = async (e: Event) => {
    e.preventDefault();
    const r = settingsFromForm(f, campaign?.settings ?? {});
    if (!r.ok) {
      setBad(Object.keys(r.errors));
      setProblem(new Error(t('form.invalid', { fields: Object.keys(r.errors).join(', ') })));
      return;
    }
    setBad([]);
    try {
      if (campaign) {
        // An emptied script is reset, not left as it was (a missing key keeps its value).
        await send('PATCH', `/campaigns/${campaign.id}`, { name: r.name, settings: { ...r.settings, script: r.settings.script ?? null } });
      } else {
        await send('POST', '/campaigns', { name: r.name, settings: r.settings });
      }
      onDone();
    } catch (err) {
      if (err instanceof ApiError && err.field) setBad([err.field.replace(/^settings\./, '')]);
      setProblem(err);
    }
  };
  const setRow = (i: number, patch: Partial<CampaignForm['retry'][number]>) => set('retry', f.retry.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  return (
    <form class="card form" onSubmit={submit} data-testid="campaign-form">
      <h1>{campaign ? t('form.editTitle', { name: campaign.name }) : t('form.createTitle')}</h1>
      <div class="cols">
        {text('name', 'campaigns.name')}
        <label>
          {t('form.kind')}
          <select name="kind" value={f.kind} onChange={(e) => set('kind', (e.target as HTMLSelectElement).value as CampaignForm['kind'])}>
            {kinds.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label>
          {t('form.mode')}
          <select name="mode" value={f.mode} onChange={(e) => set('mode', (e.target as HTMLSelectElement).value as CampaignForm['mode'])}>
            {modes.map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        {f.mode === 'agentless' ? text('flow', 'form.flow') : text('skillGroup', 'form.skillGroup')}
        {text('maxLines', 'form.maxLines')}
        {text('maxCallsPerSecond', 'form.cps')}
        {text('ringTimeoutS', 'form.ring')}
        {text('abandonLimitPct', 'form.abandonLimit')}
        <label>
          {t('form.recording')}
          <select name="recording" value={f.recording} onChange={(e) => set('recording', (e.target as HTMLSelectElement).value as CampaignForm['recording'])}>
            {(['none', 'all', 'on-demand'] as const).map((k) => (
              <option key={k}>{k}</option>
            ))}
          </select>
        </label>
        <label class="check">
          <input type="checkbox" name="amd" checked={f.amd} onChange={(e) => set('amd', (e.target as HTMLInputElement).checked)} /> {t('form.amd')}
        </label>
      </div>
      <fieldset>
        <legend>{t('form.windows')}</legend>
        <div class="cols">
          {weekdayIds.map((d) => (
            <label key={d} class={bad.includes(`windows.${d}`) ? 'bad' : ''}>
              {d}
              <input name={`windows.${d}`} value={f.windows[d]} onInput={(e) => set('windows', { ...f.windows, [d]: (e.target as HTMLInputElement).value })} />
            </label>
          ))}
        </div>
        <div class="cols">
          {text('quietHours', 'form.quiet')}
          {text('holidays', 'form.holidays')}
        </div>
      </fieldset>
      <fieldset>
        <legend>{t('form.retry')}</legend>
        <table class="grid compact" data-testid="retry-table">
          <thead>
            <tr>
              <th>{t('form.retry.outcome')}</th>
              <th>{t('form.retry.delay')}</th>
              <th>{t('form.retry.perDay')}</th>
              <th>{t('form.retry.total')}</th>
              <th>{t('form.retry.flag')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {f.retry.map((r, i) => (
              <tr key={i}>
                <td>
                  {r.outcome === 'default' ? (
                    t('form.retry.default')
                  ) : (
                    <select value={r.outcome} onChange={(e) => setRow(i, { outcome: (e.target as HTMLSelectElement).value as typeof r.outcome })}>
                      {retryOutcomes.map((o) => (
                        <option key={o}>{o}</option>
                      ))}
                    </select>
                  )}
                </td>
                {(['delayMin', 'maxPerDay', 'maxTotal'] as const).map((k) => (
                  <td key={k} class={bad.includes(`retry.${i}.${k}`) ? 'bad' : ''}>
                    <input class="num" name={`retry.${i}.${k}`} value={r[k]} onInput={(e) => setRow(i, { [k]: (e.target as HTMLInputElement).value })} />
                  </td>
                ))}
                <td>
                  <input type="checkbox" checked={r.flag} onChange={(e) => setRow(i, { flag: (e.target as HTMLInputElement).checked })} />
                </td>
                <td>
                  {r.outcome !== 'default' && (
                    <button type="button" onClick={() => set('retry', f.retry.filter((_, j) => j !== i))}>
                      {t('form.retry.remove')}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <button
          type="button"
          onClick={() => {
            const used = new Set(f.retry.map((r) => r.outcome));
            const next = retryOutcomes.find((o) => !used.has(o));
            if (next) set('retry', [...f.retry, { outcome: next, delayMin: '60', maxPerDay: '3', maxTotal: '6', flag: false }]);
          }}
        >
          {t('form.retry.add')}
        </button>
      </fieldset>
      <label>
        {t('form.script')}
        <textarea name="script" rows={4} value={f.script} onInput={(e) => set('script', (e.target as HTMLTextAreaElement).value)} />
      </label>
      {problem !== undefined && <ErrorBox error={problem} />}
      <div class="buttons">
        <button type="submit" class="primary">
          {t('app.save')}
        </button>
        <button type="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
      </div>
    </form>
  );
}

interface ImportReport {
  file: string;
  rows: number;
  imported: number;
  duplicates: number;
  dnc: number;
  invalid: Array<{ row: number; value: string; reason: string }>;
  invalidCount: number;
}

function UploadView({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
  const [report, setReport] = useState<ImportReport>();
  const [error, setError] = useState<unknown>();
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    const input = (e.target as HTMLFormElement).elements.namedItem('file') as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const body = new FormData();
    body.append('file', file, file.name);
    setBusy(true);
    setError(undefined);
    try {
      setReport((await (await request('POST', `/campaigns/${campaign.id}/lists`, { body })).json()) as ImportReport);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card">
      <h1>{t('upload.title', { name: campaign.name })}</h1>
      <form onSubmit={submit} class="row">
        <label>
          {t('upload.file')}
          <input type="file" name="file" accept=".csv,.xlsx,text/csv" required />
        </label>
        <button type="submit" class="primary" disabled={busy}>
          {t('upload.submit')}
        </button>
        <button type="button" onClick={onDone}>
          {t('app.cancel')}
        </button>
      </form>
      {error !== undefined && <ErrorBox error={error} />}
      {report && (
        <div data-testid="import-report">
          <h2>{t('upload.report', { file: report.file })}</h2>
          <dl class="counts">
            {(['rows', 'imported', 'duplicates', 'dnc', 'invalidCount'] as const).map((k) => (
              <div key={k} data-count={k}>
                <dt>{t(k === 'invalidCount' ? 'upload.invalid' : (`upload.${k}` as StringKey))}</dt>
                <dd>{report[k]}</dd>
              </div>
            ))}
          </dl>
          {report.invalid.length === 0 ? (
            <p class="muted">{t('upload.allGood')}</p>
          ) : (
            <table class="grid" data-testid="invalid-rows">
              <thead>
                <tr>
                  <th>{t('upload.row')}</th>
                  <th>{t('upload.value')}</th>
                  <th>{t('upload.reason')}</th>
                </tr>
              </thead>
              <tbody>
                {report.invalid.map((r) => (
                  <tr key={r.row} data-row={r.row}>
                    <td>{r.row}</td>
                    <td>{r.value}</td>
                    <td>{r.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {report.invalidCount > report.invalid.length && <p class="muted">{t('upload.moreInvalid', { n: report.invalidCount - report.invalid.length })}</p>}
          <button onClick={onDone}>{t('nav.campaigns')}</button>
        </div>
      )}
    </section>
  );
}
