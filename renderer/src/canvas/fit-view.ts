import type { Edge, Node, ReactFlowInstance, Viewport } from '@xyflow/react';
import type { GraphDocument } from '../../../shared/graph/document';
import type { NodeBox } from '../../../shared/graph/layout';
import { estimatedNodeBoxes } from '../../../shared/graph/node-face';
import { i18n } from '../i18n';
import { faceWords } from './face-words';
import { analysisOf, catalog } from '../store/catalog';
import { useEditor } from '../store/editor-store';

/** Up to this many layers every node is drawn; a bigger graph draws only the nodes in view. */
export const SMALL_GRAPH = 12;
/**
 * The smallest zoom a graph is fitted at, so node text stays readable (12 px × 0.6). A graph
 * that needs less is shown from its start at this zoom, the rest a scroll or the minimap away.
 */
export const READABLE_ZOOM = 0.6;
/** Screen pixels kept free around the graph. */
const MARGIN = 32;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function boundsOf(rects: readonly Rect[]): Rect | null {
  if (rects.length === 0) return null;
  const left = Math.min(...rects.map((r) => r.x));
  const top = Math.min(...rects.map((r) => r.y));
  const right = Math.max(...rects.map((r) => r.x + r.width));
  const bottom = Math.max(...rects.map((r) => r.y + r.height));
  return { x: left, y: top, width: right - left, height: bottom - top };
}

/**
 * The view of a graph that reads: the whole graph when it fits at READABLE_ZOOM or more
 * (never above 100 %), else the graph at READABLE_ZOOM with its start (`start`, the Inputs)
 * at the top left — never its middle. `keep` (the selected layers) stays in view as far as it can.
 */
export function readableViewport(graph: Rect, start: Rect, pane: { width: number; height: number }, keep?: Rect | null): Viewport {
  const room = { width: Math.max(1, pane.width - 2 * MARGIN), height: Math.max(1, pane.height - 2 * MARGIN) };
  const fit = Math.min(room.width / Math.max(1, graph.width), room.height / Math.max(1, graph.height));
  const zoom = Math.min(1, Math.max(READABLE_ZOOM, fit));
  let x = graph.width * zoom <= room.width ? (pane.width - graph.width * zoom) / 2 - graph.x * zoom : MARGIN - graph.x * zoom;
  let y = graph.height * zoom <= room.height ? (pane.height - graph.height * zoom) / 2 - graph.y * zoom : MARGIN - start.y * zoom;
  if (keep) {
    // Shift just enough to bring the kept layers in, their far edge first.
    const right = (keep.x + keep.width) * zoom + x;
    if (right > pane.width - MARGIN) x -= right - (pane.width - MARGIN);
    const bottom = (keep.y + keep.height) * zoom + y;
    if (bottom > pane.height - MARGIN) y -= bottom - (pane.height - MARGIN);
    // A selection wider than the view shows its start.
    if (keep.x * zoom + x < MARGIN) x = MARGIN - keep.x * zoom;
    if (keep.y * zoom + y < MARGIN) y = MARGIN - keep.y * zoom;
  }
  return { x: Math.round(x), y: Math.round(y), zoom };
}

/** Each node's box on the canvas: its measured size where the page has one, else the estimate. */
export function nodeRects(doc: GraphDocument, sizeOf: (id: string) => { width: number; height: number } | undefined, estimate: (id: string) => NodeBox): Rect[] {
  return doc.nodes.map((n) => ({ ...n.position, ...(sizeOf(n.id) ?? estimate(n.id)) }));
}

/**
 * The view `readableViewport` gives for a document, its Inputs as the start. `around`: what
 * the canvas draws around the layers (a GAN's labelled regions), kept in view with them.
 */
export function documentViewport(
  doc: GraphDocument,
  rects: readonly Rect[],
  pane: { width: number; height: number },
  selected: ReadonlySet<string> = new Set(),
  around: readonly Rect[] = [],
): Viewport | null {
  const graph = boundsOf([...rects, ...around]);
  if (!graph) return null;
  const inputs = rects.filter((_, i) => doc.nodes[i]!.type === 'Input');
  // A region's label sits above its Input: the start begins there.
  const start = boundsOf(inputs) && { ...boundsOf(inputs)!, y: Math.min(boundsOf(inputs)!.y, ...around.map((r) => r.y)) };
  const chosen = rects.filter((_, i) => selected.has(doc.nodes[i]!.id));
  return readableViewport(graph, start ?? graph, pane, boundsOf(chosen));
}

/** Fits the view the readable way (see readableViewport) to the open document, from the sizes React Flow measured. */
export async function fitReadable<N extends Node, E extends Edge>(flow: ReactFlowInstance<N, E>): Promise<void> {
  const doc = useEditor.getState().history.present;
  const pane = document.querySelector('[data-testid="canvas"]');
  if (!pane) return;
  const estimate = estimatedNodeBoxes(doc, analysisOf(doc), catalog, faceWords(i18n.t));
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const measured = new Map(flow.getNodes().map((n) => [n.id, n.measured?.width && n.measured.height ? { width: n.measured.width, height: n.measured.height } : undefined]));
  const selected = new Set(flow.getNodes().filter((n) => n.selected).map((n) => n.id));
  const rects = nodeRects(doc, (id) => measured.get(id), (id) => estimate(byId.get(id)!));
  const regions = flow
    .getNodes()
    .filter((n) => n.type === 'gan-region' && n.width && n.height)
    .map((n) => ({ ...n.position, width: n.width!, height: n.height! }));
  const view = documentViewport(doc, rects, { width: pane.clientWidth, height: pane.clientHeight }, selected, regions);
  if (view) await flow.setViewport(view);
}
