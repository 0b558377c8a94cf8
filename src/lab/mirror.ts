import { HotlineError } from '../errors.js';
import { fetchFailure } from './fetch-error.js';

/** Fails fast with LAB_NO_MIRROR when the Debian mirror does not serve sid, instead of letting debootstrap stall. */
export async function assertMirrorReachable(mirror: string, timeoutMs = 8000): Promise<void> {
  const url = `${mirror.replace(/\/+$/, '')}/dists/sid/Release`;
  let status: number;
  try {
    const res = await fetch(url, { method: 'HEAD', signal: AbortSignal.timeout(timeoutMs) });
    status = res.status;
  } catch (error) {
    throw new HotlineError('LAB_NO_MIRROR', `Debian mirror unreachable: ${url} (${fetchFailure(error)}); set lab.mirror`, {
      key: 'lab.mirror',
      error,
    });
  }
  if (status < 200 || status >= 400) {
    throw new HotlineError('LAB_NO_MIRROR', `Debian mirror has no sid: HEAD ${url} answered ${status}; set lab.mirror`, {
      key: 'lab.mirror',
      details: { status },
    });
  }
}
