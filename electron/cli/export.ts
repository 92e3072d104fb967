import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError, compileGraph, type CompiledModel } from '../../shared/compile/compile';
import type { GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { loadWeightsByName, MODEL_JSON_FILE_NAME, writeLayersModel } from '../host/model-files';
import { readProject, resolveFromProject } from '../host/projects';
import { WEIGHTS_FILE_NAME } from '../../shared/model-json/export';
import { withSeededRandom } from '../../shared/training/seed';
import { kerasExport } from '../../shared/export/keras/model-py';
import { pytorchExport } from '../../shared/export/pytorch/export';
import { ExportRefusedError } from '../../shared/export/pytorch/model-py';
import { resolveDatasetPath } from '../host/training-session';
import { writeExportFiles } from '../pytorch/python';
import { loadDataset } from '../worker/load-dataset';
import { CliError } from './errors';
import { formatProblem } from './validate';

export const EXPORT_FORMATS = ['tfjs', 'pytorch', 'keras'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The project's model with the weights an export should carry; the caller disposes it. */
export async function modelForExport(
  file: string,
  doc: GraphDocument,
): Promise<{ model: tf.LayersModel; weightsFrom: 'trained' | 'fresh'; compiled: CompiledModel }> {
  let model: tf.LayersModel;
  let compiled: CompiledModel;
  // Seeded as the worker seeds its build, so an untrained export holds the weights training would start from.
  try {
    compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, catalog));
    model = compiled.model;
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    for (const p of err.problems) process.stderr.write(formatProblem(p) + '\n');
    throw new CliError(
      `${file} has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} — fix them before exporting (nnd validate lists them)`,
    );
  }
  if (!doc.weights) return { model, weightsFrom: 'fresh', compiled };
  const dir = resolveFromProject(file, doc.weights.path);
  try {
    await loadWeightsByName(model, dir);
  } catch (err) {
    model.dispose();
    throw new CliError(`${file}: the trained weights in ${dir} do not load: ${(err as Error).message}`);
  }
  return { model, weightsFrom: 'trained', compiled };
}

/**
 * PyTorch (model.py, weights, train.py with the project's data) or Keras (model.py, weights)
 * code in `outDir`, carrying the same weights a tfjs export of the project carries.
 */
async function exportPythonCode(file: string, doc: GraphDocument, outDir: string, format: 'pytorch' | 'keras'): Promise<string> {
  const { model, weightsFrom, compiled } = await modelForExport(file, doc);
  try {
    const weights = weightsFrom === 'trained' ? 'trained' : 'initial';
    let files;
    let note = '';
    if (format === 'keras') files = kerasExport(doc, compiled, catalog, weights);
    else {
      let dataset;
      if (doc.dataset) {
        const output = model.outputs[0]?.shape;
        try {
          dataset = await loadDataset(resolveDatasetPath(doc.dataset, path.dirname(path.resolve(file))), doc.training, output?.[output.length - 1] ?? null);
        } catch (err) {
          throw new CliError(`${file}: the dataset does not load, so train.py would have nothing to train on: ${(err as Error).message}`);
        }
      } else note = ' (no dataset in the project: train.py needs one — choose it and export again)';
      files = pytorchExport(doc, compiled, catalog, { weightsFrom: weights, dataset }).files;
      if (dataset && model.inputs.length === 1 && model.outputs.length === 1) note = '; train with python train.py or torchrun --nproc_per_node=N train.py';
      else if (dataset) files = files.filter((f) => !['train.py', 'train_config.json'].includes(f.path) && !f.path.startsWith('data/'));
    }
    await writeExportFiles(outDir, files);
    const label = format === 'keras' ? 'Keras' : 'PyTorch';
    const source = weightsFrom === 'trained' ? `trained weights from ${doc.weights!.path}` : `initial weights (seed ${doc.training.seed})`;
    return `exported ${doc.name} as ${label} code (${model.countParams().toLocaleString('en-US')} params, ${source}) to ${path.join(outDir, 'model.py')}${note}`;
  } catch (err) {
    if (err instanceof ExportRefusedError)
      throw new CliError(`${file} cannot be exported as ${format === 'keras' ? 'Keras' : 'PyTorch'} code: ${err.problems.map((p) => `${doc.nodes.find((n) => n.id === p.nodeId)?.name ?? p.nodeId}: ${p.message}`).join('; ')}`);
    throw err;
  } finally {
    model.dispose();
  }
}

/** `nnd export`: model.json + weights.bin (tfjs), or PyTorch / Keras code, in `outDir`; returns the line to print. */
export async function exportProjectFile(file: string, outDir: string, format: ExportFormat = 'tfjs'): Promise<string> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner on stderr
  const doc = await readProject(file);
  if (format !== 'tfjs') return exportPythonCode(file, doc, outDir, format);
  const { model, weightsFrom } = await modelForExport(file, doc);
  try {
    await writeLayersModel(outDir, model);
    const params = model.countParams().toLocaleString('en-US');
    const weights = weightsFrom === 'trained' ? `trained weights from ${doc.weights!.path}` : `fresh weights (seed ${doc.training.seed}; train with --save to export trained ones)`;
    return `exported ${doc.name} (${params} params, ${weights}) to ${path.join(outDir, MODEL_JSON_FILE_NAME)} + ${WEIGHTS_FILE_NAME}`;
  } finally {
    model.dispose();
  }
}
