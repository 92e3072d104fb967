import type { CompiledModel } from '../../compile/compile';
import type { Dataset } from '../../data/dataset';
import type { GraphDocument } from '../../graph/document';
import type { LayerContext } from '../../layers/types';
import { layerWeights } from '../common/layer-weights';
import { float32Bytes, type ExportFile } from '../files';
import { pytorchModelSource, type TorchModelSource } from './model-py';
import { trainPy } from './templates/train.py.generated';
import { encodeTorchWeights, torchWeightsFromTfjs } from './weights';

/**
 * The shape each sample takes in the model: a flat row whose length matches a fixed input
 * shape becomes that shape (pixels of an image), as the tfjs training loop does.
 */
export function sampleShapeFor(data: Pick<Dataset, 'xShape'>, inputShape: (number | null)[]): number[] {
  const sample = data.xShape.slice(1);
  const fixed = inputShape.every((d) => d !== null) ? (inputShape as number[]) : null;
  if (fixed && fixed.join() !== sample.join() && sample.length === 1 && fixed.reduce((a, b) => a * b, 1) === sample[0]) return fixed;
  return sample;
}

export interface PytorchExportOptions {
  /** Trained weights, or the initial ones drawn from the project's seed. */
  weightsFrom: 'trained' | 'initial';
  /** The project's dataset as NN Designer loaded it: written to data/ so train.py trains on the same numbers. */
  dataset?: Dataset;
}

export interface PytorchExport {
  files: ExportFile[];
  source: TorchModelSource;
}

/**
 * model.py, its weights (weights.bin + weights.json), train.py with train_config.json and,
 * given the dataset, data/x.bin + data/y.bin: a folder that trains with `python train.py` or
 * `torchrun`. `compiled` carries the weights every export format shares.
 */
export function pytorchExport(doc: GraphDocument, compiled: CompiledModel, ctx: LayerContext, options: PytorchExportOptions): PytorchExport {
  const source = pytorchModelSource(doc, compiled.analysis, ctx);
  const tensors = torchWeightsFromTfjs(source.weightPlan, (nodeId) => layerWeights(compiled.layers.get(nodeId)!));
  const weights = encodeTorchWeights(tensors, options.weightsFrom);
  const files: ExportFile[] = [
    { path: 'model.py', contents: source.code },
    { path: 'weights.json', contents: weights.manifest },
    { path: 'weights.bin', contents: weights.bin },
    { path: 'train.py', contents: trainPy },
  ];
  const data = options.dataset;
  if (data) {
    const outputShape = compiled.model.outputs[0]!.shape;
    const inputShape = compiled.model.inputs[0]!.shape.slice(1);
    const config = {
      training: doc.training,
      outputUnits: outputShape[outputShape.length - 1] ?? 1,
      data: {
        x: 'data/x.bin',
        y: 'data/y.bin',
        xShape: data.xShape,
        yShape: data.yShape,
        sampleShape: sampleShapeFor(data, inputShape),
        featureNames: data.featureNames,
        classNames: data.classNames,
        ...(data.normalization ? { normalization: data.normalization } : {}),
      },
    };
    files.push(
      { path: 'train_config.json', contents: JSON.stringify(config, null, 1) + '\n' },
      { path: 'data/x.bin', contents: float32Bytes(data.x) },
      { path: 'data/y.bin', contents: float32Bytes(data.y) },
    );
  }
  return { files, source };
}
