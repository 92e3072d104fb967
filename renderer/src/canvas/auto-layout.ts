import type { ELK } from 'elkjs/lib/elk-api';
import { create } from 'zustand';
import { moveNodes } from '../../../shared/graph/actions';
import type { GraphDocument } from '../../../shared/graph/document';
import { useEditor } from '../store/editor-store';
import { DEFAULT_NODE_SIZE } from './flow-elements';

let elk: Promise<ELK> | undefined;

/** elkjs is over a megabyte: it loads with the first layout, not with the page. */
function loadElk(): Promise<ELK> {
  elk ??= import('elkjs/lib/elk.bundled.js').then(
    ({ default: ElkConstructor }) => new ElkConstructor(),
    (err: unknown) => {
      elk = undefined; // the next layout tries again
      throw err;
    },
  );
  return elk;
}

/** Whether a layout is being computed (the first one also loads elkjs), for the button to show it. */
export const useLayoutRunning = create<{ running: boolean }>(() => ({ running: false }));

type Size = { width: number; height: number };

/**
 * Left-to-right layered positions (data flows the way it reads), with each port's wires
 * leaving in port order so merges and multi-output layers do not cross themselves.
 */
export async function layeredPositions(doc: GraphDocument, sizes: ReadonlyMap<string, Size>): Promise<Record<string, { x: number; y: number }>> {
  const graph = await (await loadElk()).layout({
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'RIGHT',
      'elk.layered.spacing.nodeNodeBetweenLayers': '120',
      'elk.spacing.nodeNode': '40',
      'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
      'elk.layered.crossingMinimization.semiInteractive': 'true',
    },
    children: doc.nodes.map((n) => ({ id: n.id, ...(sizes.get(n.id) ?? DEFAULT_NODE_SIZE) })),
    edges: doc.edges
      .filter((e) => e.source !== e.target)
      .map((e) => ({ id: e.id, sources: [e.source], targets: [e.target] })),
  });
  const positions: Record<string, { x: number; y: number }> = {};
  for (const child of graph.children ?? []) positions[child.id] = { x: Math.round(child.x ?? 0), y: Math.round(child.y ?? 0) };
  return positions;
}

/** Lays out the current document as one undoable edit. */
export async function autoLayout(sizes: ReadonlyMap<string, Size>): Promise<void> {
  const doc = useEditor.getState().history.present;
  if (doc.nodes.length === 0) return;
  useLayoutRunning.setState({ running: true });
  try {
    const positions = await layeredPositions(doc, sizes);
    // The person may have edited while the layout ran; apply it to the document as it is now.
    useEditor.getState().edit((current) => moveNodes(current, positions));
  } catch (err) {
    useEditor.getState().showNotice({ kind: 'error', key: 'canvas.layoutFailed', values: { message: (err as Error).message } });
  } finally {
    useLayoutRunning.setState({ running: false });
  }
}
