import { create } from 'zustand';
import type { GraphDocument } from '../../../shared/graph/document';
import { applyLayout, layeredLayout, type LayoutEngine, type NodeBox } from '../../../shared/graph/layout';
import { estimatedNodeBoxes } from '../../../shared/graph/node-face';
import { i18n } from '../i18n';
import { faceWords } from './face-words';
import { analysisOf, catalog } from '../store/catalog';
import { useEditor } from '../store/editor-store';

type Size = { width: number; height: number };

let engine: Promise<LayoutEngine> | null = null;
/** elkjs is loaded the first time a layout runs, so opening the editor does not wait for it. */
function elkEngine(): Promise<LayoutEngine> {
  engine ??= import('elkjs/lib/elk.bundled.js').then(({ default: ELK }) => new ELK() as unknown as LayoutEngine);
  return engine;
}

/** Whether a layout is being computed (the first one also loads elkjs), for the button to show it. */
export const useLayoutRunning = create<{ running: boolean }>(() => ({ running: false }));

/** Each node's box: the size the page measured, else the estimate; the ports from its kind. */
export function layoutBoxes(doc: GraphDocument, sizes: ReadonlyMap<string, Size>): (node: GraphDocument['nodes'][number]) => NodeBox {
  const estimate = estimatedNodeBoxes(doc, analysisOf(doc), catalog, faceWords(i18n.t));
  return (node) => {
    const box = estimate(node);
    return { ...box, ...sizes.get(node.id) };
  };
}

/**
 * Lays out the current document (layers in columns, wires routed around them) as one
 * undoable edit; with `change`, the document that change makes, the change and the layout
 * one edit together.
 */
export async function autoLayout(sizes: ReadonlyMap<string, Size>, change: (doc: GraphDocument) => GraphDocument = (doc) => doc): Promise<void> {
  const doc = change(useEditor.getState().history.present);
  if (doc.nodes.length === 0) return;
  useLayoutRunning.setState({ running: true });
  try {
    const layout = await layeredLayout(doc, layoutBoxes(doc, sizes), await elkEngine());
    // The person may have edited while the layout ran; apply it to the document as it is now.
    useEditor.getState().edit((current) => applyLayout(change(current), layout));
  } catch (err) {
    useEditor.getState().showNotice({ kind: 'error', key: 'canvas.layoutFailed', values: { message: (err as Error).message } });
  } finally {
    useLayoutRunning.setState({ running: false });
  }
}
