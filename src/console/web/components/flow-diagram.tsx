/** A flow version drawn as boxes and arrows, with each node's traffic and drop-off when known. */
import { layoutFlow, type FlowGraph } from '../lib/flow-layout.js';
import { percent } from '../lib/format.js';

export interface NodeTraffic {
  calls: number;
  dropOff: number;
}

/** The SVG diagram of a flow graph. */
export function FlowDiagram({ graph, traffic }: { graph: FlowGraph; traffic: ReadonlyMap<string, NodeTraffic> }) {
  const l = layoutFlow(graph);
  return (
    <div class="diagram" data-testid="flow-diagram">
      <svg width={l.width} height={l.height} viewBox={`0 0 ${l.width} ${l.height}`} role="img" aria-label={`flow ${graph.start}`}>
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
            <path d="M0,0 L10,5 L0,10 z" class="arrowhead" />
          </marker>
        </defs>
        {l.edges.map((e, i) => (
          <g key={i} class={e.back ? 'edge back' : 'edge'}>
            <path d={e.d} marker-end="url(#arrow)" />
            {e.label && (
              <text x={e.labelX} y={e.labelY} class="edge-label">
                {e.label}
              </text>
            )}
          </g>
        ))}
        {l.nodes.map((n) => {
          const tr = traffic.get(n.id);
          return (
            <g key={n.id} class={`node n-${n.type}${n.id === graph.start ? ' start' : ''}`} data-node={n.id}>
              <rect x={n.x} y={n.y} width={l.nodeWidth} height={l.nodeHeight} rx={6} />
              <text x={n.x + 8} y={n.y + 17} class="node-id">
                {n.id.length > 20 ? `${n.id.slice(0, 19)}…` : n.id}
              </text>
              <text x={n.x + 8} y={n.y + 34} class="node-type">
                {tr ? `${n.type} · ${tr.calls} / ↓${tr.dropOff} (${percent(tr.calls ? tr.dropOff / tr.calls : null, 0)})` : n.type}
              </text>
              <title>{n.id}</title>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
