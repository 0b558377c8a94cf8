import { HoldButton } from './hold-button.js';
import { TransferPanel } from './transfer-panel.js';

/** What an agent does to the call in front of them (issue 13): hold, and transfers or a conference. */
export function CallControls({ channelId }: { channelId: string }) {
  return (
    <>
      <HoldButton channelId={channelId} />
      <TransferPanel channelId={channelId} />
    </>
  );
}
