import { addNode, connect } from '../../../shared/graph/actions';
import { emptyDocument, type GraphDocument } from '../../../shared/graph/document';

/**
 * Two versions of a project large enough (a few hundred KB) that a save takes several write
 * calls, so a kill can land in the middle of one.
 */
export function killTestDocument(version: 'A' | 'B'): GraphDocument {
  let doc = emptyDocument(`kill test ${version}`);
  doc = addNode(doc, { type: 'Input', params: { shape: [8] } });
  let previous = doc.nodes[0]!.id;
  for (let i = 0; i < 1500; i++) {
    doc = addNode(doc, { type: 'Dense', params: { units: version === 'A' ? 8 : 9 }, position: { x: i * 10, y: i } });
    const id = doc.nodes[doc.nodes.length - 1]!.id;
    doc = connect(doc, { source: previous, target: id });
    previous = id;
  }
  return { ...doc, description: `version ${version} `.repeat(200_000) };
}
