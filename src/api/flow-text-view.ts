/**
 * A flow version's text as a viewer may see it. Flows hold customers' numbers (VIP caller lists, `equals`/`in`
 * conditions on callerNumber), so roles that see numbers masked get the text with every number masked, except the
 * flow's own entry numbers (the centre's published hotlines, which the flow list shows anyway).
 */
import { parse } from 'yaml';
import type { Principal } from '../auth/principal.js';
import { seesFullNumbers } from '../auth/visibility.js';
import { maskNumbersInText } from '../log/mask-rule.js';

function entryNumbersOf(content: string): Set<string> {
  try {
    const doc = parse(content) as { entryNumbers?: unknown } | null;
    const list = Array.isArray(doc?.entryNumbers) ? doc.entryNumbers : [];
    return new Set(list.map((n) => String(n).replace(/[ -]/g, '')));
  } catch {
    return new Set();
  }
}

/** The text as `p` may read it. */
export function shownFlowText(p: Pick<Principal, 'role'>, content: string): string {
  return seesFullNumbers(p.role) ? content : maskNumbersInText(content, entryNumbersOf(content));
}

/** A diagram's labels as `p` may read them. */
export function shownFlowLabel(p: Pick<Principal, 'role'>, label: string): string {
  return seesFullNumbers(p.role) ? label : maskNumbersInText(label);
}
