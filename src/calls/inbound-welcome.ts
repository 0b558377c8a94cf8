import type { TelephonyPort } from '../ari/port.js';
import { isHotlineError } from '../errors.js';
import type { CallRecorder } from './call-recorder.js';
import type { LiveCall } from './live-calls.js';

/**
 * The skeleton's inbound handler: answer, play the welcome prompt, and keep the line while the
 * recorder logs the caller's keys. The IVR engine replaces it with a flow.
 */
export async function runInboundWelcome(
  port: TelephonyPort,
  recorder: CallRecorder,
  call: LiveCall,
  opts: { welcomeSound: string; resumed: boolean },
): Promise<void> {
  try {
    if (!opts.resumed) await port.answer(call.channelId);
    recorder.addStep(call.channelId, { node: opts.resumed ? 'welcome-restarted' : 'welcome' });
    await port.play(call.channelId, [opts.welcomeSound]);
  } catch (err) {
    // The caller hung up between two commands: the hang-up event closes the record.
    if (isHotlineError(err, 'CHANNEL_GONE')) return;
    call.log.error({ err }, 'inbound handler failed');
  }
}
