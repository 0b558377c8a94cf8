/**
 * The browser phone's card on the agent console: desk or browser phone (the agent's choice, kept in this browser),
 * auto-answer for dialer calls, the connection state, the ringing call with its answer button, mute, hold, the DTMF
 * keypad, microphone and speaker, the audio flowing, and a plain message when something is wrong.
 */
import { useEffect, useReducer, useRef, useState } from 'preact/hooks';
import { t, type StringKey } from '../i18n.js';
import { keypad, phoneIdle, phoneStep } from './phone-state.js';
import { SipPhone, type AudioFlow } from './sip-phone.js';

const kindKey = 'hotline.phone.kind';
const autoKey = 'hotline.phone.autoAnswer';

function useDevices(kind: MediaDeviceKind, on: boolean): MediaDeviceInfo[] {
  const [list, setList] = useState<MediaDeviceInfo[]>([]);
  useEffect(() => {
    if (!on) return;
    void navigator.mediaDevices
      ?.enumerateDevices()
      .then((d) => setList(d.filter((x) => x.kind === kind && x.deviceId !== '')))
      .catch(() => undefined);
  }, [kind, on]);
  return list;
}

/**
 * The phone card. An agent's token gets a browser phone for its own agent; a supervisor's, in `monitor` mode on the
 * wallboard, one to monitor calls on (always the browser phone there, no auto-answer choice: monitor calls answer by
 * themselves), and `onEndpoint` tells the wallboard the endpoint to ring once the credential is issued.
 */
export function PhoneCard({ monitor = false, onEndpoint }: { monitor?: boolean; onEndpoint?: (endpoint: string | null) => void } = {}) {
  const [state, dispatch] = useReducer(phoneStep, phoneIdle);
  const [kindChosen, setKind] = useState<'desk' | 'browser'>(() => (localStorage.getItem(kindKey) === 'browser' ? 'browser' : 'desk'));
  const kind = monitor ? 'browser' : kindChosen;
  const [auto, setAuto] = useState(() => localStorage.getItem(autoKey) === 'yes');
  const [flow, setFlow] = useState<AudioFlow | null>(null);
  const phone = useRef<SipPhone | null>(null);
  const mics = useDevices('audioinput', kind === 'browser');
  const speakers = useDevices('audiooutput', kind === 'browser');

  useEffect(() => {
    if (!monitor) localStorage.setItem(kindKey, kind);
    if (kind !== 'browser') return;
    const p = new SipPhone(dispatch);
    p.autoAnswer = localStorage.getItem(autoKey) === 'yes';
    phone.current = p;
    void p.start().then(() => onEndpoint?.(p.endpoint));
    return () => {
      phone.current = null;
      onEndpoint?.(null);
      void p.stop();
    };
  }, [kind]);

  // Applied in the click itself, not in an effect after the next render: a dialer call arriving in between would
  // otherwise still be answered by the old setting.
  const changeAuto = (on: boolean): void => {
    localStorage.setItem(autoKey, on ? 'yes' : 'no');
    if (phone.current) phone.current.autoAnswer = on;
    setAuto(on);
  };

  // The audio figures while a call is on: the agent sees sound arriving and leaving.
  useEffect(() => {
    if (state.call !== 'talking') return;
    const id = setInterval(() => void phone.current?.audioFlow().then(setFlow), 1000);
    return () => clearInterval(id);
  }, [state.call]);

  const p = phone.current;
  const kb = (n: number) => (n / 1024).toFixed(1);
  return (
    <div class="card phone" data-testid="phone">
      <h2>
        {t('phone.title')}{' '}
        <span class={`badge b-phone-${state.conn}`} data-testid="phone-conn" data-conn={state.conn}>
          {t(`phone.conn.${state.conn}` as StringKey)}
        </span>
      </h2>
      {!monitor && (
        <div class="buttons">
          <label class="inline">
            {t('phone.kind')}{' '}
            <select name="phoneKind" value={kind} onChange={(e) => setKind((e.target as HTMLSelectElement).value === 'browser' ? 'browser' : 'desk')}>
              <option value="desk">{t('phone.kind.desk')}</option>
              <option value="browser">{t('phone.kind.browser')}</option>
            </select>
          </label>
          <label class="inline">
            <input type="checkbox" name="autoAnswer" checked={auto} onChange={(e) => changeAuto((e.target as HTMLInputElement).checked)} /> {t('phone.autoAnswer')}
          </label>
        </div>
      )}
      {kind === 'browser' && (
        <div class="buttons">
          <label class="inline">
            {t('phone.mic')}{' '}
            <select name="mic" onChange={(e) => p && (p.micId = (e.target as HTMLSelectElement).value || undefined)}>
              <option value="">{t('phone.default')}</option>
              {mics.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId.slice(0, 8)}
                </option>
              ))}
            </select>
          </label>
          <label class="inline">
            {t('phone.speaker')}{' '}
            <select name="speaker" onChange={(e) => void p?.setSpeaker((e.target as HTMLSelectElement).value).catch(() => undefined)}>
              <option value="">{t('phone.default')}</option>
              {speakers.map((d) => (
                <option key={d.deviceId} value={d.deviceId}>
                  {d.label || d.deviceId.slice(0, 8)}
                </option>
              ))}
            </select>
          </label>
        </div>
      )}
      {state.problem && (
        <p class="notice error" role="alert" data-testid="phone-problem" data-problem={state.problem}>
          {t(`phone.problem.${state.problem}` as StringKey)}
        </p>
      )}
      {state.call === 'ringing' && (
        <div class="phone-call ringing" data-testid="phone-ringing">
          <strong>{t('phone.ringing', { from: state.peer ?? '' })}</strong>{' '}
          <button class="primary" data-action="answer" onClick={() => p?.answer()}>
            {t('phone.answer')}
          </button>{' '}
          <button class="danger" data-action="reject" onClick={() => p?.hangup()}>
            {t('phone.hangup')}
          </button>
        </div>
      )}
      {(state.call === 'talking' || state.call === 'answering') && (
        <div class="phone-call" data-testid="phone-call" data-call={state.call} data-held={String(state.held)} data-muted={String(state.muted)}>
          <strong>{t('phone.talking', { from: state.peer ?? '' })}</strong>
          <div class="buttons">
            <button data-action="mute" onClick={() => p?.mute(!state.muted)}>
              {state.muted ? t('phone.unmute') : t('phone.mute')}
            </button>
            <button data-action="hold" onClick={() => p?.hold(!state.held)}>
              {state.held ? t('phone.unhold') : t('phone.hold')}
            </button>
            <button class="danger" data-action="hangup" onClick={() => p?.hangup()}>
              {t('phone.hangup')}
            </button>
          </div>
          <div class="keypad" data-testid="phone-keypad">
            {keypad.map((k) => (
              <button key={k} data-key={k} onClick={() => p?.dtmf(k)}>
                {k}
              </button>
            ))}
          </div>
          {flow && (
            <p class="muted small" data-testid="phone-audio" data-in={flow.inBytes} data-out={flow.outBytes}>
              {t('phone.audio', { in: kb(flow.inBytes), out: kb(flow.outBytes) })}
            </p>
          )}
        </div>
      )}
    </div>
  );
}
