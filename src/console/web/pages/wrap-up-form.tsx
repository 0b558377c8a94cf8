/**
 * The agent's wrap-up of an inbound call (issue 15 item 1): a category from the configured tree, notes, the result
 * (a callback at an agreed time becomes a callback the dialer makes) and a link to a work order or complaint. Saving
 * it ends after-call work. A refusal names the field the API blamed, in the console's language.
 */
import { useState } from 'preact/hooks';
import { ApiError, send } from '../api.js';
import { ErrorBox, useApi } from '../components/ui.js';
import { lang, t, tOr, type StringKey } from '../i18n.js';
import { localInputToIso } from '../lib/format.js';

export interface CategoryNode {
  key: string;
  zh: string;
  en: string;
  children?: CategoryNode[];
}
interface WrapUp {
  category: string;
  result: string;
  notes: string;
  callbackAt: number | null;
  workOrderNo: string | null;
}

const results = ['resolved', 'transferred', 'escalated', 'callback'] as const;
const fields = ['category', 'result', 'callbackAt', 'workOrderNo', 'newWorkOrder', 'complaintId', 'notes'] as const;

/** The label of a category key in the current language. */
export function labelOf(tree: readonly CategoryNode[], key: string): string {
  for (const n of tree) {
    if (n.key === key) return lang() === 'zh' ? n.zh : n.en;
    const inner = n.children ? labelOf(n.children, key) : '';
    if (inner) return inner;
  }
  return '';
}

function Options({ tree }: { tree: readonly CategoryNode[] }) {
  const name = (n: CategoryNode) => (lang() === 'zh' ? n.zh : n.en);
  return (
    <>
      {tree.map((n) =>
        n.children ? (
          <optgroup key={n.key} label={name(n)}>
            <option value={n.key}>{name(n)}</option>
            {n.children.map((c) => (
              <option key={c.key} value={c.key}>
                {name(n)} / {name(c)}
              </option>
            ))}
          </optgroup>
        ) : (
          <option key={n.key} value={n.key}>
            {name(n)}
          </option>
        ),
      )}
    </>
  );
}

/** The wrap-up form for one call, or what was saved for it. */
export function WrapUpForm({ channelId, owed, onSaved }: { channelId: string; owed: boolean; onSaved: () => void }) {
  const tree = useApi<{ items: CategoryNode[] }>('/desk/categories');
  const saved = useApi<WrapUp>(`/calls/${encodeURIComponent(channelId)}/wrap-up`);
  const [f, setF] = useState({ category: '', notes: '', result: 'resolved', at: '', workOrderNo: '', complaintId: '', newOrder: false });
  const [error, setError] = useState<unknown>();
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const items = tree.data?.items ?? [];
  if (saved.data)
    return (
      <p class="notice ok" data-testid="wrap-up-saved">
        {t('wrapup.saved', { category: labelOf(items, saved.data.category) || saved.data.category, result: tOr('wrapup.result', saved.data.result) })}
        {saved.data.workOrderNo && <span data-testid="wrap-up-order"> · {t('wrapup.order', { no: saved.data.workOrderNo })}</span>}
      </p>
    );
  const submit = async (e: Event) => {
    e.preventDefault();
    setError(undefined);
    const callbackAt = f.result === 'callback' && f.at ? localInputToIso(f.at) : null;
    try {
      await send('POST', `/calls/${encodeURIComponent(channelId)}/wrap-up`, {
        category: f.category,
        result: f.result,
        ...(f.notes.trim() ? { notes: f.notes.trim() } : {}),
        ...(callbackAt ? { callbackAt } : {}),
        // A new work order (a repair report) takes the notes as what is to be done; its number comes back with the wrap-up.
        ...(f.newOrder ? { newWorkOrder: { description: f.notes.trim() || labelOf(items, f.category) || f.category } } : {}),
        ...(!f.newOrder && f.workOrderNo.trim() ? { workOrderNo: f.workOrderNo.trim() } : {}),
        ...(f.complaintId.trim() ? { complaintId: Number(f.complaintId.trim()) } : {}),
      });
      saved.reload();
      onSaved();
    } catch (err) {
      setError(err);
    }
  };
  // A refusal inside the new work order (newWorkOrder.description…) is the new work order's.
  const field = error instanceof ApiError ? error.field?.split('.')[0] : undefined;
  const bad = field && (fields as readonly string[]).includes(field) ? field : undefined;
  return (
    <form class="wrap-up" data-testid="wrap-up" onSubmit={(e) => void submit(e)}>
      <h3>{t('wrapup.title')}</h3>
      {owed && <p class="notice" data-testid="wrap-up-owed">{t('wrapup.owed')}</p>}
      <label>
        {t('wrapup.category')}
        <select name="category" value={f.category} onChange={set('category')} aria-invalid={bad === 'category'}>
          <option value="">{t('wrapup.pick')}</option>
          <Options tree={items} />
        </select>
      </label>
      <label>
        {t('wrapup.result')}
        <select name="result" value={f.result} onChange={set('result')} aria-invalid={bad === 'result'}>
          {results.map((r) => (
            <option key={r} value={r}>
              {t(`wrapup.result.${r}` as StringKey)}
            </option>
          ))}
        </select>
      </label>
      {f.result === 'callback' && (
        <label class="inline">
          {t('wrapup.callbackAt')} <input type="datetime-local" name="callbackAt" value={f.at} onInput={set('at')} aria-invalid={bad === 'callbackAt'} />
        </label>
      )}
      <label class="inline">
        <input type="checkbox" name="newWorkOrder" checked={f.newOrder} onChange={(e) => setF({ ...f, newOrder: (e.target as HTMLInputElement).checked })} /> {t('wrapup.newWorkOrder')}
      </label>
      <label class="inline">
        {t('wrapup.workOrderNo')} <input name="workOrderNo" inputMode="numeric" value={f.workOrderNo} onInput={set('workOrderNo')} disabled={f.newOrder} aria-invalid={bad === 'workOrderNo'} />
      </label>
      <label class="inline">
        {t('wrapup.complaintId')} <input name="complaintId" inputMode="numeric" value={f.complaintId} onInput={set('complaintId')} aria-invalid={bad === 'complaintId'} />
      </label>
      <label>
        {t('agent.notes')}
        <textarea name="wrapNotes" rows={2} value={f.notes} onInput={set('notes')} />
      </label>
      <div class="buttons">
        <button class="primary" type="submit" data-action="save-wrap-up">
          {t('wrapup.save')}
        </button>
      </div>
      {bad && (
        <p class="notice error" data-testid="wrap-up-field">
          {t('wrapup.badField', { field: t(`wrapup.${bad}` as StringKey) })}
        </p>
      )}
      {error !== undefined && <ErrorBox error={error} />}
    </form>
  );
}

/**
 * The wrap-up card of the agent's screen: the call owing a wrap-up, else the inbound call in front of the agent, else
 * the last call wrapped up here (so the agent sees it was saved after going ready).
 */
export function WrapUpCard({ owed, call, onSaved }: { owed: string | null; call: { channelId: string; direction: string } | null; onSaved: () => void }) {
  const [last, setLast] = useState<string | null>(null);
  const channelId = owed ?? (call?.direction === 'inbound' ? call.channelId : null) ?? last;
  if (!channelId) return null;
  return (
    <div class="card">
      <WrapUpForm
        key={channelId}
        channelId={channelId}
        owed={owed === channelId}
        onSaved={() => {
          setLast(channelId);
          onSaved();
        }}
      />
    </div>
  );
}
