import { addNode, connect } from '../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../shared/graph/document';

export interface LayerStep {
  type: string;
  params?: Record<string, unknown>;
}

/** A straight chain of layers, each fed by the one before. */
export function chainDocument(name: string, steps: LayerStep[]): GraphDocument {
  let doc = emptyDocument(name);
  let previous: string | undefined;
  steps.forEach((step, i) => {
    doc = addNode(doc, { type: step.type, params: step.params ?? {}, position: { x: i * 220, y: 0 } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    if (previous) doc = connect(doc, { source: previous, target: id, id: `${previous}-${id}` });
    previous = id;
  });
  return doc;
}

/**
 * Input → Dense, then residual blocks (Dense relu → Dense → Add with the block's input)
 * until the graph has `nodeCount` nodes: deep, with a branch and a merge every three nodes,
 * which is what makes topological sorting and shape inference work for their living.
 */
export function residualDocument(nodeCount: number, width = 32): GraphDocument {
  let doc = emptyDocument(`residual_${nodeCount}`);
  const add = (type: string, params: Record<string, unknown>, column: number, row: number) => {
    doc = addNode(doc, { type, params, position: { x: column * 220, y: row * 140 } });
    return doc.nodes[doc.nodes.length - 1]!.id;
  };
  const wire = (source: string, target: string, many = false) => {
    doc = connect(doc, { source, target, id: `${source}-${target}`, targetTakesMany: many });
  };
  const input = add('Input', { shape: [width] }, 0, 0);
  let trunk = add('Dense', { units: width, activation: 'relu' }, 1, 0);
  wire(input, trunk);
  let column = 2;
  while (doc.nodes.length + 3 <= nodeCount) {
    const first = add('Dense', { units: width, activation: 'relu' }, column, 1);
    const second = add('Dense', { units: width }, column + 1, 1);
    const merge = add('Add', {}, column + 2, 0);
    wire(trunk, first);
    wire(first, second);
    wire(trunk, merge, true);
    wire(second, merge, true);
    trunk = merge;
    column += 3;
  }
  while (doc.nodes.length < nodeCount) {
    const next = add('Dense', { units: width, activation: 'relu' }, column++, 0);
    wire(trunk, next);
    trunk = next;
  }
  return doc;
}
