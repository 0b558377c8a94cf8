/**
 * The service desk's figures on the reports page (issue 15 item 6): first-call resolution, work-order 响应及时率 and
 * 完成及时率 as tiles; hot issues by category and by category × first IVR choice; the complaint statistics by category
 * and by department (顾客投诉分类统计表). Keys are shown by their configured names in the console's language.
 */
import { Tile, useApi } from '../components/ui.js';
import { lang, t } from '../i18n.js';
import { percent } from '../lib/format.js';
import type { ComplaintCount, DeskKpis, Timeliness } from '../../../reports/desk-kpis.js';
import { labelOf, type CategoryNode } from './wrap-up-form.js';

/** The desk figures as the report API returns them (the same type the server computes). */
export type DeskFigures = DeskKpis;

interface Keyed {
  key: string;
  zh: string;
  en: string;
}

const named = (list: readonly Keyed[] | undefined, key: string) => {
  const k = list?.find((x) => x.key === key);
  return k ? (lang() === 'zh' ? k.zh : k.en) : key;
};

function ComplaintTable({ testid, title, head, rows, names }: { testid: string; title: string; head: string; rows: ComplaintCount[]; names: Keyed[] | undefined }) {
  return (
    <div data-testid={testid}>
      <h3>{title}</h3>
      <table class="grid compact">
        <thead>
          <tr>
            <th>{head}</th>
            <th>{t('deskReport.total')}</th>
            <th>{t('deskReport.open')}</th>
            <th>{t('deskReport.closed')}</th>
            <th>{t('deskReport.confirmed')}</th>
            <th>{t('deskReport.overdue')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((c) => (
            <tr key={c.key} data-key={c.key}>
              <td>{named(names, c.key)}</td>
              <td>{c.total}</td>
              <td>{c.open}</td>
              <td>{c.resolved}</td>
              <td>{c.confirmed}</td>
              <td>{c.overdue}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** The desk section of a report. */
export function DeskReport({ d }: { d: DeskFigures }) {
  const tree = useApi<{ items: CategoryNode[] }>('/desk/categories').data?.items ?? [];
  const names = useApi<{ categories: Keyed[]; departments: Keyed[] }>('/desk/complaint-categories').data;
  const cat = (key: string) => labelOf(tree, key) || key;
  const w = d.workOrders;
  const sub = (x: Timeliness) => t('deskReport.timelinessSub', { onTime: x.onTime, late: x.late, notYetDue: x.notYetDue });
  const empty = d.wrappedUp === 0 && d.complaints.byCategory.length === 0;
  return (
    <section data-testid="desk-report" style={{ marginBottom: "16px" }}>
      <h2>{t('deskReport.title')}</h2>
      <div class="tiles">
        <Tile testid="desk-wrapped" label={t('deskReport.wrappedUp')} value={d.wrappedUp} />
        <Tile testid="desk-fcr" label={t('deskReport.fcr')} value={percent(d.fcrRate)} sub={t('deskReport.fcrSub', { n: d.resolvedOnCall })} />
        <Tile testid="desk-orders" label={t('deskReport.ordersCreated')} value={w.created} />
        <Tile testid="desk-response" label={t('deskReport.response')} value={percent(w.response.rate)} sub={sub(w.response)} />
        <Tile testid="desk-completion" label={t('deskReport.completion')} value={percent(w.completion.rate)} sub={sub(w.completion)} />
      </div>
      {empty ? (
        <p class="muted">{t('deskReport.none')}</p>
      ) : (
        <div class="charts">
          <div data-testid="desk-hot-issues">
            <h3>{t('deskReport.hotIssues')}</h3>
            <table class="grid compact">
              <thead>
                <tr>
                  <th>{t('deskReport.category')}</th>
                  <th>{t('deskReport.calls')}</th>
                  <th>{t('deskReport.share')}</th>
                  <th>{t('deskReport.resolved')}</th>
                  <th>{t('deskReport.fcr')}</th>
                </tr>
              </thead>
              <tbody>
                {d.byCategory.map((c) => (
                  <tr key={c.category} data-key={c.category}>
                    <td>{cat(c.category)}</td>
                    <td>{c.calls}</td>
                    <td>{percent(c.share)}</td>
                    <td>{c.resolved}</td>
                    <td>{percent(c.fcrRate)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <div data-testid="desk-by-choice">
            <h3>{t('deskReport.byChoice')}</h3>
            <table class="grid compact">
              <thead>
                <tr>
                  <th>{t('deskReport.category')}</th>
                  <th>{t('deskReport.choice')}</th>
                  <th>{t('deskReport.calls')}</th>
                </tr>
              </thead>
              <tbody>
                {d.byCategoryAndChoice.map((c) => (
                  <tr key={`${c.category} ${c.choice}`} data-key={`${c.category}|${c.choice}`}>
                    <td>{cat(c.category)}</td>
                    <td>{c.choice === 'none' ? t('deskReport.noChoice') : c.choice}</td>
                    <td>{c.calls}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <ComplaintTable testid="desk-complaints-category" title={t('deskReport.complaintsByCategory')} head={t('deskReport.complaintCategory')} rows={d.complaints.byCategory} names={names?.categories} />
          <ComplaintTable testid="desk-complaints-department" title={t('deskReport.complaintsByDepartment')} head={t('deskReport.department')} rows={d.complaints.byDepartment} names={names?.departments} />
        </div>
      )}
    </section>
  );
}
