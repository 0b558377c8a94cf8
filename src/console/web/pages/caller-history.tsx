/**
 * The caller history beside the call in front of the agent (issue 15 item 4): shown from the moment the call is
 * offered, so the agent knows before answering what the caller called about before, which complaints are still open,
 * their work orders and the callbacks owed. What the role may see (masked numbers, others' notes) is the API's choice.
 */
import { Badge, Show, useApi } from '../components/ui.js';
import { lang, t, tOr } from '../i18n.js';
import { localDateTime } from '../lib/format.js';
import { labelOf, type CategoryNode } from './wrap-up-form.js';

interface Keyed {
  key: string;
  zh: string;
  en: string;
}
interface History {
  number: string | null;
  calls: Array<{ channelId: string; startedAt: number; agentId: string | null; category: string | null; result: string | null; notes: string | null; notesHidden: boolean; workOrderNo: string | null }>;
  complaints: Array<{ id: number; category: string; description: string; state: string; dueAt: number; overdue: boolean }>;
  workOrders: Array<{ orderNo: string; status: string; description: string; completeBy: number | null; overdue: boolean }>;
  callbacks: Array<{ id: number; reason: string; dueAt: number | null; state: string; createdAt: number }>;
}

const zone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;
const when = (ms: number | null) => localDateTime(ms, zone(), lang());
const named = (list: readonly Keyed[] | undefined, key: string) => {
  const k = list?.find((x) => x.key === key);
  return k ? (lang() === 'zh' ? k.zh : k.en) : key;
};

function Calls({ h, tree }: { h: History; tree: readonly CategoryNode[] }) {
  return (
    <>
      <h3>{t('history.calls')}</h3>
      <table class="grid compact" data-testid="history-calls">
        <thead>
          <tr>
            <th>{t('history.time')}</th>
            <th>{t('history.category')}</th>
            <th>{t('history.result')}</th>
            <th>{t('history.agent')}</th>
            <th>{t('history.notes')}</th>
          </tr>
        </thead>
        <tbody>
          {h.calls.map((c) => (
            <tr key={c.channelId} data-call={c.channelId}>
              <td>{when(c.startedAt)}</td>
              <td data-testid="history-category">{c.category ? labelOf(tree, c.category) || c.category : <span class="muted">{t('history.noWrapUp')}</span>}</td>
              <td>{c.result ? tOr('wrapup.result', c.result) : ''}</td>
              <td>{c.agentId ?? ''}</td>
              <td>
                {c.notesHidden ? <span class="muted small">{t('history.notesHidden')}</span> : (c.notes ?? '')}
                {c.workOrderNo && <span class="muted small"> · {t('wrapup.order', { no: c.workOrderNo })}</span>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

function Lists({ h, complaintNames }: { h: History; complaintNames: readonly Keyed[] | undefined }) {
  return (
    <>
      {h.complaints.length > 0 && (
        <>
          <h3>{t('history.complaints')}</h3>
          <ul data-testid="history-complaints">
            {h.complaints.map((c) => (
              <li key={c.id} data-complaint={c.id}>
                #{c.id} {named(complaintNames, c.category)} · <Badge kind={`cp-${c.state}`}>{tOr('complaint.state', c.state)}</Badge> · {t('complaint.deadline')} {when(c.dueAt)}{' '}
                {c.overdue && <Badge kind="overdue">{t('complaint.overdue')}</Badge>} <span class="muted small">{c.description}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {h.workOrders.length > 0 && (
        <>
          <h3>{t('history.workOrders')}</h3>
          <ul data-testid="history-orders">
            {h.workOrders.map((o) => (
              <li key={o.orderNo} data-order={o.orderNo}>
                {o.orderNo} · {tOr('workorder.status', o.status)} · {t('history.deadline')} {when(o.completeBy)}{' '}
                {o.overdue && <Badge kind="overdue">{t('complaint.overdue')}</Badge>} <span class="muted small">{o.description}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {h.callbacks.length > 0 && (
        <>
          <h3>{t('history.callbacks')}</h3>
          <ul data-testid="history-callbacks">
            {h.callbacks.map((c) => (
              <li key={c.id} data-callback={c.id}>
                {when(c.dueAt ?? c.createdAt)} · {tOr('callback.reason', c.reason)} · {tOr('callback.state', c.state)}
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/** The history card for an inbound call, or nothing for an outbound one. */
export function CallerHistory({ channelId }: { channelId: string }) {
  const history = useApi<History>(`/calls/${encodeURIComponent(channelId)}/caller-history`);
  const tree = useApi<{ items: CategoryNode[] }>('/desk/categories');
  const names = useApi<{ categories: Keyed[] }>('/desk/complaint-categories');
  return (
    <div class="card" data-testid="caller-history">
      <Show loaded={history}>
        {(h) => (
          <>
            <h2>
              {t('history.title')} {h.number && <span class="muted small">{h.number}</span>}
            </h2>
            {h.number === null && <p class="muted">{t('history.withheld')}</p>}
            {h.number !== null && h.calls.length === 0 && <p class="muted" data-testid="history-first">{t('history.first')}</p>}
            {h.calls.length > 0 && <Calls h={h} tree={tree.data?.items ?? []} />}
            <Lists h={h} complaintNames={names.data?.categories} />
          </>
        )}
      </Show>
    </div>
  );
}
