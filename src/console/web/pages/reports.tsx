/** Reports: a day, week or month with its KPIs and charts (volume, service level and AHT by hour; outcomes), and downloads. */
import { useState } from 'preact/hooks';
import { download, type Me } from '../api.js';
import { CountBars, HourBars, HourLine } from '../components/charts.js';
import { ErrorBox, Show, Tile, useApi } from '../components/ui.js';
import { t, tOr } from '../i18n.js';
import { localDate, percent, periodDates, type PeriodKind } from '../lib/format.js';
import { DeskReport, type DeskFigures } from './reports-desk.js';

interface Kpis {
  timeZone: string;
  inbound: { calls: number; offered: number; answered: number; answerRate10s: number | null; answerRate10sOfOffered: number | null; abandonRate: number | null; ahtS: number | null };
  outbound: { dials: number; connects: number; contactRate: number | null; abandonRate: number | null };
  /** Issue 15: absent from reports made before the service desk. */
  desk?: DeskFigures;
}

interface Hourly {
  timeZone: string;
  hours: Array<{ hour: number; calls: number; offered: number; answerRate10s: number | null; ahtS: number | null; dials: number }>;
  outcomes: Record<string, number>;
}

interface Run {
  kind: string;
  label: string;
  csv: string;
  xlsx: string;
}

/** The reports page. */
export function ReportsPage({ me: _me }: { me: Me }) {
  const [kind, setKind] = useState<PeriodKind>('daily');
  const [date, setDate] = useState(localDate(Date.now(), 'Asia/Shanghai'));
  const [dlError, setDlError] = useState<unknown>();
  const { from, to } = periodDates(kind, date);
  const q = `from=${from}&to=${to}`;
  const kpis = useApi<Kpis>(`/reports/kpis?${q}`);
  const hourly = useApi<Hourly>(`/reports/hourly?${q}`);
  const runs = useApi<{ items: Run[] }>('/reports');
  const dl = (format: 'csv' | 'xlsx') => download(`/reports/kpis?${q}&format=${format}`, `hotline-${from}-${to}.${format}`).catch(setDlError);
  return (
    <section data-testid="reports">
      <div class="title-row">
        <h1>{t('reports.title')}</h1>
        <div class="segmented">
          {(['daily', 'weekly', 'monthly'] as const).map((k) => (
            <button key={k} class={k === kind ? 'active' : ''} data-kind={k} onClick={() => setKind(k)}>
              {t(`reports.${k}`)}
            </button>
          ))}
        </div>
        <label class="inline">
          {t('reports.date')} <input type="date" value={date} onChange={(e) => setDate((e.target as HTMLInputElement).value || date)} />
        </label>
        <button data-action="csv" onClick={() => dl('csv')}>
          {t('reports.csv')}
        </button>
        <button data-action="xlsx" onClick={() => dl('xlsx')}>
          {t('reports.xlsx')}
        </button>
      </div>
      {dlError !== undefined && <ErrorBox error={dlError} />}
      <Show loaded={kpis}>
        {(k) => (
          <>
            <p class="muted">{t('reports.period', { from, to, tz: k.timeZone })}</p>
            <div class="tiles">
              <Tile testid="kpi-calls" label={t('reports.calls')} value={k.inbound.calls} />
              <Tile testid="kpi-offered" label={t('reports.offered')} value={k.inbound.offered} sub={`${t('reports.answered')} ${k.inbound.answered}`} />
              <Tile testid="kpi-sl" label={t('reports.sl')} value={percent(k.inbound.answerRate10s)} sub={t('reports.slOfOffered', { rate: percent(k.inbound.answerRate10sOfOffered) })} />
              <Tile label={t('reports.abandonIn')} value={percent(k.inbound.abandonRate)} />
              <Tile label={t('reports.aht')} value={k.inbound.ahtS === null ? '–' : `${Math.round(k.inbound.ahtS)} s`} />
              <Tile label={t('reports.dials')} value={k.outbound.dials} sub={`${t('reports.connects')} ${k.outbound.connects}`} />
              <Tile label={t('reports.contact')} value={percent(k.outbound.contactRate)} />
              <Tile label={t('reports.abandonOut')} value={percent(k.outbound.abandonRate)} />
            </div>
            {k.desk && <DeskReport d={k.desk} />}
          </>
        )}
      </Show>
      <Show loaded={hourly}>
        {(h) => (
          <div class="charts">
            <HourBars
              title={t('reports.volume')}
              series={[
                { label: t('reports.volume.in'), cls: 's-in', values: h.hours.map((x) => x.calls) },
                { label: t('reports.volume.out'), cls: 's-out', values: h.hours.map((x) => x.dials) },
              ]}
            />
            <HourLine title={t('reports.slChart')} values={h.hours.map((x) => x.answerRate10s)} max={1} target={0.8} fmt={(v) => `${Math.round(v * 100)}%`} />
            <HourLine title={t('reports.ahtChart')} values={h.hours.map((x) => x.ahtS)} whole fmt={(v) => String(Math.round(v))} />
            {Object.keys(h.outcomes).length ? (
              <CountBars title={t('reports.outcomes')} items={Object.entries(h.outcomes).map(([label, value]) => ({ label: tOr('disp', label), value }))} />
            ) : (
              <p class="muted">{t('reports.noData')}</p>
            )}
          </div>
        )}
      </Show>
      <h2>{t('reports.written')}</h2>
      <Show loaded={runs}>
        {(r) =>
          r.items.length === 0 ? (
            <p class="muted">{t('app.none')}</p>
          ) : (
            <ul class="runs">
              {r.items.slice(0, 30).map((x) => (
                <li key={x.csv}>
                  {x.kind} {x.label}{' '}
                  <a href="#" onClick={(e) => (e.preventDefault(), void download(x.csv.replace(/^\/api\/v1/, ''), 'report.csv').catch(setDlError))}>
                    CSV
                  </a>{' '}
                  <a href="#" onClick={(e) => (e.preventDefault(), void download(x.xlsx.replace(/^\/api\/v1/, ''), 'report.xlsx').catch(setDlError))}>
                    XLSX
                  </a>
                </li>
              ))}
            </ul>
          )
        }
      </Show>
    </section>
  );
}
