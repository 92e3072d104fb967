import { memo, useEffect, useMemo, useRef, type PointerEvent as ReactPointerEvent, type WheelEvent as ReactWheelEvent } from 'react';
import { Panel, useReactFlow, useStore, type ReactFlowState } from '@xyflow/react';
import type { FlowEdge, FlowNode } from './flow-elements';
import { DEFAULT_NODE_SIZE } from './flow-elements';

const WIDTH = 150;
const HEIGHT = 96;
/** Room around the graph inside the map, in map pixels. */
const MARGIN = 5;

type Rect = { x: number; y: number; width: number; height: number };

const nodesOf = (s: ReactFlowState) => s.nodes as FlowNode[];
const transformOf = (s: ReactFlowState) => s.transform;
const paneOf = (s: ReactFlowState) => `${s.width}x${s.height}`;

function colorOf(node: FlowNode): string {
  if (node.type === 'layer') return `--family-${node.data.family}`;
  // A GAN's regions are backgrounds: the map shows the layers in them.
  if (node.type === 'group') return node.data.collapsed ? '--text-3' : '';
  return '';
}

const colorCache = new Map<string, string>();
/** A CSS custom property's value, read once per theme (reading computed style every frame forces a style pass). */
function colorValue(element: Element, name: string, theme: string): string {
  const key = `${theme} ${name}`;
  let value = colorCache.get(key);
  if (value === undefined) colorCache.set(key, (value = getComputedStyle(element).getPropertyValue(name).trim() || '#888'));
  return value;
}

function union(a: Rect, b: Rect): Rect {
  const x = Math.min(a.x, b.x);
  const y = Math.min(a.y, b.y);
  return { x, y, width: Math.max(a.x + a.width, b.x + b.width) - x, height: Math.max(a.y + a.height, b.y + b.height) - y };
}

/**
 * The overview in the corner, drawn on a <canvas>. React Flow's <MiniMap> is an SVG with a
 * rect per node, so on a 500-node graph every frame of a pan or drag re-rasters 500 shapes;
 * here the nodes are painted into a bitmap only when they change and the view's frame is a
 * box over it. Drag on it to move the view, scroll on it to zoom.
 */
function OverviewMapView({ ariaLabel, theme }: { ariaLabel: string; theme: string }) {
  const nodes = useStore(nodesOf);
  const [x, y, zoom] = useStore(transformOf);
  const pane = useStore(paneOf);
  const [paneWidth, paneHeight] = pane.split('x').map(Number) as [number, number];
  const flow = useReactFlow<FlowNode, FlowEdge>();
  const canvas = useRef<HTMLCanvasElement>(null);

  const graphBounds = useMemo<Rect | null>(() => {
    let left = Infinity;
    let top = Infinity;
    let right = -Infinity;
    let bottom = -Infinity;
    for (const n of nodes) {
      if (n.hidden) continue;
      const w = n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width;
      const h = n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height;
      left = Math.min(left, n.position.x);
      top = Math.min(top, n.position.y);
      right = Math.max(right, n.position.x + w);
      bottom = Math.max(bottom, n.position.y + h);
    }
    return left === Infinity ? null : { x: left, y: top, width: right - left, height: bottom - top };
  }, [nodes]);

  const view: Rect = { x: -x / zoom, y: -y / zoom, width: paneWidth / zoom, height: paneHeight / zoom };
  const shown = graphBounds ? union(graphBounds, view) : view;
  // Map pixels per flow unit, fitting what is shown and centring it.
  const scale = Math.min((WIDTH - MARGIN * 2) / Math.max(shown.width, 1), (HEIGHT - MARGIN * 2) / Math.max(shown.height, 1));
  const originX = shown.x - (WIDTH / scale - shown.width) / 2;
  const originY = shown.y - (HEIGHT / scale - shown.height) / 2;

  useEffect(() => {
    const element = canvas.current;
    const context = element?.getContext('2d');
    if (!element || !context) return;
    const ratio = window.devicePixelRatio || 1;
    if (element.width !== WIDTH * ratio) {
      element.width = WIDTH * ratio;
      element.height = HEIGHT * ratio;
    }
    // One path per colour, plain rectangles: at this size corners do not show and a
    // path per node would cost more than the drag it follows.
    const byColor = new Map<string, Path2D>();
    for (const n of nodes) {
      const name = colorOf(n);
      if (n.hidden || !name) continue;
      let path = byColor.get(name);
      if (!path) byColor.set(name, (path = new Path2D()));
      const w = (n.measured?.width ?? n.width ?? DEFAULT_NODE_SIZE.width) * scale;
      const h = (n.measured?.height ?? n.height ?? DEFAULT_NODE_SIZE.height) * scale;
      path.rect((n.position.x - originX) * scale, (n.position.y - originY) * scale, Math.max(w, 1), Math.max(h, 1));
    }
    context.setTransform(ratio, 0, 0, ratio, 0, 0);
    context.clearRect(0, 0, WIDTH, HEIGHT);
    for (const [name, path] of byColor) {
      context.fillStyle = colorValue(element, name, theme);
      context.fill(path);
    }
  }, [nodes, scale, originX, originY, theme]);

  /** Moves the view so its centre is at the map point under the pointer. */
  const centreAt = (event: { clientX: number; clientY: number; currentTarget: Element }) => {
    const box = event.currentTarget.getBoundingClientRect();
    const fx = originX + (event.clientX - box.left) / scale;
    const fy = originY + (event.clientY - box.top) / scale;
    const current = flow.getViewport();
    void flow.setViewport({ x: paneWidth / 2 - fx * current.zoom, y: paneHeight / 2 - fy * current.zoom, zoom: current.zoom });
  };
  const onPointerDown = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.button !== 0) return;
    event.currentTarget.setPointerCapture(event.pointerId);
    centreAt(event);
  };
  const onPointerMove = (event: ReactPointerEvent<HTMLDivElement>) => {
    if (event.currentTarget.hasPointerCapture(event.pointerId)) centreAt(event);
  };
  const onWheel = (event: ReactWheelEvent<HTMLDivElement>) => {
    const current = flow.getViewport();
    void flow.zoomTo(current.zoom * Math.pow(2, -event.deltaY * 0.002));
  };

  const frame = {
    left: (view.x - originX) * scale,
    top: (view.y - originY) * scale,
    width: view.width * scale,
    height: view.height * scale,
  };
  return (
    <Panel position="bottom-right" className="react-flow__minimap overview-map" style={{ width: WIDTH, height: HEIGHT }}>
      <div
        className="overview-map-surface nodrag nopan nowheel"
        role="img"
        aria-label={ariaLabel}
        data-testid="overview-map"
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onWheel={onWheel}
      >
        <canvas ref={canvas} style={{ width: WIDTH, height: HEIGHT }} />
        <div className="overview-map-frame" style={{ transform: `translate(${frame.left}px, ${frame.top}px)`, width: frame.width, height: frame.height }} />
      </div>
    </Panel>
  );
}

export const OverviewMap = memo(OverviewMapView);
