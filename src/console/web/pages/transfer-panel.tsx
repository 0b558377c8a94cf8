import { useState } from 'preact/hooks';
import { send } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t } from '../i18n.js';

type Kind = 'agent' | 'group' | 'number';
interface Status {
  state: string;
}

const targetOf = (kind: Kind, value: string) =>
  kind === 'agent' ? { kind, agentId: value } : kind === 'group' ? { kind, groupId: value } : { kind, number: value };

/**
 * Transfers from the agent's current call (issue 13): blind or consult to an agent, a skill group or an outside
 * number; while consulting, complete, cancel or a three-way conference. The API refuses with a code the box shows.
 */
export function TransferPanel({ channelId }: { channelId: string }) {
  const [kind, setKind] = useState<Kind>('agent');
  const [value, setValue] = useState('');
  const [state, setState] = useState('talking');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>();
  const base = `/calls/${encodeURIComponent(channelId)}/transfer`;
  const act = async (path: string, body?: unknown) => {
    setBusy(true);
    setError(undefined);
    try {
      setState((await send<Status>('POST', path, body)).state);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const inCall = state === 'consulting' || state === 'conference';
  return (
    <div class="buttons" data-testid="call-transfer" data-state={state}>
      {state === 'talking' && (
        <>
          <select aria-label={t('transfer.kind')} value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value as Kind)}>
            <option value="agent">{t('transfer.kind.agent')}</option>
            <option value="group">{t('transfer.kind.group')}</option>
            <option value="number">{t('transfer.kind.number')}</option>
          </select>
          <input aria-label={t('transfer.target')} value={value} onInput={(e) => setValue((e.target as HTMLInputElement).value)} />
          <button data-action="transfer-blind" disabled={busy || value.trim() === ''} onClick={() => void act(base, { target: targetOf(kind, value.trim()), mode: 'blind' })}>
            {t('transfer.blind')}
          </button>
          {kind !== 'group' && (
            <button data-action="transfer-consult" disabled={busy || value.trim() === ''} onClick={() => void act(base, { target: targetOf(kind, value.trim()), mode: 'consult' })}>
              {t('transfer.consult')}
            </button>
          )}
        </>
      )}
      {inCall && (
        <>
          <button data-action="transfer-complete" disabled={busy} onClick={() => void act(`${base}/complete`)}>
            {t('transfer.complete')}
          </button>
          <button data-action="transfer-cancel" disabled={busy || state === 'conference'} onClick={() => void act(`${base}/cancel`)}>
            {t('transfer.cancel')}
          </button>
          {state === 'consulting' && (
            <button data-action="transfer-conference" disabled={busy} onClick={() => void act(`${base}/conference`)}>
              {t('transfer.conference')}
            </button>
          )}
        </>
      )}
      {state === 'transferred' && <span class="muted">{t('transfer.done')}</span>}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}
