/** A campaign's create/edit form: its settings as fields (lib/campaign-form.ts converts both ways), retry rows included. */
import { useState } from 'preact/hooks';
import type { CampaignSettings } from '../../../dialer/campaign-settings.js';
import { ApiError, send } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t, type StringKey } from '../i18n.js';
import { formFromSettings, kinds, modes, retryOutcomes, settingsFromForm, weekdayIds, type CampaignForm } from '../lib/campaign-form.js';
import type { Campaign } from './campaigns.js';

/** What a new campaign's form starts from. */
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

export function CampaignFormView({ campaign, onDone }: { campaign: Campaign | null; onDone: () => void }) {
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
