import type { CallEnded } from '../calls/call-ended.js';

/**
 * Whether an answered leg's end was the loss of what ran it (issue 17: outcome `cut`, retried), not the customer:
 * a leg whose handler died with a previous process (`none`: no live attempt here; `followed`: picked up after a
 * restart) that this process hung up, or that Asterisk's loss ended, or that went on past a short call and ended while
 * no process ran it (read from Asterisk's record). A leg this process placed and ran (`placed`) ends as it ends.
 */
export function cutByLoss(handler: 'placed' | 'followed' | 'none', e: Pick<CallEnded, 'answeredAt' | 'hungUpBy' | 'reconciled' | 'outcome'>): boolean {
  if (handler === 'placed' || e.answeredAt === null) return false;
  return e.hungUpBy === 'hotline' || e.reconciled === 'media-server-lost' || (e.reconciled === 'asterisk-record' && e.outcome === 'human');
}
