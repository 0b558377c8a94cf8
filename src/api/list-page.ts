/**
 * One page of a keyset-paged list route: the rows as this caller may see them, and `next`, the id to pass back
 * (afterId or beforeId) for the following page; null when the page was not full, so there is none.
 */
export function listPage<R extends { id: number }, V>(rows: readonly R[], limit: number, present: (row: R) => V): { items: V[]; next: number | null } {
  return { items: rows.map(present), next: rows.length === limit ? rows[rows.length - 1]!.id : null };
}
