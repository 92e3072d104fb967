import type { GraphDocument } from '../../../shared/graph/document';
import { catalog } from '../store/catalog';

const NODE = { width: 200, height: 130 };

/** A small picture of a graph from its node positions and wires, coloured by layer family. */
export function GraphThumbnail({ doc }: { doc: GraphDocument }) {
  if (doc.nodes.length === 0) return null;
  const xs = doc.nodes.map((n) => n.position.x);
  const ys = doc.nodes.map((n) => n.position.y);
  const left = Math.min(...xs) - 40;
  const top = Math.min(...ys) - 40;
  const width = Math.max(...xs) + NODE.width + 40 - left;
  const height = Math.max(...ys) + NODE.height + 40 - top;
  // Keep a landscape frame so a single row of layers does not turn into a thin strip.
  const viewHeight = Math.max(height, width / 2.2);
  const viewTop = top - (viewHeight - height) / 2;
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  return (
    <svg viewBox={`${left} ${viewTop} ${width} ${viewHeight}`} preserveAspectRatio="xMidYMid meet" aria-hidden="true" data-testid="template-thumbnail">
      {doc.edges.map((e) => {
        const s = byId.get(e.source);
        const t = byId.get(e.target);
        if (!s || !t) return null;
        const x1 = s.position.x + NODE.width;
        const y1 = s.position.y + NODE.height / 2;
        const x2 = t.position.x;
        const y2 = t.position.y + NODE.height / 2;
        const bend = Math.max(40, Math.abs(x2 - x1) / 2);
        return <path key={e.id} d={`M${x1},${y1} C${x1 + bend},${y1} ${x2 - bend},${y2} ${x2},${y2}`} fill="none" stroke="var(--edge)" strokeWidth={6} />;
      })}
      {doc.nodes.map((n) => (
        <g key={n.id}>
          <rect x={n.position.x} y={n.position.y} width={NODE.width} height={NODE.height} rx={14} fill="var(--surface)" stroke="var(--border-strong)" strokeWidth={4} />
          <rect x={n.position.x} y={n.position.y} width={14} height={NODE.height} rx={6} fill={`var(--family-${catalog.kind(n.type)?.family ?? 'Core'})`} />
          <rect x={n.position.x + 34} y={n.position.y + 30} width={NODE.width * 0.55} height={18} rx={9} fill="var(--text-2)" opacity={0.5} />
          <rect x={n.position.x + 34} y={n.position.y + 70} width={NODE.width * 0.35} height={16} rx={8} fill="var(--text-3)" opacity={0.35} />
        </g>
      ))}
    </svg>
  );
}
