import * as tf from '@tensorflow/tfjs';
import { byteLength } from './load';

/** Saved weights describe another graph than the one they are being loaded into. */
export class WeightsMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WeightsMismatchError';
  }
}

const RETRAIN = 'retrain the model (or export without the trained weights)';

/**
 * The layer a saved weight belongs to. tfjs names each weight inside its layer's name
 * scope (`dense_2/kernel`, `bidirectional/forward_lstm/kernel`), so the first segment is
 * the top-level layer's name.
 */
function layerOf(weightName: string): string {
  return weightName.split('/')[0]!;
}

function shortName(weightName: string): string {
  return weightName.split('/').slice(1).join('/') || weightName;
}

const tensors = (n: number) => `${n} weight tensor${n === 1 ? '' : 's'}`;

function formatDims(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * Copies weights saved from an earlier build of the same graph into `model`: layer by
 * layer name, weight by weight in order, every shape checked before anything is written,
 * so a graph edited since the weights were saved is refused as a whole with a message
 * that names the layer and the shapes instead of half-loading.
 */
export function copyWeightsByName(model: tf.LayersModel, specs: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): void {
  const savedByLayer = new Map<string, tf.io.WeightsManifestEntry[]>();
  for (const spec of specs) {
    const list = savedByLayer.get(layerOf(spec.name)) ?? [];
    list.push(spec);
    savedByLayer.set(layerOf(spec.name), list);
  }

  const layersWithWeights = model.layers.filter((l) => l.weights.length > 0);
  const modelLayerNames = new Set(layersWithWeights.map((l) => l.name));
  for (const layer of layersWithWeights) {
    const saved = savedByLayer.get(layer.name);
    if (!saved)
      throw new WeightsMismatchError(
        `layer ${layer.name} has weights in the project but none in the saved weights — it was added or renamed since training; ${RETRAIN}`,
      );
    if (saved.length !== layer.weights.length)
      throw new WeightsMismatchError(
        `layer ${layer.name} has ${tensors(layer.weights.length)} in the project but ${saved.length} in the saved weights — its settings changed since training; ${RETRAIN}`,
      );
    layer.weights.forEach((w, i) => {
      const spec = saved[i]!;
      const ours = w.shape as number[];
      if (ours.length !== spec.shape.length || ours.some((d, k) => d !== spec.shape[k]))
        throw new WeightsMismatchError(
          `layer ${layer.name} has ${shortName(w.originalName)} ${formatDims(ours)} in the project but ${formatDims(spec.shape)} in the saved weights — ${RETRAIN}`,
        );
    });
  }
  const orphaned = [...savedByLayer.keys()].filter((name) => !modelLayerNames.has(name));
  if (orphaned.length)
    throw new WeightsMismatchError(
      `the saved weights belong to layer${orphaned.length > 1 ? 's' : ''} ${orphaned.join(', ')}, which the project no longer has — ${RETRAIN}`,
    );

  const values = decodeInOrder(specs, weightData);
  try {
    for (const layer of layersWithWeights) layer.setWeights(savedByLayer.get(layer.name)!.map((spec) => values.get(spec)!));
  } finally {
    tf.dispose([...values.values()]);
  }
}

/** Decodes each entry from its own byte range, so two entries with one name cannot collide. */
function decodeInOrder(specs: tf.io.WeightsManifestEntry[], weightData: ArrayBuffer): Map<tf.io.WeightsManifestEntry, tf.Tensor> {
  const total = specs.reduce((sum, s) => sum + byteLength(s), 0);
  if (total !== weightData.byteLength)
    throw new WeightsMismatchError(
      `the saved weights hold ${weightData.byteLength} bytes but their model.json describes ${total} — the weight file is truncated or belongs to another model; ${RETRAIN}`,
    );
  const values = new Map<tf.io.WeightsManifestEntry, tf.Tensor>();
  let offset = 0;
  for (const spec of specs) {
    const size = byteLength(spec);
    values.set(spec, tf.io.decodeWeights(weightData.slice(offset, offset + size), [spec])[spec.name]!);
    offset += size;
  }
  return values;
}
