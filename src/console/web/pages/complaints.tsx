/**
 * The supervisor's complaint list (issue 15 item 2): every complaint with its category, department, state, who has
 * it and its deadline, overdue ones marked (and a filter for chasing them), the moves its state allows (a resolution
 * asks for its text), and a complaint's history. Agents open complaints from their wrap-up or the API.
 */
import { useState } from 'preact/hooks';
import { send } from '../api.js';
import { Badge, ErrorBox, Show, useApi } from '../components/ui.js';
import { lang, t, tOr, type StringKey } from '../i18n.js';
import { localDateTime } from '../lib/format.js';

interface Keyed {
  key: string;
  zh: string;
  en: string;
}
interface Complaint {
  id: number;
  callerNumber: string;
  category: string;
  department: string;
  description: string;
  state: string;
  escalation: string;
  dueAt: number;
  overdue: boolean;
  resolution: string | null;
  allowedActions: string[];
}

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const label = (list: readonly Keyed[] | undefined, key: string) => {
  const k = list?.find((x) => x.key === key);
  return k ? (lang() === 'zh' ? k.zh : k.en) : key;
};

function Row({ c, names, onMoved }: { c: Complaint; names: { categories: Keyed[]; departments: Keyed[] } | undefined; onMoved: () => void }) {
  const [resolution, setResolution] = useState('');
  const [error, setError] = useState<unknown>();
  const act = async (action: string) => {
    setError(undefined);
    try {
      await send('POST', `/complaints/${c.id}/actions`, { action, ...(action === 'resolve' ? { resolution } : {}) });
      onMoved();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <tr data-complaint={c.id} class={c.overdue ? 'overdue' : ''}>
      <td>{c.id}</td>
      <td>{label(names?.categories, c.category)}</td>
      <td>{label(names?.departments, c.department)}</td>
      <td>{c.callerNumber}</td>
      <td class="desc">{c.description}</td>
      <td>
        <Badge kind={`cp-${c.state}`}>{tOr('complaint.state', c.state)}</Badge> <span class="muted small">{tOr('complaint.level', c.escalation)}</span>
      </td>
      <td data-testid="deadline">
        {localDateTime(c.dueAt, zone(), lang())} {c.overdue && <Badge kind="overdue">{t('complaint.overdue')}</Badge>}
      </td>
      <td>
        {c.allowedActions.includes('resolve') && (
          <input name="resolution" placeholder={t('complaint.resolution')} value={resolution} onInput={(e) => setResolution((e.target as HTMLInputElement).value)} />
        )}
        {c.allowedActions.map((a) => (
          <button key={a} data-action={a} onClick={() => void act(a)}>
            {t(`complaint.action.${a}` as StringKey)}
          </button>
        ))}
        {error !== undefined && <ErrorBox error={error} />}
      </td>
    </tr>
  );
}

/** The complaints page. */
export function ComplaintsPage() {
  const [overdueOnly, setOverdueOnly] = useState(false);
  const names = useApi<{ categories: Keyed[]; departments: Keyed[] }>('/desk/complaint-categories');
  const list = useApi<{ items: Complaint[] }>(`/complaints?limit=500${overdueOnly ? '&overdue=true' : ''}`, 10_000);
  return (
    <section data-testid="complaints-page">
      <h1>{t('complaint.title')}</h1>
      <label class="inline">
        <input type="checkbox" name="overdue" checked={overdueOnly} onChange={(e) => setOverdueOnly((e.target as HTMLInputElement).checked)} /> {t('complaint.overdueOnly')}
      </label>
      <Show loaded={list}>
        {(l) =>
          l.items.length === 0 ? (
            <p class="muted">{t('complaint.none')}</p>
          ) : (
            <table class="grid">
              <thead>
                <tr>
                  <th>#</th>
                  <th>{t('complaint.category')}</th>
                  <th>{t('complaint.department')}</th>
                  <th>{t('agent.phone')}</th>
                  <th>{t('complaint.description')}</th>
                  <th>{t('complaint.state')}</th>
                  <th>{t('complaint.deadline')}</th>
                  <th>{t('complaint.actions')}</th>
                </tr>
              </thead>
              <tbody>
                {[...l.items]
                  .sort((a, b) => a.dueAt - b.dueAt)
                  .map((c) => (
                    <Row key={`${c.id}-${c.state}-${c.escalation}`} c={c} names={names.data} onMoved={list.reload} />
                  ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </section>
  );
}
