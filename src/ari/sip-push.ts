import { HotlineError } from '../errors.js';
import { ariStatus, pushRefusal } from './ari-errors.js';
import type { AriRest } from './ari-rest.js';
import type { SipPhone } from './port.js';

function sipObjectPath(type: 'auth' | 'aor' | 'endpoint', id: string): string {
  return `/asterisk/config/dynamic/res_pjsip/${type}/${encodeURIComponent(id)}`;
}

/** ARI push configuration of SIP phones: their res_pjsip auth, aor and endpoint in Asterisk's memory. */
export class SipPush {
  constructor(private readonly rest: AriRest) {}

  async pushSipPhone(phone: SipPhone): Promise<void> {
    // Auth and aor before the endpoint that names them: a REGISTER that finds the endpoint must find them too.
    for (const type of ['auth', 'aor', 'endpoint'] as const) {
      const fields = Object.entries(phone[type]).map(([attribute, value]) => ({ attribute, value }));
      const what = `res_pjsip ${type} ${phone.id}`;
      try {
        await this.rest.call('PUT', sipObjectPath(type, phone.id), {}, { fields }, what);
      } catch (err) {
        const refusal = pushRefusal(err);
        if (refusal === 'static') {
          throw new HotlineError('SIP_ENDPOINT_STATIC', `Asterisk's own config has ${type} ${phone.id}; a pushed one cannot replace it`, { key: phone.id, error: err });
        }
        if (refusal === 'no-wizard') {
          throw new HotlineError('ARI_REQUEST_FAILED', `Asterisk cannot create res_pjsip ${type} objects: its sorcery.conf needs the memory wizard for them (see asterisk/etc/sorcery.conf)`, { key: what, error: err });
        }
        throw err;
      }
    }
  }

  async removeSipPhone(id: string): Promise<void> {
    // The endpoint first: once it is gone no request is served for it, so its auth and aor can go safely.
    for (const type of ['endpoint', 'aor', 'auth'] as const) {
      try {
        await this.rest.call('DELETE', sipObjectPath(type, id), {}, undefined, `res_pjsip ${type} ${id}`);
      } catch (err) {
        if (ariStatus(err) === 404) continue;
        if (ariStatus(err) === 403) {
          throw new HotlineError('SIP_ENDPOINT_STATIC', `Asterisk's own config has ${type} ${id}; it cannot be removed over ARI`, { key: id, error: err });
        }
        throw err;
      }
    }
  }
}
