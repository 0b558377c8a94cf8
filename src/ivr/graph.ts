/** Small graph algorithms over node ids, for the flow validator. */

export type Successors = (id: string) => readonly string[];

/** Ids reachable from `start` (including it). */
export function reachableFrom(start: string, next: Successors): Set<string> {
  const seen = new Set<string>([start]);
  const todo = [start];
  while (todo.length > 0) {
    for (const t of next(todo.pop()!)) {
      if (!seen.has(t)) {
        seen.add(t);
        todo.push(t);
      }
    }
  }
  return seen;
}

/** Ids from which some node satisfying `goal` is reachable (a goal node reaches itself). */
export function canReach(ids: readonly string[], next: Successors, goal: (id: string) => boolean): Set<string> {
  const preds = new Map<string, string[]>();
  for (const id of ids) for (const t of next(id)) preds.set(t, [...(preds.get(t) ?? []), id]);
  const ok = new Set(ids.filter(goal));
  const todo = [...ok];
  while (todo.length > 0) {
    for (const p of preds.get(todo.pop()!) ?? []) {
      if (!ok.has(p)) {
        ok.add(p);
        todo.push(p);
      }
    }
  }
  return ok;
}

/** Cycles: strongly connected components with more than one node, or one node with an edge to itself (Tarjan). */
export function cycles(ids: readonly string[], next: Successors): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const out: string[][] = [];
  const known = new Set(ids);

  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter);
    counter += 1;
    stack.push(v);
    onStack.add(v);
    for (const w of next(v)) {
      if (!known.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || next(v).includes(v)) out.push(scc.sort((a, b) => ids.indexOf(a) - ids.indexOf(b)));
    }
  };
  for (const id of ids) if (!index.has(id)) visit(id);
  return out;
}
