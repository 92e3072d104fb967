/**
 * Run by model-files.test.ts in a process of its own: loads an exported model with nothing
 * but @tensorflow/tfjs and our custom-layer registrations (what a user's own script would
 * do) and prints its predictions for the inputs in a JSON file.
 * Usage: node --import tsx predict-in-fresh-process.ts <model dir> <inputs.json>
 */
import { readFile } from 'node:fs/promises';
import * as tf from '@tensorflow/tfjs';
import { registerLayerClasses } from '../../../shared/layers/custom';
import { loadExportedModel } from './load-exported-model';

const [dir, inputFile] = process.argv.slice(2);
if (!dir || !inputFile) throw new Error('usage: predict-in-fresh-process.ts <model dir> <inputs.json>');

registerLayerClasses();
const model = await loadExportedModel(dir);
const inputs = tf.tensor(JSON.parse(await readFile(inputFile, 'utf8')) as number[]);
const outputs = model.predict(inputs);
const first = Array.isArray(outputs) ? outputs[0]! : outputs;
process.stdout.write(JSON.stringify(first.arraySync()));
