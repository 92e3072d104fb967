/**
 * Run by export-fresh-process.test.ts in a process of its own: loads an exported graph
 * model with nothing but @tensorflow/tfjs, tf.loadLayersModel and our custom-layer
 * registrations, and prints its output for the graph given as `[{ values, shape, dtype }]`,
 * one entry per model input. model.apply rather than model.predict: predict cuts every
 * input into batches of the same rows, and a graph's node and edge arrays differ in length.
 * Usage: node --import tsx predict-graph-export.ts <model dir> <inputs.json>
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { registerLayerClasses } from '../../../../shared/layers/custom';
import { loadExportedModel } from '../../../node/testing/load-exported-model';

const [dir, inputFile] = process.argv.slice(2);
if (!dir || !inputFile) throw new Error('usage: predict-graph-export.ts <model dir> <inputs.json>');

registerLayerClasses();
const model = await loadExportedModel(dir);
const given = JSON.parse(await readFile(inputFile, 'utf8')) as { values: number[]; shape: number[]; dtype: 'float32' | 'int32' }[];
const output = model.apply(given.map((g) => tf.tensor(g.values, g.shape, g.dtype))) as tf.Tensor;
process.stdout.write(JSON.stringify({ classNames: model.layers.map((l) => l.getClassName()), output: output.arraySync() }));
