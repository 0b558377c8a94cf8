/**
 * Channel ids hotline gives the legs it originates (the dialer's `dial-…`, an API call's `out-…`, an agent's or a
 * transfer's `leg-…`). Inbound channels carry Asterisk's own uniqueid (`1733581234.12`), which never starts with a
 * letter. So after a restart an owned channel with no row is known to be an outbound leg by its id alone, even when
 * the process died between the claim and the row's write (issue 17 item 8: such legs were taken for inbound callers).
 */
export const outboundChannelPrefixes: readonly string[] = ['dial-', 'out-', 'leg-'];

export function isOutboundChannelId(channelId: string): boolean {
  return outboundChannelPrefixes.some((p) => channelId.startsWith(p));
}
