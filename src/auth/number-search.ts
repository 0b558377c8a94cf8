/**
 * Searching by number is closed to roles that see numbers masked. Otherwise a supervisor who sees +86138****8000 for
 * lead N could ask `/leads?q=+861380&afterId=N-1&limit=1` and learn one hidden digit per ~10 requests, or try the
 * 10⁴ candidates of an exact `phone=`/`number=` filter. Refusing (403) rather than matching against the masked form:
 * the masked form tells a viewer nothing they cannot already see on the row, so such a search would add nothing, and
 * a refusal cannot leak however the filters are combined. Name search (q without digits) stays open.
 */
import { HotlineError } from '../errors.js';
import type { Principal } from './principal.js';
import { seesFullNumbers } from './visibility.js';

/** The query keys that filter by a number; `q` only when it holds a digit. */
const numberKeys = ['phone', 'number', 'q'] as const;

/** Throws FORBIDDEN (key: the filter) when a principal that sees masked numbers filters by one. */
export function refuseNumberSearch(p: Pick<Principal, 'role'>, query: Partial<Record<(typeof numberKeys)[number], unknown>>): void {
  if (seesFullNumbers(p.role)) return;
  for (const key of numberKeys) {
    const v = query[key];
    if (v === undefined) continue;
    if (key === 'q' && !/\d/.test(String(v))) continue;
    throw new HotlineError('FORBIDDEN', `${p.role} sees numbers masked and may not search by number`, { key });
  }
}
