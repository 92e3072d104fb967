/**
 * Run by sequence-export.test.ts in a process of its own: loads an exported model with
 * nothing but @tensorflow/tfjs and our custom-layer registrations, and prints every output
 * for inputs given as `[{ values, dtype }]`, one entry per model input.
 * Usage: node --import tsx predict-many-inputs.ts <model dir> <inputs.json>
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { registerLayerClasses } from '../../../shared/layers/custom';
import { loadExportedModel } from './load-exported-model';

const [dir, inputFile] = process.argv.slice(2);
if (!dir || !inputFile) throw new Error('usage: predict-many-inputs.ts <model dir> <inputs.json>');

registerLayerClasses();
const model = await loadExportedModel(dir);
const given = JSON.parse(await readFile(inputFile, 'utf8')) as { values: number[]; dtype: 'float32' | 'int32' }[];
const outputs = model.predict(given.map((g) => tf.tensor(g.values, undefined, g.dtype)));
process.stdout.write(JSON.stringify({
  classNames: model.layers.map((l) => l.getClassName()),
  outputs: (Array.isArray(outputs) ? outputs : [outputs]).map((o) => o.arraySync()),
}));
