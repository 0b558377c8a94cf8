/** Uploading a call list to a campaign, and the import report: counts and the rows that were refused. */
import { useState } from 'preact/hooks';
import { request } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t, type StringKey } from '../i18n.js';
import type { Campaign } from './campaigns.js';

interface ImportReport {
  file: string;
  rows: number;
  imported: number;
  duplicates: number;
  dnc: number;
  invalid: Array<{ row: number; value: string; reason: string }>;
  invalidCount: number;
}

export function UploadView({ campaign, onDone }: { campaign: Campaign; onDone: () => void }) {
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
