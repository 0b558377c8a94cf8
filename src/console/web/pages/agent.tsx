/**
 * The agent's screen: log in, ready, pause with a reason; the call in front of them (customer, lead fields, the
 * campaign's script); the disposition buttons with notes; an inbound caller's history; their upcoming callbacks. Supervisors may open it for any agent.
 */
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { send, type Me } from '../api.js';
import { Badge, ErrorBox, Show, useApi } from '../components/ui.js';
import { t, tOr, type StringKey } from '../i18n.js';
import { duration, localInputToIso } from '../lib/format.js';
import type { Campaign } from './campaigns.js';
import { CallerHistory } from './caller-history.js';
import { WrapUpCard } from './wrap-up-form.js';
import { PhoneCard } from '../phone/phone-card.js';
import { CallControls } from './call-controls.js';
import { Callbacks, type Lead } from './agent-callbacks.js';
import { useOwnLive } from '../live.js';

interface Agent {
  id: string;
  name: string;
  state: string;
  since: number;
  pauseReason: string | null;
  wrapUpOwed: string | null;
  currentCall: { channelId: string; direction: 'inbound' | 'outbound'; callerNumber: string | null; calledNumber: string | null; answeredAt: number | null; startedAt: number; queueGroup: string | null; campaignId: number | null } | null;
}
interface Attempt {
  id: number;
  campaignId: number;
  leadId: number;
  phone: string;
  channelId: string | null;
  connectedAt: number | null;
  disposition: string | null;
}

const dispositions = ['success', 'not-interested', 'wrong-party', 'callback-at', 'callback-later', 'dnc'] as const;
const reasons = ['break', 'lunch', 'training', 'meeting'] as const;

function StateControls({ agent, onChanged }: { agent: Agent; onChanged: () => void }) {
  const [reason, setReason] = useState<string>('break');
  const [error, setError] = useState<unknown>();
  const act = async (what: 'login' | 'ready' | 'pause' | 'logout') => {
    try {
      setError(undefined);
      await send('POST', `/agents/${agent.id}/${what}`, what === 'pause' ? { reason } : undefined);
      onChanged();
    } catch (err) {
      setError(err);
    }
  };
  const s = agent.state;
  return (
    <div class="card" data-testid="agent-state">
      <h2>
        {agent.name} ({agent.id}) <Badge kind={`st-${s}`}>{tOr('agentState', s)}</Badge>{' '}
        <span class="muted small">
          {t('agent.since', { time: duration(Date.now() - agent.since) })}
          {agent.pauseReason ? ` · ${tOr('agent.reason', agent.pauseReason)}` : ''}
        </span>
      </h2>
      <div class="buttons">
        {s === 'logged-out' && (
          <button class="primary" data-action="login" onClick={() => act('login')}>
            {t('agent.login')}
          </button>
        )}
        {(s === 'paused' || s === 'logged-out') && (
          <button class="primary" data-action="ready" onClick={() => act('ready')}>
            {t('agent.ready')}
          </button>
        )}
        {s !== 'logged-out' && s !== 'paused' && (
          <>
            <select name="reason" value={reason} onChange={(e) => setReason((e.target as HTMLSelectElement).value)} aria-label={t('agent.reason')}>
              {reasons.map((r) => (
                <option key={r} value={r}>
                  {t(`agent.reason.${r}` as StringKey)}
                </option>
              ))}
            </select>
            <button data-action="pause" onClick={() => act('pause')}>
              {t('agent.pause')}
            </button>
          </>
        )}
        {s !== 'logged-out' && (
          <button data-action="logout" onClick={() => act('logout')}>
            {t('agent.logout')}
          </button>
        )}
      </div>
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}

function Disposition({ attempt, onDone }: { attempt: Attempt; onDone: () => void }) {
  const [notes, setNotes] = useState('');
  const [at, setAt] = useState('');
  const [result, setResult] = useState('');
  const [error, setError] = useState<unknown>();
  const record = async (d: (typeof dispositions)[number]) => {
    setError(undefined);
    const callbackAt = d === 'callback-at' ? localInputToIso(at) : null;
    if (d === 'callback-at' && !callbackAt) {
      setError(new Error(t('agent.needTime')));
      return;
    }
    try {
      const r = await send<{ leadState: string }>('POST', `/attempts/${attempt.id}/disposition`, {
        disposition: d,
        ...(callbackAt ? { callbackAt } : {}),
        ...(notes.trim() ? { notes: notes.trim() } : {}),
      });
      setResult(t('agent.done', { state: tOr('lead', r.leadState) }));
      onDone();
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="disposition" data-testid="disposition">
      <h3>{t('agent.disposition')}</h3>
      <label>
        {t('agent.notes')}
        <textarea name="notes" rows={2} value={notes} onInput={(e) => setNotes((e.target as HTMLTextAreaElement).value)} />
      </label>
      <label class="inline">
        {t('agent.callbackAt')} <input type="datetime-local" name="callbackAt" value={at} onInput={(e) => setAt((e.target as HTMLInputElement).value)} />
      </label>
      <div class="buttons">
        {dispositions.map((d) => (
          <button key={d} data-disposition={d} class={d === 'success' ? 'primary' : d === 'dnc' ? 'danger' : ''} onClick={() => void record(d)}>
            {t(`disp.${d}` as StringKey)}
          </button>
        ))}
      </div>
      {result && <p class="notice ok">{result}</p>}
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}

function CurrentCall({ agent, attempts, onDisposed }: { agent: Agent; attempts: Attempt[]; onDisposed: () => void }) {
  const call = agent.currentCall;
  // The call in front of the agent, or the last one still waiting for its result (wrap-up may be over).
  const attempt = (call && attempts.find((a) => a.channelId === call.channelId)) ?? attempts.find((a) => a.connectedAt !== null && a.disposition === null);
  const lead = useApi<Lead>(attempt ? `/leads/${attempt.leadId}` : null);
  const campaign = useApi<Campaign>(attempt ? `/campaigns/${attempt.campaignId}` : null);
  if (!call && !attempt)
    return (
      <div class="card" data-testid="current-call">
        <h2>{t('agent.current')}</h2>
        <p class="muted">{t('agent.noCall')}</p>
      </div>
    );
  const number = call ? (call.direction === 'inbound' ? call.callerNumber : call.calledNumber) : attempt!.phone;
  return (
    <div class="card" data-testid="current-call">
      <h2>
        {t('agent.current')} {call && <span class="muted small">{duration(Date.now() - (call.answeredAt ?? call.startedAt))}</span>}
      </h2>
      {call && !attempt && call.direction === 'inbound' && <p>{t('agent.inbound', { group: call.queueGroup ?? '' })}</p>}
      {call && call.answeredAt !== null && <CallControls key={call.channelId} channelId={call.channelId} />}
      <dl class="fields">
        <dt>{t('agent.customer')}</dt>
        <dd data-testid="customer">{lead.data?.name ?? '–'}</dd>
        <dt>{t('agent.phone')}</dt>
        <dd>{attempt?.phone ?? number}</dd>
        {campaign.data && (
          <>
            <dt>{t('agent.campaign')}</dt>
            <dd>{campaign.data.name}</dd>
          </>
        )}
      </dl>
      {lead.data && Object.keys(lead.data.fields).length > 0 && (
        <>
          <h3>{t('agent.leadFields')}</h3>
          <dl class="fields">
            {Object.entries(lead.data.fields).map(([k, v]) => (
              <Fragment key={k}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </Fragment>
            ))}
          </dl>
        </>
      )}
      {campaign.data?.settings.script && (
        <>
          <h3>{t('agent.script')}</h3>
          <blockquote class="script">{campaign.data.settings.script}</blockquote>
        </>
      )}
      {attempt && attempt.disposition === null && <Disposition key={attempt.id} attempt={attempt} onDone={onDisposed} />}
      {attempt && attempt.disposition !== null && <p class="notice ok">{t('agent.done', { state: tOr('disp', attempt.disposition) })}</p>}
    </div>
  );
}

function AgentScreen({ agentId }: { agentId: string }) {
  const agent = useApi<Agent>(`/agents/${encodeURIComponent(agentId)}`, 1500);
  const attempts = useApi<{ items: Attempt[] }>(`/attempts?agentId=${encodeURIComponent(agentId)}&limit=10`, 2000);
  const [gen, setGen] = useState(0);
  return (
    <Show loaded={agent}>
      {(a) => (
        <div class="agent-screen">
          <StateControls agent={a} onChanged={agent.reload} />
          <CurrentCall
            agent={a}
            attempts={attempts.data?.items ?? []}
            onDisposed={() => {
              attempts.reload();
              setGen((g) => g + 1);
            }}
          />
          {a.currentCall?.direction === 'inbound' && <CallerHistory key={a.currentCall.channelId} channelId={a.currentCall.channelId} />}
          <WrapUpCard owed={a.wrapUpOwed} call={a.currentCall} onSaved={agent.reload} />
          <Callbacks key={gen} agentId={agentId} />
        </div>
      )}
    </Show>
  );
}

/** The agent console page. */
export function AgentPage({ me }: { me: Me }) {
  const list = useApi<{ items: Array<{ id: string; name: string }> }>(me.agentId ? null : '/agents');
  const [picked, setPicked] = useState<string | null>(null);
  const agentId = me.agentId ?? picked ?? list.data?.items[0]?.id ?? null;
  // Issue 13: pushed on the agent's own live feed; the server leaves it null when the centre hides it (phone.showMonitored).
  const own = useOwnLive(me.agentId !== null && me.permissions.includes('live:own'));
  return (
    <section data-testid="agent-page">
      <h1>
        {t('agent.title')}{' '}
        {own?.monitored && (
          <span class="badge b-monitored" role="status" data-testid="monitored-badge" data-mode={own.monitored}>
            {t('monitor.badge')}
          </span>
        )}
      </h1>
      {!me.agentId && (
        <>
          {list.error !== undefined && <ErrorBox error={list.error} />}
          <label class="inline">
            {t('agent.pick')}{' '}
            <select name="agent" value={agentId ?? ''} onChange={(e) => setPicked((e.target as HTMLSelectElement).value)}>
              {(list.data?.items ?? []).map((a) => (
                <option key={a.id} value={a.id}>
                  {a.id} {a.name}
                </option>
              ))}
            </select>
          </label>
        </>
      )}
      {/* The agent's own phone, outside the polled screen: a reload must never tear down a call. */}
      {me.agentId !== null && me.permissions.includes('phone:use') && <PhoneCard />}
      {agentId && <AgentScreen key={agentId} agentId={agentId} />}
    </section>
  );
}
