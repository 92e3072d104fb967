import { bindingsForData } from '../../compile/bindings';
import { CompileError, type CompiledModel } from '../../compile/compile';
import type { Dataset } from '../../data/dataset';
import { datasetFields, describeFields, fieldSampleSize, type DatasetField } from '../../data/fields';
import type { GraphDocument } from '../../graph/document';
import { ganDataProblems, ganRoles, type GanRoles } from '../../graph/gan';
import type { GanConfig, InputNoise, LossName, MetricName, TrainingConfig } from '../../graph/training-config';
import type { LayerContext, Shape } from '../../layers/types';
import { layerWeights } from '../common/layer-weights';
import { float32Bytes, type ExportFile } from '../files';
import { pytorchModelSource, type TorchModelSource } from './model-py';
import { trainPy } from './templates/train.py.generated';
import { encodeTorchWeights, torchWeightsFromTfjs } from './weights';

/**
 * The shape each sample of a field takes in an Input: a flat row whose size matches a fixed
 * input shape becomes that shape (pixels of an image), as the tfjs training loop does.
 */
export function inputSampleShape(field: Pick<DatasetField, 'shape'>, inputShape: Shape): number[] {
  const sample = field.shape.slice(1);
  const fixed = inputShape.every((d) => d !== null) ? (inputShape as number[]) : null;
  if (fixed && fixed.join() !== sample.join() && fixed.reduce((a, b) => a * b, 1) === fieldSampleSize(field)) return fixed;
  return sample;
}

/** What train.py feeds one Input of the model (train_config.json's `inputs`, in the model's order). */
export interface TrainConfigInput {
  name: string;
  field: string;
  /** One sample as the Input takes it, channels-last as NN Designer has it (train.py permutes images). */
  sampleShape: number[];
  noise?: InputNoise;
}

/** What one model output learns (train_config.json's `outputs`). */
export interface TrainConfigOutput {
  name: string;
  /** Position among the model's outputs (model.py's OUTPUTS). */
  index: number;
  field: string;
  loss: LossName;
  weight: number;
  metrics: MetricName[];
  ignoreValue?: number;
}

/** What train.py's adversarial loop needs of a GAN beside `training.gan` (train_config.json's `gan`). */
export interface TrainConfigGan {
  /** The generator's noise, one sample (its Input's shape, channels-last). */
  noiseShape: number[];
  /** One real sample as the discriminator's Input takes it, channels-last (train.py permutes images). */
  sampleShape: number[];
  discriminatorEnds: GanRoles['discriminatorEnds'];
}

/** train_config.json: the training settings, the bindings, and where each field's values lie under data/. */
export interface TrainConfig {
  training: TrainingConfig;
  inputs: TrainConfigInput[];
  outputs: TrainConfigOutput[];
  fields: Record<string, { path: string; shape: number[] }>;
  data: Pick<Dataset, 'featureNames' | 'classNames' | 'normalization'>;
  /** A GAN: the inputs and outputs above are empty, the real samples are the field `training.gan.real`. */
  gan?: TrainConfigGan;
}

const dataFileName = (field: string) => `data/${field.replace(/[^A-Za-z0-9_.-]/g, '_')}.bin`;

/**
 * A GAN's train_config.json and its one data file, the real samples. Throws CompileError with
 * the problems that keep the document from training adversarially on `data`.
 */
function ganTrainConfig(doc: GraphDocument, gan: GanConfig, compiled: Pick<CompiledModel, 'analysis' | 'model'>, data: Dataset): { config: TrainConfig; files: ExportFile[] } {
  const fields = datasetFields(data);
  const { roles, problems } = ganRoles(doc, compiled.analysis, gan);
  const all = [...problems, ...(roles ? ganDataProblems(doc, roles, gan, describeFields(fields)) : [])];
  if (!roles || all.length) throw new CompileError(all);
  const real = fields[gan.real]!;
  const sampleInput = compiled.analysis.nodes.get(roles.discriminator.input)!.outputShapes[0]!.slice(1);
  const config: TrainConfig = {
    training: doc.training,
    inputs: [],
    outputs: [],
    fields: { [gan.real]: { path: dataFileName(gan.real), shape: real.shape } },
    data: { featureNames: data.featureNames, classNames: data.classNames, ...(data.normalization ? { normalization: data.normalization } : {}) },
    gan: { noiseShape: roles.noiseShape, sampleShape: inputSampleShape(real, sampleInput), discriminatorEnds: roles.discriminatorEnds },
  };
  return { config, files: [{ path: dataFileName(gan.real), contents: float32Bytes(real.values) }] };
}

/** train_config.json and the data/ files of the bound fields, each field written once. */
export function trainConfigFor(doc: GraphDocument, compiled: Pick<CompiledModel, 'analysis' | 'model'>, data: Dataset): { config: TrainConfig; files: ExportFile[] } {
  if (doc.training.gan) return ganTrainConfig(doc, doc.training.gan, compiled, data);
  const bindings = bindingsForData(doc, compiled.analysis, data);
  const fields = datasetFields(data);
  const used = [...new Set([...bindings.inputs.map((b) => b.field), ...bindings.outputs.map((b) => b.field)])];
  const fileName = dataFileName;
  const config: TrainConfig = {
    training: doc.training,
    inputs: bindings.inputs.map((b) => ({
      name: b.name,
      field: b.field,
      sampleShape: inputSampleShape(fields[b.field]!, compiled.model.inputs[b.index]!.shape.slice(1)),
      ...(b.noise ? { noise: b.noise } : {}),
    })),
    outputs: bindings.outputs.map((b) => {
      const ignoreValue = fields[b.field]!.ignoreValue;
      return { name: b.name, index: b.index, field: b.field, loss: b.loss, weight: b.weight, metrics: [...new Set(b.metrics)], ...(ignoreValue !== undefined ? { ignoreValue } : {}) };
    }),
    fields: Object.fromEntries(used.map((f) => [f, { path: fileName(f), shape: fields[f]!.shape }])),
    data: { featureNames: data.featureNames, classNames: data.classNames, ...(data.normalization ? { normalization: data.normalization } : {}) },
  };
  return { config, files: used.map((f) => ({ path: fileName(f), contents: float32Bytes(fields[f]!.values) })) };
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
  /** train_config.json's contents, when a dataset was given. */
  trainConfig?: TrainConfig;
}

/**
 * model.py, its weights (weights.bin + weights.json), train.py with train_config.json and,
 * given the dataset, data/<field>.bin for each field an Input reads or an output learns
 * (data/x.bin + data/y.bin for a plain run): a folder that trains with `python train.py` or
 * `torchrun`. `compiled` carries the weights every export format shares. Throws CompileError
 * when the document's objectives do not fit the dataset.
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
  if (!options.dataset) return { files, source };
  const { config, files: data } = trainConfigFor(doc, compiled, options.dataset);
  files.push({ path: 'train_config.json', contents: JSON.stringify(config, null, 1) + '\n' }, ...data);
  return { files, source, trainConfig: config };
}
