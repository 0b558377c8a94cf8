/** The wallboard: live calls, queue waits, agents by state, today's 10-second answer rate, abandon gauges per campaign. */
import { useEffect, useState } from 'preact/hooks';
import type { Me } from '../api.js';
import { Gauge } from '../components/charts.js';
import { Badge, ErrorBox, Tile, useApi, useNow } from '../components/ui.js';
import { t, tOr } from '../i18n.js';
import { duration, localDate, percent, ratio } from '../lib/format.js';
import { agentsByState } from '../lib/live-state.js';
import { useLive } from '../live.js';
import type { Campaign } from './campaigns.js';
import { PhoneCard } from '../phone/phone-card.js';
import { MonitorControls, MonitorPhonePicker, useMonitorPhone } from './monitor-controls.js';

interface Kpis {
  timeZone: string;
  // 接起率 is over every inbound call (总呼入量, the IVR's and after hours' too: docs/domain.md); the rate over the calls
  // offered to agents is shown beside it, named apart.
  inbound: { calls: number; offered: number; answeredWithin10s: number; answerRate10s: number | null; answerRate10sOfOffered: number | null };
}

let marked = false;

/** The wallboard page. */
export function WallboardPage({ me }: { me: Me }) {
  const live = useLive();
  const now = useNow();
  const today = localDate(Date.now(), 'Asia/Shanghai');
  const kpis = useApi<Kpis>(me.permissions.includes('report:read') ? `/reports/kpis?from=${today}&to=${today}` : null, 60_000);
  const s = live.snapshot;
  // Issue 13: supervisors monitor agents' calls from here; the buttons are not rendered for other roles.
  const canMonitor = me.permissions.includes('call:monitor');
  // Their browser phone to monitor on (the endpoint comes with its credential), or a desk phone by its endpoint.
  const browserAllowed = canMonitor && me.permissions.includes('phone:use');
  const [monitorPhone, setMonitorPhone] = useMonitorPhone(browserAllowed);
  const [browserEndpoint, setBrowserEndpoint] = useState<string | null>(null);
  const monitorEndpoint = monitorPhone.kind === 'browser' ? (browserEndpoint ?? '') : monitorPhone.desk.trim();
  useEffect(() => {
    // The first full render of the live picture: what the console benchmark times.
    if (s && !marked) {
      marked = true;
      requestAnimationFrame(() => performance.mark('wallboard-rendered'));
    }
  }, [s]);
  if (live.error !== undefined) return <ErrorBox error={live.error} />;
  if (!s) return <p class="muted">{t('app.loading')}</p>;
  const inbound = s.calls.filter((c) => c.direction === 'inbound').length;
  const withAgent = s.calls.filter((c) => c.agentId !== null).length;
  const inIvr = s.calls.filter((c) => c.agentId === null && c.node !== null).length;
  const longest = s.queues.reduce((m, q) => Math.max(m, now - q.queuedAt), 0);
  const states = agentsByState(s.agents);
  const sl = kpis.data?.inbound;
  return (
    <section class="wallboard" data-testid="wallboard">
      <div class="title-row">
        <h1>{t('wall.title')}</h1>
        <Badge kind={live.connected ? 'live' : 'offline'}>{live.connected ? t('app.live') : t('app.offline')}</Badge>
      </div>
      <div class="tiles">
        <Tile testid="tile-calls" label={t('wall.calls')} value={s.calls.length} sub={`${t('wall.inbound')} ${inbound} · ${t('wall.outbound')} ${s.calls.length - inbound}`} />
        <Tile label={t('wall.withAgent')} value={withAgent} sub={`${t('wall.inIvr')} ${inIvr}`} />
        <Tile testid="tile-waiting" label={t('wall.waiting')} value={s.queues.length} sub={`${t('wall.longest')} ${duration(longest)}`} />
        <Tile
          testid="tile-sl"
          label={t('wall.sl10')}
          value={sl ? percent(sl.answerRate10s) : '–'}
          sub={sl ? t('wall.slDetail', { fast: sl.answeredWithin10s, calls: sl.calls, offered: percent(sl.answerRate10sOfOffered) }) : kpis.error !== undefined ? t('app.forbidden') : ''}
        />
      </div>
      <h2>{t('wall.agents')}</h2>
      <div class="state-strip" data-testid="agent-states">
        {Object.entries(states).map(([st, n]) => (
          <span key={st} class={`st st-${st}`} data-state={st}>
            {tOr('agentState', st)} <b>{n}</b>
          </span>
        ))}
      </div>
      {canMonitor && <MonitorPhonePicker phone={monitorPhone} onChange={setMonitorPhone} browserAllowed={browserAllowed} />}
      {browserAllowed && monitorPhone.kind === 'browser' && <PhoneCard monitor onEndpoint={setBrowserEndpoint} />}
      <div class={canMonitor ? 'agents-grid monitoring' : 'agents-grid'}>
        {s.agents.map((a) => (
          <div key={a.id} class={`agent-card st-${a.state}`} data-agent={a.id} title={a.pauseReason ?? ''}>
            <b>{a.id}</b> <span>{tOr('agentState', a.state)}</span> <span class="muted">{duration(now - a.since)}</span>
            {canMonitor && a.callId !== null && <MonitorControls key={a.callId} channelId={a.callId} live={a.monitored} endpoint={monitorEndpoint} />}
          </div>
        ))}
      </div>
      <h2>{t('wall.abandon')}</h2>
      <div class="gauges">
        {s.campaigns.length === 0 && <p class="muted">{t('wall.noCampaigns')}</p>}
        {s.campaigns.map((c) => {
          const w = c.abandonWindow;
          return <Gauge key={c.id} rate={w.rate} limit={w.limit} label={c.name} sub={`${w.abandons}/${w.lives} · ${tOr('window', w.window)} · ${t('wall.limit', { limit: percent(w.limit) })}`} />;
        })}
      </div>
      <div class="two">
        <div>
          <h2>{t('wall.queues')}</h2>
          <table class="grid compact" data-testid="queues">
            <thead>
              <tr>
                <th>{t('wall.group')}</th>
                <th>{t('wall.waited')}</th>
                <th>{t('wall.ringing')}</th>
              </tr>
            </thead>
            <tbody>
              {[...s.queues]
                .sort((a, b) => a.queuedAt - b.queuedAt)
                .map((q) => (
                  <tr key={q.channelId}>
                    <td>{q.group}</td>
                    <td>{duration(now - q.queuedAt)}</td>
                    <td>{q.ringing ?? ''}</td>
                  </tr>
                ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>{t('wall.liveCalls')}</h2>
          <table class="grid compact" data-testid="live-calls">
            <thead>
              <tr>
                <th>{t('wall.direction')}</th>
                <th>{t('wall.number')}</th>
                <th>{t('wall.where')}</th>
                <th>{t('wall.duration')}</th>
              </tr>
            </thead>
            <tbody>
              {s.calls.map((c) => (
                <tr key={c.channelId} data-call={c.channelId}>
                  <td>{c.direction === 'inbound' ? t('wall.inbound') : t('wall.outbound')}</td>
                  <td>{c.direction === 'inbound' ? c.callerNumber : c.calledNumber}</td>
                  <td>{c.agentId ? `${t('wall.agent')} ${c.agentId}` : (c.node ?? '')}</td>
                  <td>{duration(now - (c.answeredAt ?? c.startedAt))}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </div>
    </section>
  );
}
