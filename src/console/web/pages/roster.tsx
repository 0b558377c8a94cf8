/**
 * The roster (issue 16): a day's forecast, the agents Erlang C requires and the agents rostered per half-hour, short
 * intervals marked; shifts with swaps (the API refuses a sixth in a month) and the handover note.
 */
import { useEffect, useState } from 'preact/hooks';
import { get, request, send, type Me } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t } from '../i18n.js';

interface Slot {
  time: string;
  forecast: number;
  required: number;
  rostered: number;
  short: number;
}
interface Shift {
  id: number;
  agentId: string;
  startSlot: number;
  endSlot: number;
  handover: string | null;
}
const clock = (slot: number) => `${String(Math.floor((slot % 48) / 2)).padStart(2, '0')}:${slot % 2 ? '30' : '00'}`;
const today = () => new Date().toISOString().slice(0, 10);

function ShiftRow({ s, me, onChange, onError }: { s: Shift; me: Me; onChange: () => void; onError: (e: unknown) => void }) {
  const [to, setTo] = useState('');
  const [note, setNote] = useState(s.handover ?? '');
  const mine = me.agentId === null || me.agentId === s.agentId;
  return (
    <tr data-shift={s.id}>
      <td>{s.agentId}</td>
      <td>
        {clock(s.startSlot)}–{clock(s.endSlot)}
      </td>
      <td>
        {mine && me.permissions.includes('swap:write') && (
          <>
            <input name="toAgent" value={to} onInput={(e) => setTo((e.target as HTMLInputElement).value)} placeholder={t('roster.toAgent')} />
            <button data-action="swap" onClick={() => send('POST', `/planning/shifts/${s.id}/swap`, { toAgent: to }).then(onChange, onError)}>
              {t('roster.swap')}
            </button>
          </>
        )}
      </td>
      <td>
        {mine && me.permissions.includes('handover:write') ? (
          <>
            <input name="handover" value={note} onInput={(e) => setNote((e.target as HTMLInputElement).value)} />
            <button data-action="handover" onClick={() => request('PUT', `/planning/shifts/${s.id}/handover`, { json: { note } }).then(onChange, onError)}>
              {t('roster.saveHandover')}
            </button>
          </>
        ) : (
          s.handover
        )}
      </td>
    </tr>
  );
}

/** The roster page. */
export function RosterPage({ me }: { me: Me }) {
  const [date, setDate] = useState(today());
  const [slots, setSlots] = useState<Slot[] | null>(null);
  const [shifts, setShifts] = useState<Shift[]>([]);
  const [form, setForm] = useState({ agentId: '', start: '08:00', end: '16:00' });
  const [error, setError] = useState<unknown>();
  const load = () => {
    setError(undefined);
    get<{ slots: Slot[] }>(`/planning/cover?date=${date}`).then((c) => setSlots(c.slots), setError);
    get<{ items: Shift[] }>(`/planning/shifts?date=${date}`).then((s) => setShifts(s.items), setError);
  };
  useEffect(load, [date]);
  return (
    <section data-testid="roster">
      <h1>{t('roster.title')}</h1>
      <label>
        {t('roster.date')}
        <input type="date" name="date" value={date} onInput={(e) => setDate((e.target as HTMLInputElement).value)} />
      </label>
      {error !== undefined && <ErrorBox error={error} />}
      {me.permissions.includes('roster:write') && (
        <form
          class="filters"
          data-testid="roster-add"
          onSubmit={(e) => {
            e.preventDefault();
            send('POST', '/planning/shifts', { ...form, date }).then(load, setError);
          }}
        >
          {(['agentId', 'start', 'end'] as const).map((k) => (
            <label key={k}>
              {t(`roster.${k}`)}
              <input name={k} value={form[k]} onInput={(e) => setForm({ ...form, [k]: (e.target as HTMLInputElement).value })} />
            </label>
          ))}
          <button type="submit" class="primary">
            {t('roster.add')}
          </button>
        </form>
      )}
      <table class="grid" data-testid="roster-shifts">
        <tbody>
          {shifts.map((s) => (
            <ShiftRow key={s.id} s={s} me={me} onChange={load} onError={setError} />
          ))}
        </tbody>
      </table>
      {slots && (
        <table class="grid" data-testid="roster-cover">
          <thead>
            <tr>
              <th>{t('roster.time')}</th>
              <th>{t('roster.forecast')}</th>
              <th>{t('roster.required')}</th>
              <th>{t('roster.rostered')}</th>
              <th>{t('roster.short')}</th>
            </tr>
          </thead>
          <tbody>
            {slots.map((s) => (
              <tr key={s.time} data-time={s.time} data-short={s.short > 0 ? 'true' : undefined} class={s.short > 0 ? 'short' : ''} style={s.short > 0 ? 'background:#fde2e2' : undefined}>
                <td>{s.time}</td>
                <td>{s.forecast}</td>
                <td>{s.required}</td>
                <td>{s.rostered}</td>
                <td>{s.short > 0 ? t('roster.shortBy', { n: s.short }) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
