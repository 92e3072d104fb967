import type { Edge, Node, ReactFlowInstance } from '@xyflow/react';

/** Up to this many layers the whole graph is shown near full size rather than shrunk to fit. */
export const SMALL_GRAPH = 12;
/**
 * The smallest zoom a small graph is fitted at, so node text stays readable (12 px × 0.7)
 * where shrinking to fit a four-layer chain beside the palette and inspector gave 0.6 or less.
 */
export const READABLE_ZOOM = 0.7;
const PADDING = 0.1;
const SMALL_PADDING = 0.04;
/** Screen pixels left of the first layer when a small graph is wider than the canvas. */
const LEFT_MARGIN = 32;

/** Options for React Flow's own fitView (its first fit of a newly opened project). */
export function fitViewOptions(nodeCount: number) {
  return nodeCount <= SMALL_GRAPH ? { padding: SMALL_PADDING, maxZoom: 1, minZoom: READABLE_ZOOM } : { padding: PADDING, maxZoom: 1 };
}

/**
 * Fits the view to the graph without making a small graph unreadable: a large graph is
 * shrunk until it fits (at most 100 %); a small one is not shrunk below 70 %, and when it is
 * then wider than the canvas its start (where data enters) is shown, not its middle —
 * as far as the selected layers stay in view.
 */
export async function fitReadable<N extends Node, E extends Edge>(flow: ReactFlowInstance<N, E>): Promise<void> {
  const nodes = flow.getNodes();
  if (nodes.length === 0) return;
  await flow.fitView(fitViewOptions(nodes.length));
  if (nodes.length > SMALL_GRAPH) return;
  const view = flow.getViewport();
  const bounds = flow.getNodesBounds(nodes);
  const left = bounds.x * view.zoom + view.x;
  if (left >= 0) return;
  // fitView centred the graph, which gives the canvas width; show its start, unless that
  // would leave the selected layers (the inspector's subject) off to the right.
  const paneWidth = 2 * ((bounds.x + bounds.width / 2) * view.zoom + view.x);
  let x = LEFT_MARGIN - bounds.x * view.zoom;
  const selected = nodes.filter((n) => n.selected);
  if (selected.length) {
    const chosen = flow.getNodesBounds(selected);
    x = Math.min(x, paneWidth - LEFT_MARGIN - (chosen.x + chosen.width) * view.zoom);
  }
  await flow.setViewport({ ...view, x });
}
