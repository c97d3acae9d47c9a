import type { FlowNode, Transition } from '../ivr/flow.ts';
import type { NodeId } from '../ivr/types.ts';
import type { Ui } from './ui.ts';

interface Edge {
  from: string;
  to: string;
  labels: string[];
}

const target = (t: Transition) => (t.kind === 'goto' ? t.to : t.kind === 'end' ? 'hangup' : t.action);

/** The flow table as a graph: one edge per (from, to) with the keys that lead there. */
export function flowEdges(flow: Record<NodeId, FlowNode>): { nodes: string[]; edges: Edge[] } {
  const edges = new Map<string, Edge>();
  const add = (from: string, to: string, label: string) => {
    const k = `${from}>${to}`;
    const e = edges.get(k) ?? edges.set(k, { from, to, labels: [] }).get(k)!;
    if (!e.labels.includes(label)) e.labels.push(label);
  };
  add('start', 'consent', '');
  const actions: string[] = [];
  for (const node of Object.values(flow)) {
    if (node.input.kind === 'choice') {
      for (const c of node.input.choices) {
        add(node.id, target(c.go), c.key);
        if (c.go.kind === 'action' && !actions.includes(c.go.action)) actions.push(c.go.action);
      }
    } else add(node.id, node.input.valid.to, `${node.input.minDigits}–${node.input.maxDigits}#`);
    add(node.id, target(node.exhausted), `${node.maxMisses}×`);
  }
  return { nodes: ['start', ...Object.keys(flow), 'hangup', ...actions], edges: [...edges.values()] };
}

/**
 * An arc diagram: states on one line, forward transitions arc above it and backward ones below,
 * each labelled with its keys (`3×`: after three misses).
 */
export function FlowDiagram({ ui, flow }: { ui: Ui; flow: Record<NodeId, FlowNode> }) {
  const { nodes, edges } = flowEdges(flow);
  const gap = 136, W = gap * nodes.length;
  const x = (id: string) => gap / 2 + nodes.indexOf(id) * gap;
  // Flattened arcs (ry < rx) keep long jumps from making the drawing very tall.
  const ry = (e: Edge) => 24 + Math.abs(x(e.to) - x(e.from)) * 0.22;
  const above = Math.max(0, ...edges.filter((e) => x(e.to) > x(e.from)).map(ry));
  const below = Math.max(0, ...edges.filter((e) => x(e.to) <= x(e.from)).map(ry));
  const mid = above + 40, H = mid + below + 44;
  const name = (id: string) => (id in flow ? id : ui.t(`flow.node_${id}`));
  return (
    <svg class="flow-diagram" viewBox={`0 0 ${W} ${H}`} role="img" aria-label={ui.t('flow.diagram')}>
      <title>{ui.t('flow.diagram')}</title>
      {edges.map((e) => {
        const x1 = x(e.from), x2 = x(e.to);
        const r = Math.abs(x2 - x1) / 2, h = ry(e);
        const up = x2 > x1;
        const y = up ? mid - 16 : mid + 16;
        const apex = up ? y - h : y + h;
        // A key that stays in its state (the language switch) is a small loop under the box.
        const d = x1 === x2 ? `M ${x1 - 14} ${y} C ${x1 - 30} ${y + h + 8}, ${x1 + 30} ${y + h + 8}, ${x1 + 14} ${y}` : `M ${x1} ${y} A ${r} ${h} 0 0 1 ${x2} ${y}`;
        return (
          <g class={up ? 'edge fwd' : 'edge back'}>
            <path d={d} marker-end="url(#arrow)" />
            {e.labels.join('') && <text x={(x1 + x2) / 2} y={up ? apex - 4 : apex + 14} text-anchor="middle">{e.labels.join(' · ')}</text>}
          </g>
        );
      })}
      {nodes.map((id) => (
        <g class={`node n-${id in flow ? 'state' : id}`}>
          <rect x={x(id) - gap / 2 + 6} y={mid - 16} width={gap - 12} height={32} rx={6} />
          <text x={x(id)} y={mid + 5} text-anchor="middle">{name(id)}</text>
        </g>
      ))}
      <defs>
        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
          <path d="M 0 0 L 10 5 L 0 10 z" />
        </marker>
      </defs>
    </svg>
  );
}
