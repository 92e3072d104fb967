/**
 * Run by model-files.test.ts in a process of its own: loads an exported model with nothing
 * but @tensorflow/tfjs and our custom-layer registrations (what a user's own script would
 * do) and prints its predictions for the inputs in a JSON file.
 * Usage: node --import tsx predict-in-fresh-process.ts <model dir> <inputs.json>
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '../../../shared/layers/custom';

const [dir, inputFile] = process.argv.slice(2);
if (!dir || !inputFile) throw new Error('usage: predict-in-fresh-process.ts <model dir> <inputs.json>');

const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
const shards = await Promise.all(
  modelJson.weightsManifest.flatMap((group) => group.paths).map(async (p) => {
    const bytes = await readFile(path.join(dir, p));
    return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  }),
);
const model = await tf.loadLayersModel(
  tf.io.fromMemory({
    modelTopology: modelJson.modelTopology,
    weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
    weightData: tf.io.CompositeArrayBuffer.join(shards),
  }),
);
const inputs = tf.tensor(JSON.parse(await readFile(inputFile, 'utf8')) as number[]);
const outputs = model.predict(inputs);
const first = Array.isArray(outputs) ? outputs[0]! : outputs;
process.stdout.write(JSON.stringify(first.arraySync()));
