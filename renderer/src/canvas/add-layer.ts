import { addNode, nextNodeId } from '../../../shared/graph/actions';
import type { GraphDocument } from '../../../shared/graph/document';
import { i18n } from '../i18n';
import { problemText } from '../i18n/problem-text';
import { catalog } from '../store/catalog';
import { useEditor } from '../store/editor-store';
import { checkWire } from './connection-check';
import type { PendingWire } from './canvas-ui-store';

export const GRID = 20;

/** The drag-and-drop payload type of a palette item: the layer kind. */
export const LAYER_DRAG_TYPE = 'application/x-nnd-layer';

const snap = (v: number) => Math.round(v / GRID) * GRID;

/** Where a node lands when dropped at a point: centred on it horizontally, on the grid. */
export function dropPosition(point: { x: number; y: number }): { x: number; y: number } {
  return { x: snap(point.x - 88), y: snap(point.y - 30) };
}

/**
 * Adds a layer of `type` at `position`, wired to `wire` when one was being dragged. A wire
 * the shapes refuse is left out (the layer still lands) and the reason is shown.
 * One undo step either way.
 */
export function addLayerAt(type: string, position: { x: number; y: number }, wire: PendingWire | null = null): string | null {
  const store = useEditor.getState();
  let newId: string | null = null;
  let refusal: string | null = null;
  const applied = store.edit((doc) => {
    newId = nextNodeId(doc, type);
    const added = addNode(doc, { type, position, id: newId });
    if (!wire) return added;
    const wired = wireNewNode(added, newId, wire);
    if (wired.ok) return wired.doc;
    refusal = 'problem' in wired && wired.problem ? problemText(i18n.t, wired.problem) : wired.reason;
    return added;
  });
  if (!applied || newId === null) return null;
  useEditor.getState().select({ nodes: [newId], edges: [] });
  if (refusal) useEditor.getState().showNotice({ kind: 'error', key: 'canvas.refused', values: { reason: refusal } });
  return newId;
}

function wireNewNode(doc: GraphDocument, newId: string, wire: PendingWire) {
  const kind = catalog.kind(doc.nodes.find((n) => n.id === newId)!.type)!;
  if (wire.handleType === 'source') {
    const input = kind.inputs[0];
    if (!input) return { ok: false as const, reason: i18n.t('canvas.noInputPort', { layer: kind.type }) };
    return checkWire(doc, catalog, { source: wire.nodeId, sourceHandle: wire.handleId, target: newId, targetHandle: input.name });
  }
  const output = kind.outputs[0]!;
  return checkWire(doc, catalog, { source: newId, sourceHandle: output.name, target: wire.nodeId, targetHandle: wire.handleId });
}
