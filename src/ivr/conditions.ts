/** Branch conditions on call variables and caller lists. */
import type { Condition } from './flow-schema.js';

/** Caller lists by name, as branches read them: whether a (normalised) number is on one. */
export interface ListLookup {
  get(name: string): { has(number: string): boolean } | undefined;
}

/** A phone number as lists hold it: formatting characters dropped, so "139 0000-0001" matches 13900000001. */
export function normalizeNumber(n: string): string {
  return n.replace(/[\s().-]/g, '');
}

/** Whether one condition holds; a missing variable only satisfies `exists: false` and `notEquals`. */
export function conditionHolds(c: Condition, vars: Readonly<Record<string, string>>, lists: ListLookup): boolean {
  const v = vars[c.var];
  if (c.exists !== undefined) return (v !== undefined && v !== '') === c.exists;
  if (c.notEquals !== undefined) return v !== c.notEquals;
  if (v === undefined) return false;
  if (c.equals !== undefined) return v === c.equals;
  if (c.in !== undefined) return c.in.includes(v);
  if (c.inList !== undefined) return lists.get(c.inList)?.has(normalizeNumber(v)) ?? false;
  if (c.matches !== undefined) return new RegExp(c.matches).test(v);
  if (c.startsWith !== undefined) return v.startsWith(c.startsWith);
  return false;
}

/** A case's `when`: one condition, or a list that must all hold. */
export function whenHolds(
  when: Condition | readonly Condition[],
  vars: Readonly<Record<string, string>>,
  lists: ListLookup,
): boolean {
  return Array.isArray(when) ? when.every((c) => conditionHolds(c, vars, lists)) : conditionHolds(when as Condition, vars, lists);
}
