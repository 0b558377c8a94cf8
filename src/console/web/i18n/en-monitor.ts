import type { zhMonitor } from './zh-monitor.js';

/** The supervisor's monitor buttons on the wallboard and the agent's "monitored" badge in English (issue 13). */
export const enMonitor: Record<keyof typeof zhMonitor, string> = {
  'monitor.phone': 'Monitor on',
  'monitor.phone.desk': 'Desk phone',
  'monitor.phone.browser': 'My browser phone',
  'monitor.endpoint': 'Phone (PJSIP endpoint)',
  'monitor.needPhone': 'Enter the phone to monitor on first',
  'monitor.listen': 'Listen',
  'monitor.whisper': 'Whisper',
  'monitor.barge': 'Barge',
  'monitor.stop': 'Stop',
  'monitor.ringing': 'Ringing your phone…',
  'monitor.mode.listen': 'Listening',
  'monitor.mode.whisper': 'Whispering',
  'monitor.mode.barge': 'Barged in',
  'monitor.badge': 'A supervisor is monitoring this call',
};
