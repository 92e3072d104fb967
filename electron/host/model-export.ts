import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError, compileGraph, type CompiledModel } from '../../shared/compile/compile';
import { ganModels, type GanModels } from '../../shared/compile/gan-models';
import type { Dataset } from '../../shared/data/dataset';
import type { ExportFile } from '../../shared/export/files';
import type { ExportFormat } from '../../shared/export/formats';
import { kerasExport } from '../../shared/export/keras/model-py';
import { pytorchExport } from '../../shared/export/pytorch/export';
import type { Problem } from '../../shared/graph/analyze';
import type { TrainScriptMissing } from '../../shared/host-api';
import type { GraphDocument } from '../../shared/graph/document';
import { ganRoles } from '../../shared/graph/gan';
import { trainingProblems } from '../../shared/graph/objectives';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { WEIGHTS_FILE_NAME } from '../../shared/model-json/export';
import { withSeededRandom } from '../../shared/layers/seed';
import { writeExportFiles } from '../pytorch/python';
import { describeDatasetFields } from '../node/dataset-fields';
import { loadDataset, resolveDatasetPath } from '../node/load-dataset';
import { loadWeightsByName, MODEL_JSON_FILE_NAME, writeLayersModel } from '../node/model-files';

/**
 * One export of a model, shared by `nnd export`, the training panel's run export and the
 * editor's Export dialog, so every format carries the same weights whoever asks.
 */
export interface ModelExportRequest {
  document: GraphDocument;
  format: ExportFormat;
  /** Folder written into (created when missing). */
  outDir: string;
  /** A folder with model.json + weights.bin of trained weights (a run's, or the project's), or null for the initial weights drawn from the seed. */
  weightsDir: string | null;
  /** The folder a relative dataset path in the document is relative to (the project's). */
  baseDir: string;
}

export interface ModelExport {
  format: ExportFormat;
  directory: string;
  /** Every file written, as absolute paths. */
  files: string[];
  /** model.json, or model.py for code. */
  mainFile: string;
  weights: 'trained' | 'initial';
  params: number;
  /** PyTorch: whether train.py was written, with the project's data. */
  trainScript: boolean;
  /** PyTorch without train.py: why (its training problems, no dataset, a graph dataset); else null. */
  trainScriptMissing: TrainScriptMissing | null;
  /** Code formats: what keeps the project from training as drawn (then PyTorch has no train.py); empty when nothing does. */
  trainingProblems: Problem[];
  /**
   * A GAN whose two networks resolve: tfjs writes each beside the whole model (generator/ and
   * discriminator/, a model.json + weights.bin each); the code formats define both networks.
   */
  ganNetworks: boolean;
}

/** The folders a GAN's tfjs export writes its generator and its discriminator into. */
export const GAN_NETWORK_FOLDERS = ['generator', 'discriminator'] as const;

/**
 * The generator and the discriminator as LayersModels of their own over the compiled model's
 * layers (so they carry its weights), or null when the document is no GAN or its roles do not resolve.
 */
function ganNetworks(document: GraphDocument, compiled: CompiledModel): GanModels | null {
  const gan = document.training.gan;
  const roles = gan ? ganRoles(document, compiled.analysis, gan).roles : null;
  return roles ? ganModels(compiled, roles) : null;
}

/** The export cannot be written for a reason the person can fix; the message says which, without a file name in front. */
export class ModelExportError extends Error {
  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ModelExportError';
  }
}

/**
 * The project's model with the weights an export should carry; the caller disposes it.
 * Seeded as the worker seeds its build, so an untrained export holds the weights training
 * would start from. Throws CompileError when the graph has problems.
 */
export async function modelWithExportWeights(document: GraphDocument, weightsDir: string | null): Promise<CompiledModel> {
  const compiled = withSeededRandom(document.training.seed, () => compileGraph(document, tfjsCatalog));
  if (!weightsDir) return compiled;
  try {
    await loadWeightsByName(compiled.model, weightsDir);
  } catch (err) {
    compiled.model.dispose();
    throw new ModelExportError(`the trained weights in ${weightsDir} do not load: ${(err as Error).message}`, { cause: err });
  }
  return compiled;
}

/** Writes the model in `format` into `outDir`. Throws CompileError, ExportRefusedError (a kind the format cannot write) or ModelExportError. */
export async function exportModel(request: ModelExportRequest): Promise<ModelExport> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner on stderr
  const { document, format, outDir } = request;
  const compiled = await modelWithExportWeights(document, request.weightsDir);
  const { model } = compiled;
  const weights = request.weightsDir ? 'trained' : 'initial';
  let untrainable: Problem[] = [];
  const networks = ganNetworks(document, compiled);
  const result = (written: string[], mainFile: string, trainScript = false, trainScriptMissing: TrainScriptMissing | null = null): ModelExport => ({
    format,
    directory: outDir,
    files: written.map((f) => path.join(outDir, f)),
    mainFile: path.join(outDir, mainFile),
    weights,
    params: model.countParams(),
    trainScript,
    trainScriptMissing,
    trainingProblems: untrainable,
    ganNetworks: networks !== null,
  });
  try {
    if (format === 'tfjs') {
      await writeLayersModel(outDir, model);
      const written = [MODEL_JSON_FILE_NAME, WEIGHTS_FILE_NAME];
      for (const folder of networks ? GAN_NETWORK_FOLDERS : []) {
        await writeLayersModel(path.join(outDir, folder), networks![folder]);
        written.push(path.join(folder, MODEL_JSON_FILE_NAME), path.join(folder, WEIGHTS_FILE_NAME));
      }
      return result(written, MODEL_JSON_FILE_NAME);
    }
    // Code is taken away to train: a document that cannot train says why instead of writing a train.py that dies.
    const { fields } = await describeDatasetFields(document.dataset, compiled.analysis, document.training, request.baseDir);
    untrainable = trainingProblems(document, compiled.analysis, fields);
    if (format === 'keras') return result(await writeExportFiles(outDir, kerasExport(document, compiled, catalog, weights)), 'model.py');
    let dataset: Dataset | undefined;
    // train.py trains a table of samples (each Input's field, each output's target): a graph's arrays are not written for it.
    if (document.dataset && document.dataset.kind !== 'graph' && !untrainable.length) {
      const output = model.outputs[0]!.shape;
      const reference = resolveDatasetPath(document.dataset, request.baseDir);
      try {
        // A GAN's real samples all train, loaded as the tfjs runner loads them (no rows held out, no labels to encode).
        dataset = document.training.gan
          ? await loadDataset(reference, { ...document.training, validationSplit: 0 }, null)
          : await loadDataset(reference, document.training, output[output.length - 1] ?? null);
      } catch (err) {
        throw new ModelExportError(`the dataset does not load, so train.py would have nothing to train on: ${(err as Error).message}`, { cause: err });
      }
    }
    let files: ExportFile[];
    try {
      files = pytorchExport(document, compiled, catalog, { weightsFrom: weights, dataset }).files;
    } catch (err) {
      // The data as loaded (a CSV's columns) can show problems its reference did not promise: the model is still written.
      if (!(err instanceof CompileError) || !dataset) throw err;
      untrainable = err.problems;
      dataset = undefined;
      files = pytorchExport(document, compiled, catalog, { weightsFrom: weights }).files;
    }
    // train.py reads train_config.json and data/, which only a loaded dataset gives.
    if (!dataset) files = files.filter((f) => !['train.py', 'train_config.json'].includes(f.path) && !f.path.startsWith('data/'));
    const missing: TrainScriptMissing | null = dataset ? null : untrainable.length ? 'training-problems' : !document.dataset ? 'no-dataset' : 'graph-dataset';
    return result(await writeExportFiles(outDir, files), 'model.py', dataset !== undefined, missing);
  } finally {
    model.dispose();
  }
}
