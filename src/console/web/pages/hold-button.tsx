import { useState } from 'preact/hooks';
import { send } from '../api.js';
import { ErrorBox } from '../components/ui.js';
import { t } from '../i18n.js';

/** Hold with music and resume through the API (issue 13): the hold time goes on the call record. */
export function HoldButton({ channelId }: { channelId: string }) {
  const [held, setHeld] = useState(false);
  const [error, setError] = useState<unknown>();
  const act = async () => {
    try {
      setError(undefined);
      const r = await send<{ held: boolean }>('POST', `/calls/${encodeURIComponent(channelId)}/${held ? 'resume' : 'hold'}`);
      setHeld(r.held);
    } catch (err) {
      setError(err);
    }
  };
  return (
    <div class="buttons" data-testid="call-hold" data-held={String(held)}>
      <button data-action="call-hold" onClick={() => void act()}>
        {held ? t('phone.unhold') : t('phone.hold')}
      </button>
      {error !== undefined && <ErrorBox error={error} />}
    </div>
  );
}
