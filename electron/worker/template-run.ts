import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import type { Dataset } from '../../shared/data/dataset';
import { DatasetReferenceSchema } from '../../shared/data/reference';
import type { GraphDocument } from '../../shared/graph/document';
import { TrainingConfigSchema, type TrainingConfig } from '../../shared/graph/training-config';
import { withSeededRandom } from '../../shared/layers/seed';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import type { MetricLogs } from '../../shared/training/protocol';
import { tableBindings } from '../../shared/training/runner';
import { trainModel, type TableBindings, type TrainingOutcome } from '../../shared/training/train';
import { loadDataset, resolveDatasetPath } from '../node/load-dataset';
import { readProject } from '../node/project-files';
import { selectBackend } from './backend';
import { registerFastPath } from './fast-path';

export const EXAMPLES_DIR = fileURLToPath(new URL('../../examples/', import.meta.url));

export interface TemplateRunOptions {
  /** Training settings that differ from the template's (fewer epochs in a short test). */
  training?: Partial<TrainingConfig>;
  /** Dataset reference fields that differ from the template's (fewer generated samples). */
  dataset?: Record<string, unknown>;
  /** Told each epoch's logs as the run goes. */
  onEpoch?: (epoch: number, logs: MetricLogs, seconds: number) => void;
}

export interface TemplateRun {
  doc: GraphDocument;
  training: TrainingConfig;
  compiled: CompiledModel;
  data: Dataset;
  bindings: TableBindings;
  outcome: TrainingOutcome;
  /** Wall-clock seconds of the training itself (data loading and compiling left out). */
  seconds: number;
}

/** A template of examples/ with its own dataset and settings (or the overrides given), ready to train. */
export async function prepareTemplate(file: string, options: Omit<TemplateRunOptions, 'onEpoch'> = {}) {
  const stored = await readProject(path.join(EXAMPLES_DIR, file));
  const dataset = resolveDatasetPath(DatasetReferenceSchema.parse({ ...stored.dataset, ...options.dataset }), EXAMPLES_DIR);
  const training = TrainingConfigSchema.parse({ ...stored.training, ...options.training });
  const doc: GraphDocument = { ...stored, dataset, training };
  const compiled = withSeededRandom(training.seed, () => compileGraph(doc, tfjsCatalog));
  const data = await loadDataset(dataset, training, outputUnits(compiled.model));
  const bindings = tableBindings(doc, compiled.analysis, compiled.model, data, training);
  return { doc, training, compiled, data, bindings };
}

function outputUnits(model: tf.LayersModel): number | null {
  const shape = model.outputs[0]?.shape;
  return shape ? (shape[shape.length - 1] ?? null) : null;
}

/**
 * Trains a template as the training worker does (shared/training/runner.ts): the same
 * dataset loader, the bindings resolved from the document, the one loop, on the single-threaded
 * wasm backend the app uses by default. The weights start from the template's seed.
 */
export async function trainTemplate(file: string, options: TemplateRunOptions = {}): Promise<TemplateRun> {
  await registerFastPath();
  const backend = await selectBackend('wasm', { wasmThreads: 0 });
  const prepared = await prepareTemplate(file, options);
  const started = performance.now();
  const outcome = await trainModel(prepared.compiled.model, prepared.data, prepared.training, {
    backend,
    onEvent: (event) => {
      if (event.type === 'epoch') options.onEpoch?.(event.epoch, event.logs, (performance.now() - started) / 1000);
    },
  }, prepared.bindings);
  return { ...prepared, outcome, seconds: (performance.now() - started) / 1000 };
}
