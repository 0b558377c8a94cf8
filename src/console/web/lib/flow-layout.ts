/**
 * Places a flow's nodes for the diagram: columns by distance from the start (breadth first), nodes in a column in
 * the order they were reached, edges as curves from a box's right side to the next box's left side (a way back
 * loops under the boxes). Pure, so the layout is tested without a browser.
 */
import type { FlowGraph } from '../../../ivr/flow-graph.js';

export type { FlowGraph };

export interface PlacedNode {
  id: string;
  type: string;
  subflow: string | null;
  x: number;
  y: number;
  column: number;
}

export interface PlacedEdge {
  from: string;
  to: string;
  label: string;
  /** SVG path data. */
  d: string;
  labelX: number;
  labelY: number;
  back: boolean;
}

export interface FlowLayout {
  width: number;
  height: number;
  nodeWidth: number;
  nodeHeight: number;
  nodes: PlacedNode[];
  edges: PlacedEdge[];
}

const W = 150;
const H = 44;
const gapX = 70;
const gapY = 26;
const pad = 20;

/** The diagram's geometry. */
export function layoutFlow(g: FlowGraph): FlowLayout {
  const known = new Set(g.nodes.map((n) => n.id));
  const out = new Map<string, string[]>();
  for (const e of g.edges) if (known.has(e.to)) out.set(e.from, [...(out.get(e.from) ?? []), e.to]);
  const column = new Map<string, number>();
  const order: string[] = [];
  const visit = (roots: string[], first: number) => {
    let frontier = roots.filter((r) => !column.has(r));
    for (const r of frontier) column.set(r, first);
    order.push(...frontier);
    while (frontier.length) {
      const next: string[] = [];
      for (const id of frontier) {
        for (const t of out.get(id) ?? []) {
          if (column.has(t)) continue;
          column.set(t, column.get(id)! + 1);
          order.push(t);
          next.push(t);
        }
      }
      frontier = next;
    }
  };
  if (known.has(g.start)) visit([g.start], 0);
  // Nodes the start does not reach (a subflow from another file, an unused one) go in columns after the rest.
  for (const n of g.nodes) {
    if (column.has(n.id)) continue;
    visit([n.id], Math.max(-1, ...column.values()) + 1);
  }
  const rows = new Map<number, number>();
  const placed = new Map<string, PlacedNode>();
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  for (const id of order) {
    const c = column.get(id)!;
    const r = rows.get(c) ?? 0;
    rows.set(c, r + 1);
    const n = byId.get(id)!;
    placed.set(id, { id, type: n.type, subflow: n.subflow, column: c, x: pad + c * (W + gapX), y: pad + r * (H + gapY) });
  }
  const nodes = [...placed.values()];
  const height = pad * 2 + Math.max(1, ...rows.values()) * (H + gapY) - gapY + 40;
  const edges: PlacedEdge[] = [];
  // Several ways from one box to the same next box (a key and the fallback): their labels are stacked, not overprinted.
  const parallel = new Map<string, number>();
  for (const e of g.edges) {
    const pair = `${e.from}\u0000${e.to}`;
    const nth = parallel.get(pair) ?? 0;
    parallel.set(pair, nth + 1);
    const a = placed.get(e.from);
    const b = placed.get(e.to);
    if (!a || !b) continue;
    const back = b.column <= a.column;
    let d: string;
    let labelX: number;
    let labelY: number;
    if (!back) {
      const x1 = a.x + W;
      const y1 = a.y + H / 2;
      const x2 = b.x;
      const y2 = b.y + H / 2;
      const mx = (x1 + x2) / 2;
      d = `M${x1},${y1} C${mx},${y1} ${mx},${y2} ${x2},${y2}`;
      labelX = x1 + 14;
      labelY = y1 + (y2 - y1) * 0.15 - 4;
    } else {
      // Back to an earlier column (a menu's repeat, a loop): leave from the bottom, come in at the bottom.
      const x1 = a.x + W / 2;
      const y1 = a.y + H;
      const x2 = b.x + W / 2;
      const y2 = b.y + H;
      const dip = Math.max(y1, y2) + 18;
      d = `M${x1},${y1} C${x1},${dip} ${x2},${dip} ${x2},${y2}`;
      labelX = (x1 + x2) / 2;
      labelY = dip - 2;
    }
    edges.push({ from: e.from, to: e.to, label: e.label, d, labelX, labelY: labelY - nth * 12, back });
  }
  const width = pad * 2 + (Math.max(0, ...nodes.map((n) => n.column)) + 1) * (W + gapX) - gapX;
  return { width, height, nodeWidth: W, nodeHeight: H, nodes, edges };
}
