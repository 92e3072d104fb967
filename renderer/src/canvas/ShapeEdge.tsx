import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getBezierPath, type EdgeProps } from '@xyflow/react';
import type { ShapeFlowEdge } from './flow-elements';
import { labelPoint, orthogonalPath, routeFits, routedPoints } from './wire-path';

function ShapeEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, selected, markerEnd }: EdgeProps<ShapeFlowEdge>) {
  let path: string;
  let label: { x: number; y: number };
  if (data?.route && routeFits(sourceX, targetX, data.route)) {
    // Routed by the layout around the layers in between (a skip connection's lane).
    const points = routedPoints({ x: sourceX, y: sourceY }, { x: targetX, y: targetY }, data.route);
    path = orthogonalPath(points);
    label = labelPoint(points);
  } else {
    const [bezier, labelX, labelY] = getBezierPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition });
    path = bezier;
    label = { x: labelX, y: labelY };
  }
  const shape = data?.labelled || selected ? (data?.shape ?? null) : null;
  return (
    <>
      <BaseEdge id={id} path={path} {...(markerEnd ? { markerEnd } : {})} />
      {shape && (
        <EdgeLabelRenderer>
          <div
            className={`edge-shape nodrag nopan${selected ? ' selected' : ''}`}
            style={{ position: 'absolute', transform: `translate(-50%, -50%) translate(${label.x}px, ${label.y}px)` }}
            data-testid="edge-shape"
            data-edge-id={id}
          >
            {shape}
          </div>
        </EdgeLabelRenderer>
      )}
    </>
  );
}

export const ShapeEdge = memo(ShapeEdgeView);
