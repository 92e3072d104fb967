import * as tf from '@tensorflow/tfjs';
import type { TfjsCatalog } from '../layers/tfjs-catalog';
import { registerLayerClasses } from '../layers/custom/register';
import type { GraphDocument } from '../graph/document';
import { analyzeGraph, incomingByPort, type GraphAnalysis, type Problem } from '../graph/analyze';

export class CompileError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map((p) => (p.nodeId ? `${p.nodeId}: ${p.message}` : p.message)).join('\n'));
    this.name = 'CompileError';
  }
}

export interface CompiledModel {
  model: tf.LayersModel;
  analysis: GraphAnalysis;
  /** Node id → the tfjs layer it became (shared nodes map to their owner's layer). */
  layers: Map<string, tf.layers.Layer>;
  /**
   * Node id → its symbolic outputs in the traced graph: a model over part of the graph (a
   * GAN's generator, its discriminator) is `tf.model` over these, sharing the layers.
   */
  symbolic: Map<string, tf.SymbolicTensor[]>;
}

/**
 * Graph → tf.LayersModel by functional tracing, the way Keras builds a functional model:
 * validate, walk the nodes in topological order, `tf.input` for each Input node,
 * `layer.apply(symbolic inputs)` for the rest, then `tf.model({inputs, outputs})`.
 * Refuses (CompileError) a graph with any error-level problem instead of half-building it.
 */
export function compileGraph(doc: GraphDocument, catalog: TfjsCatalog): CompiledModel {
  // Our layers' arguments and wrappers are resolved by tfjs by class name (see register.ts).
  registerLayerClasses();
  const analysis = analyzeGraph(doc, catalog);
  const errors = analysis.problems.filter((p) => p.severity === 'error');
  if (errors.length) throw new CompileError(errors);

  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  const symbolic = new Map<string, tf.SymbolicTensor[]>();
  const layers = new Map<string, tf.layers.Layer>();

  const layerFor = (id: string): tf.layers.Layer => {
    const node = byId.get(id)!;
    const ownerId = node.sharesWeightsWith ?? id;
    let layer = layers.get(ownerId);
    if (!layer) {
      const owner = analysis.nodes.get(ownerId)!;
      layer = catalog.build(owner.kind.type, owner.params, byId.get(ownerId)!.name, owner.inputShapes);
      layers.set(ownerId, layer);
    }
    layers.set(id, layer);
    return layer;
  };

  for (const id of analysis.order) {
    const node = byId.get(id)!;
    const a = analysis.nodes.get(id)!;
    if (a.kind.inputSpec) {
      const spec = a.kind.inputSpec(a.params);
      symbolic.set(id, [tf.input({ shape: spec.shape, dtype: spec.dtype, name: node.name })]);
      continue;
    }
    const incoming = doc.edges.filter((e) => e.target === id);
    const args: tf.SymbolicTensor[] = [];
    for (const edges of incomingByPort(a.kind, incoming).values())
      for (const e of edges) {
        const sourceKind = analysis.nodes.get(e.source)!.kind;
        args.push(symbolic.get(e.source)![sourceKind.outputs.findIndex((p) => p.name === e.sourceHandle)]!);
      }
    const out = layerFor(id).apply(args.length === 1 ? args[0]! : args);
    symbolic.set(id, (Array.isArray(out) ? out : [out]) as tf.SymbolicTensor[]);
  }

  const inputs = analysis.inputs.map((id) => symbolic.get(id)![0]!);
  const outputs = analysis.outputs.flatMap((id) => symbolic.get(id)!);
  const model = tf.model({ inputs, outputs, name: modelName(doc.name) });
  return { model, analysis, layers, symbolic };
}

function modelName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^([^A-Za-z_])/, '_$1');
  return cleaned || 'model';
}
