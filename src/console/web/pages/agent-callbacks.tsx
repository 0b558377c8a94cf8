import { Show, useApi } from '../components/ui.js';
import { lang, t } from '../i18n.js';
import { localDateTime } from '../lib/format.js';

/** A lead as the agent's screen shows it: the call in front of them and their callbacks. */
export interface Lead {
  id: number;
  campaignId: number;
  name: string | null;
  phone: string;
  altPhone: string | null;
  fields: Record<string, string>;
  callbackAt: number | null;
}

/** The agent's upcoming callbacks, soonest first. */
export function Callbacks({ agentId }: { agentId: string }) {
  const cbs = useApi<{ items: Lead[] }>(`/callbacks?agentId=${encodeURIComponent(agentId)}&limit=50`, 10_000);
  return (
    <div class="card" data-testid="callbacks">
      <h2>{t('agent.callbacks')}</h2>
      <Show loaded={cbs}>
        {(c) =>
          c.items.length === 0 ? (
            <p class="muted">{t('agent.noCallbacks')}</p>
          ) : (
            <table class="grid compact">
              <thead>
                <tr>
                  <th>{t('agent.callbackTime')}</th>
                  <th>{t('agent.customer')}</th>
                  <th>{t('agent.phone')}</th>
                </tr>
              </thead>
              <tbody>
                {[...c.items]
                  .sort((a, b) => (a.callbackAt ?? 0) - (b.callbackAt ?? 0))
                  .map((l) => (
                    <tr key={l.id} data-lead={l.id}>
                      <td>{localDateTime(l.callbackAt, Intl.DateTimeFormat().resolvedOptions().timeZone, lang())}</td>
                      <td>{l.name ?? ''}</td>
                      <td>{l.phone}</td>
                    </tr>
                  ))}
              </tbody>
            </table>
          )
        }
      </Show>
    </div>
  );
}
