import type { TorchLayerEmitter, TorchNode } from '../../codegen/torch';
import { incomingByPort, type GraphAnalysis } from '../../graph/analyze';
import type { GraphDocument } from '../../graph/document';

/**
 * How a padding mask travels through the graph, as tfjs's executor (fit, predict) moves it:
 * a layer is handed the mask of its first input; a layer that supports masking hands a mask
 * on (every one of its outputs gets it), any other layer drops it. Each kind's emitter says
 * (`mask`) whether it makes, hands on or reads one.
 */
export interface MaskFlow {
  /** Node id → the id of the node whose mask the node's outputs carry. */
  carried: Map<string, string>;
  /** Node id → the node whose mask the node is handed. */
  handed: Map<string, string>;
  /** Nodes handed a mask that the export cannot honour, with the reason. */
  problems: { nodeId: string; message: string }[];
}

/** Follows every mask through the graph in analysis order; `nodeOf` is the node as its emitter sees it. */
export function maskFlow(
  doc: GraphDocument,
  analysis: GraphAnalysis,
  emitterOf: (type: string) => TorchLayerEmitter | undefined,
  nodeOf: (id: string) => TorchNode,
): MaskFlow {
  const carried = new Map<string, string>();
  const handed = new Map<string, string>();
  const problems: MaskFlow['problems'] = [];
  for (const id of analysis.order) {
    const a = analysis.nodes.get(id)!;
    if (a.kind.inputSpec) continue;
    const mask = emitterOf(a.kind.type)?.mask;
    if (!mask) continue;
    const node = nodeOf(id);
    if (mask.makes) {
      if (mask.makes.when(node)) carried.set(id, id);
      continue;
    }
    const sources = [...incomingByPort(a.kind, doc.edges.filter((e) => e.target === id)).values()].flat().map((e) => e.source);
    const origin = sources.length ? carried.get(sources[0]!) : undefined;
    if (!origin) continue;
    handed.set(id, origin);
    const refusal = mask.refuse?.(node, sources.length);
    if (refusal) problems.push({ nodeId: id, message: refusal });
    if (mask.passes?.(node)) carried.set(id, origin);
  }
  return { carried, handed, problems };
}
