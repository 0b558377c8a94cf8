/**
 * A flow as boxes and arrows, for the console's diagram: every node with its type, every target as an edge labelled
 * by the field that names it (a menu's key, a schedule's open/closed…). Subflows defined in the file are drawn too,
 * their node ids prefixed with `<subflow>/` (a subflow's ids may repeat the main flow's). Pure.
 */
import { parse } from 'yaml';
import { flowSchema, type Flow, type FlowNode } from './flow-schema.js';
import { targetsOf } from './node-traits.js';

export interface FlowGraphNode {
  id: string;
  type: FlowNode['type'];
  /** The subflow the node belongs to, null for the main flow. */
  subflow: string | null;
}

export interface FlowGraphEdge {
  from: string;
  to: string;
  /** What makes the call go this way: '' for a plain next, a menu key, open/closed, onError… */
  label: string;
}

export interface FlowGraph {
  start: string;
  nodes: FlowGraphNode[];
  edges: FlowGraphEdge[];
}

// `next` is the ordinary way on; a menu's `options.3` is just the key; a branch case is its position.
function edgeLabel(path: readonly string[]): string {
  if (path.length === 1 && path[0] === 'next') return '';
  if (path[0] === 'options' && path.length === 2) return path[1]!;
  if (path[0] === 'cases' && path.length === 3) return `case ${Number(path[1]) + 1}`;
  return path.join('.');
}

/** The diagram of a validated flow. */
export function flowGraph(flow: Flow): FlowGraph {
  const nodes: FlowGraphNode[] = [];
  const edges: FlowGraphEdge[] = [];
  const add = (prefix: string, subflow: string | null, all: Record<string, FlowNode>) => {
    for (const [id, node] of Object.entries(all)) {
      nodes.push({ id: prefix + id, type: node.type, subflow });
      for (const t of targetsOf(node)) edges.push({ from: prefix + id, to: prefix + t.target, label: edgeLabel(t.path) });
      // A call into a subflow of this file continues at its start; one from an included file is not drawn.
      if (node.type === 'subflow' && flow.subflows[node.flow]) edges.push({ from: prefix + id, to: `${node.flow}/${flow.subflows[node.flow]!.start}`, label: 'subflow' });
    }
  };
  add('', null, flow.nodes);
  for (const [name, sub] of Object.entries(flow.subflows)) add(`${name}/`, name, sub.nodes);
  return { start: flow.start, nodes, edges };
}

/** The diagram of a kept flow text, or null when the text does not parse as a flow (it was validated when kept). */
export function flowGraphOfText(content: string): FlowGraph | null {
  try {
    const parsed = flowSchema.safeParse(parse(content));
    return parsed.success ? flowGraph(parsed.data) : null;
  } catch {
    return null;
  }
}
