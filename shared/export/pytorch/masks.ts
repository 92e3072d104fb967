import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';

/**
 * How the padding mask of an Embedding with maskZero travels through the graph, as tfjs's
 * executor (fit, predict) moves it: a layer is handed the mask of its first input; a layer
 * that supports masking hands a mask on (every one of its outputs gets it), any other layer
 * drops it. Most layers ignore the mask they are handed; the ones below read it.
 */

/** Layers that hand on the mask of their first input. */
const PASSES_MASK = new Set([
  'Dense',
  'Dropout',
  'Activation',
  'BatchNormalization',
  'LayerNormalization',
  'PositionalEmbedding',
  'SinusoidalPositionalEncoding',
  'MultiHeadAttention',
  // tfjs's merge layers: with two inputs, the first input's mask.
  'Add',
  'Multiply',
  'Average',
  'Maximum',
  'Minimum',
]);

const RECURRENT = new Set(['LSTM', 'GRU', 'SimpleRNN']);
const MERGES = new Set(['Add', 'Multiply', 'Average', 'Maximum', 'Minimum']);

/** Layers that read the mask in tfjs and whose masked form the PyTorch export does not write. */
const UNWRITTEN_MASK_READERS: Record<string, string> = {
  Attention: 'Attention',
  Bidirectional: 'Bidirectional',
  TimeDistributed: 'TimeDistributed',
  Concatenate: 'Concatenate',
};

/** Whether a node with these settings hands the mask it is given on to its outputs. */
function passesMask(type: string, params: Record<string, unknown>): boolean {
  if (RECURRENT.has(type)) return params.returnSequences === true;
  return PASSES_MASK.has(type);
}

export interface MaskFlow {
  /** Node id → the id of the Embedding whose mask the node's outputs carry. */
  carried: Map<string, string>;
  /** Node id → the Embedding whose mask the node is handed. */
  handed: Map<string, string>;
  /** Nodes handed a mask that the export cannot honour, with the reason. */
  problems: { nodeId: string; message: string }[];
}

/** Follows every Embedding mask through the graph in analysis order. */
export function maskFlow(doc: GraphDocument, analysis: GraphAnalysis): MaskFlow {
  const carried = new Map<string, string>();
  const handed = new Map<string, string>();
  const problems: MaskFlow['problems'] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.kind.inputSpec) continue;
    const type = a.kind.type;
    if (type === 'Embedding') {
      if (a.params.maskZero === true) carried.set(id, id);
      continue;
    }
    const sources = [...incomingByPort(a.kind, doc.edges.filter((e) => e.target === id)).values()].flat().map((e) => e.source);
    const mask = sources.length ? carried.get(sources[0]!) : undefined;
    if (!mask) continue;
    handed.set(id, mask);
    const unwritten = UNWRITTEN_MASK_READERS[type];
    if (unwritten) problems.push({ nodeId: id, message: `${unwritten} after an Embedding with maskZero reads the padding mask, which the PyTorch export does not write for it yet — turn maskZero off` });
    else if (MERGES.has(type) && sources.length > 2)
      problems.push({ nodeId: id, message: `${type} of more than two inputs after an Embedding with maskZero is not exported to PyTorch yet — turn maskZero off` });
    if (passesMask(type, a.params)) carried.set(id, mask);
  }
  return { carried, handed, problems };
}
