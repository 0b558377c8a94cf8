/**
 * The SIP final response Asterisk's PJSIP maps to each Q.850 cause (res_pjsip_session's hangup_cause2sip, the inverse
 * of RFC 3398 §7.2.4.1). Asterisk's own channel record keeps the cause, not the response, so a leg whose end is read
 * from it gets the code this table gives (a ring time-out shows as 480, not the 487 of hotline's CANCEL).
 */
export const sipByCause: Readonly<Record<number, number>> = {
  1: 404,
  3: 404,
  17: 486,
  18: 408,
  19: 480,
  20: 480,
  21: 403,
  22: 410,
  27: 502,
  28: 484,
  34: 503,
  38: 500,
  41: 503,
  42: 503,
  102: 504,
};

export function sipCodeForCause(cause: number, answered: boolean): number | null {
  if (answered) return 200;
  return sipByCause[cause] ?? null;
}
