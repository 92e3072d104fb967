import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { CompileError, compileGraph } from '../../shared/compile/compile';
import type { GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { loadWeightsByName, MODEL_JSON_FILE_NAME, writeLayersModel } from '../host/model-files';
import { readProject, resolveFromProject } from '../host/projects';
import { WEIGHTS_FILE_NAME } from '../../shared/model-json/export';
import { withSeededRandom } from '../../shared/training/seed';
import { CliError } from './errors';
import { formatProblem } from './validate';

/** The project's model with the weights an export should carry; the caller disposes it. */
export async function modelForExport(
  file: string,
  doc: GraphDocument,
): Promise<{ model: tf.LayersModel; weightsFrom: 'trained' | 'fresh' }> {
  let model: tf.LayersModel;
  // Seeded as the worker seeds its build, so an untrained export holds the weights training would start from.
  try {
    model = withSeededRandom(doc.training.seed, () => compileGraph(doc, catalog).model);
  } catch (err) {
    if (!(err instanceof CompileError)) throw err;
    for (const p of err.problems) process.stderr.write(formatProblem(p) + '\n');
    throw new CliError(
      `${file} has ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'} — fix them before exporting (nnd validate lists them)`,
    );
  }
  if (!doc.weights) return { model, weightsFrom: 'fresh' };
  const dir = resolveFromProject(file, doc.weights.path);
  try {
    await loadWeightsByName(model, dir);
  } catch (err) {
    model.dispose();
    throw new CliError(`${file}: the trained weights in ${dir} do not load: ${(err as Error).message}`);
  }
  return { model, weightsFrom: 'trained' };
}

/** `nnd export`: model.json + weights.bin in `outDir`; returns the line to print. */
export async function exportProjectFile(file: string, outDir: string): Promise<string> {
  tf.enableProdMode(); // silences tfjs's "install tfjs-node" banner on stderr
  const doc = await readProject(file);
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
