import { connect, EditError } from '../../../shared/graph/actions';
import { analyzeGraph, type Problem } from '../../../shared/graph/analyze';
import type { GraphDocument } from '../../../shared/graph/document';
import type { LayerCatalog } from '../../../shared/layers';

export interface WireRequest {
  source: string;
  sourceHandle: string;
  target: string;
  targetHandle: string;
}

/** `problem`, when the validator refused the wire, lets the editor say the reason in its language. */
export type WireVerdict = { ok: true; doc: GraphDocument } | { ok: false; reason: string; problem?: Problem };

/** Whether the target port keeps its other wires when one more arrives (merges do). */
export function targetTakesMany(doc: GraphDocument, catalog: LayerCatalog, target: string, targetHandle: string): boolean {
  const node = doc.nodes.find((n) => n.id === target);
  const kind = node && catalog.kind(node.type);
  return Boolean(kind?.inputs.find((p) => p.name === targetHandle)?.multiple);
}

/**
 * Tries the wire on a copy of the document and runs shape inference: the wire is refused
 * when it makes the target's shapes impossible or closes a loop. The reason is the
 * validator's own message, which says what to change.
 */
export function checkWire(doc: GraphDocument, catalog: LayerCatalog, wire: WireRequest): WireVerdict {
  let next: GraphDocument;
  try {
    next = connect(doc, { ...wire, targetTakesMany: targetTakesMany(doc, catalog, wire.target, wire.targetHandle) });
  } catch (err) {
    if (err instanceof EditError) return { ok: false, reason: err.message };
    throw err;
  }
  const target = next.nodes.find((n) => n.id === wire.target)!;
  const port = catalog.kind(target.type)?.inputs.find((p) => p.name === wire.targetHandle);
  // A merge judges its inputs together; with one wire so far there is nothing to compare yet.
  const wiresOnPort = next.edges.filter((e) => e.target === wire.target && e.targetHandle === wire.targetHandle).length;
  const judgeShapes = !(port?.multiple && wiresOnPort < 2);
  const problems = analyzeGraph(next, catalog).problems.filter((p) => p.nodeId === wire.target);
  const structural = problems.find((p) => p.code === 'cycle' || p.code === 'bad-edge');
  if (structural) return { ok: false, reason: structural.message, problem: structural };
  const mismatch = judgeShapes ? problems.find((p) => p.code === 'shape-mismatch') : undefined;
  if (mismatch) return { ok: false, reason: mismatch.message, problem: mismatch };
  return { ok: true, doc: next };
}

/**
 * React Flow asks about the same wire on every pointer move over a handle; one document
 * and one wire give one answer, so the last answers are kept.
 */
export function createWireChecker(catalog: LayerCatalog) {
  let cachedDoc: GraphDocument | null = null;
  const answers = new Map<string, WireVerdict>();
  return (doc: GraphDocument, wire: WireRequest): WireVerdict => {
    if (doc !== cachedDoc) {
      cachedDoc = doc;
      answers.clear();
    }
    const key = `${wire.source}\u0000${wire.sourceHandle}\u0000${wire.target}\u0000${wire.targetHandle}`;
    let verdict = answers.get(key);
    if (!verdict) {
      verdict = checkWire(doc, catalog, wire);
      answers.set(key, verdict);
    }
    return verdict;
  };
}
