import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { principalComponents2d, type NodeEmbeddings } from '../../shared/data/graph-embeddings';
import { mapGraphDatasetPaths } from '../../shared/data/graph-reference';
import { graphRanges } from '../../shared/data/graph';
import type { GraphDocument } from '../../shared/graph/document';
import { HOST_ERROR_CODES, HostError } from '../../shared/host-api';
import { catalog } from '../../shared/layers';
import { declaredInputRoles } from '../../shared/layers/graph/roles';
import { graphInputRoles, wholeGraph } from '../../shared/training/train-graph';
import type { RunRecord } from '../../shared/training/run-record';
import { loadGraphDatasetFromDisk } from '../node/load-graph-dataset';

/**
 * Layers whose output is one row per node or graph, the ones an embedding plot can show; not
 * those that pass their input through when predicting, whose plot would repeat the layer before.
 */
function embeddingLayers(model: tf.LayersModel, document: Pick<GraphDocument, 'nodes'>): string[] {
  // The compiler names each tfjs layer after its node.
  const passesInput = new Set(document.nodes.filter((node) => catalog.kind(node.type)?.passesInputWhenPredicting).map((node) => node.name));
  return model.layers
    .filter((layer) => layer.getClassName() !== 'InputLayer' && !passesInput.has(layer.name))
    .filter((layer) => (layer.outputShape as tf.Shape).length === 2)
    .map((layer) => layer.name);
}

/**
 * A graph run's learned embeddings: the output of `layerName` (by default the last layer
 * before the output) for every node of the graph — or every graph, after a readout —
 * projected to 2-D by PCA and labelled with the classes. `model` holds the run's trained
 * weights; the graph is read again from the run's dataset reference.
 */
export async function nodeEmbeddingsOf(model: tf.LayersModel, record: RunRecord, layerName?: string): Promise<NodeEmbeddings> {
  if (record.dataset.kind !== 'graph')
    throw new HostError(`run ${record.id} did not train on a graph, so it has no node embeddings to show`, HOST_ERROR_CODES.runUnavailable);
  const layers = embeddingLayers(model, record.document);
  const outputLayer = model.outputLayers[0]!.name;
  const layer = layerName ?? [...layers].reverse().find((name) => name !== outputLayer) ?? outputLayer;
  if (!layers.includes(layer))
    throw new HostError(`the model has no layer "${layer}" with one output row per node or graph — choose one of ${layers.join(', ')}`, HOST_ERROR_CODES.badInput);
  const base = record.projectPath ? path.dirname(record.projectPath) : process.cwd();
  const data = await loadGraphDatasetFromDisk(mapGraphDatasetPaths(record.dataset, (p) => path.resolve(base, p)));

  const roles = graphInputRoles(model, declaredInputRoles(record.document));
  const embedder = tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output as tf.SymbolicTensor });
  const inputs = wholeGraph(data, roles);
  let rows: Float32Array;
  let width: number;
  let count: number;
  try {
    const out = embedder.apply(inputs, { training: false }) as tf.Tensor;
    [count, width] = out.shape as [number, number];
    rows = out.dataSync() as Float32Array;
    out.dispose();
  } finally {
    tf.dispose(inputs);
  }
  const byGraph = data.task === 'graph' && count === data.graphCount;
  if (!byGraph && count !== data.nodeCount)
    throw new HostError(`layer ${layer} gives ${count} rows, neither one per node (${data.nodeCount}) nor one per graph (${data.graphCount})`, HOST_ERROR_CODES.badInput);
  if (data.task === 'graph') graphRanges(data); // checks the graph ids are in order, as the labels below assume

  const splitOf = new Array<'train' | 'validation' | 'test'>(data.task === 'node' ? data.nodeCount : data.graphCount).fill('train');
  data.split.validation.forEach((i) => (splitOf[i] = 'validation'));
  data.split.test.forEach((i) => (splitOf[i] = 'test'));
  const { coordinates, explained } = principalComponents2d(rows, count, width);
  const labelOf = (i: number) => (byGraph || data.task === 'node' ? data.labels[i]! : data.labels[data.graphIds![i]!]!);
  const splitAt = (i: number) => splitOf[byGraph || data.task === 'node' ? i : data.graphIds![i]!]!;
  return {
    layer,
    layers,
    dimensions: width,
    rows: byGraph ? 'graphs' : 'nodes',
    points: Array.from({ length: count }, (_, i) => ({
      x: coordinates[2 * i]!,
      y: coordinates[2 * i + 1]!,
      label: labelOf(i),
      ...(!byGraph && data.nodeNames ? { name: data.nodeNames[i]! } : {}),
      split: splitAt(i),
    })),
    classNames: data.classNames,
    explained,
  };
}
