/**
 * The simulator's future-event list: a binary min-heap on (time, rank, insertion order). Rank puts the world's
 * events before the dialer's tick at the same instant, and insertion order makes equal events first-in first-out,
 * so a run is the same on every machine.
 */
export interface SimEvent<T> {
  readonly t: number;
  readonly rank: number;
  readonly seq: number;
  readonly data: T;
}

export class EventHeap<T> {
  private readonly items: SimEvent<T>[] = [];
  private seq = 0;

  get size(): number {
    return this.items.length;
  }

  push(t: number, rank: number, data: T): void {
    const items = this.items;
    items.push({ t, rank, seq: this.seq++, data });
    let i = items.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(items[i]!, items[parent]!)) break;
      [items[i], items[parent]] = [items[parent]!, items[i]!];
      i = parent;
    }
  }

  pop(): SimEvent<T> | undefined {
    const items = this.items;
    const top = items[0];
    const last = items.pop();
    if (items.length > 0 && last) {
      items[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < items.length && before(items[l]!, items[m]!)) m = l;
        if (r < items.length && before(items[r]!, items[m]!)) m = r;
        if (m === i) break;
        [items[i], items[m]] = [items[m]!, items[i]!];
        i = m;
      }
    }
    return top;
  }
}

function before<T>(a: SimEvent<T>, b: SimEvent<T>): boolean {
  return a.t !== b.t ? a.t < b.t : a.rank !== b.rank ? a.rank < b.rank : a.seq < b.seq;
}
