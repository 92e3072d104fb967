import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type * as tf from '@tensorflow/tfjs';
import { registerLayerClasses } from '../../shared/layers/custom';
import { exportLayersModel, WEIGHTS_FILE_NAME } from '../../shared/model-json/export';
import { loadLayersModelFromFiles, parseModelJsonFile, type ModelJsonFile } from '../../shared/model-json/load';
import { copyWeightsByName } from '../../shared/model-json/weights';

export const MODEL_JSON_FILE_NAME = 'model.json';

/**
 * Writes `model.json` + `weights.bin` into `dir` (created when missing). Each file is
 * written under a temporary name and renamed into place, weights first, so a crash never
 * leaves a model.json pointing at half-written weights.
 */
export async function writeLayersModel(dir: string, model: tf.LayersModel): Promise<void> {
  const { modelJson, weightData } = await exportLayersModel(model, WEIGHTS_FILE_NAME);
  await writeModelFiles(dir, modelJson, weightData);
}

/** The same files from their contents: a GPU worker page exports them, the host writes them. */
export async function writeModelFiles(dir: string, modelJson: unknown, weightData: ArrayBuffer): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeAtomically(path.join(dir, WEIGHTS_FILE_NAME), new Uint8Array(weightData));
  await writeAtomically(path.join(dir, MODEL_JSON_FILE_NAME), JSON.stringify(modelJson));
}

async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
  try {
    await writeFile(temp, data);
    await rename(temp, file);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** model.json of `dir` plus the bytes of its weight shards, in manifest order. */
async function readModelDir(dir: string): Promise<{ json: unknown; file: ModelJsonFile; shards: ArrayBuffer[] }> {
  const jsonPath = path.join(dir, MODEL_JSON_FILE_NAME);
  let text: string;
  try {
    text = await readFile(jsonPath, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT')
      throw new Error(`no ${MODEL_JSON_FILE_NAME} in ${dir} — export or train with --save first`, { cause: err });
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new Error(`${jsonPath} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  const file = parseModelJsonFile(json, jsonPath);
  const shards: ArrayBuffer[] = [];
  for (const shard of file.manifest.paths) {
    const shardPath = path.resolve(dir, shard);
    // A manifest is data from a file someone sent; it may not make us read files elsewhere.
    if (path.dirname(shardPath) !== path.resolve(dir))
      throw new Error(`${jsonPath} lists the weight file ${shard}, which is outside the model's folder — weight files must sit next to model.json`);
    let bytes: Buffer;
    try {
      bytes = await readFile(shardPath);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT')
        throw new Error(`${jsonPath} lists the weight file ${shard}, which is missing — copy it next to model.json`, { cause: err });
      throw err;
    }
    shards.push(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  }
  return { json, file, shards };
}

/**
 * Loads a layers model saved in `dir` (plain tfjs has no file:// loader in Node, so the
 * bytes are read here and handed over in memory), with our own layer classes where the
 * files name them or the tfjs classes they stand in for.
 */
export async function readLayersModel(dir: string): Promise<tf.LayersModel> {
  registerLayerClasses();
  const { json, shards } = await readModelDir(dir);
  try {
    return await loadLayersModelFromFiles(json, shards);
  } catch (err) {
    // tfjs says what is wrong (a shape, a config key) but not which file: name it.
    throw new Error(`${path.join(dir, MODEL_JSON_FILE_NAME)} cannot be loaded: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Copies the weights saved in `dir` into `model`, a fresh build of the same graph (layer
 * names match). Refuses with a WeightsMismatchError naming the layer and shapes when the
 * graph changed since the weights were saved.
 */
export async function loadWeightsByName(model: tf.LayersModel, dir: string): Promise<void> {
  const { file, shards } = await readModelDir(dir);
  const total = shards.reduce((sum, s) => sum + s.byteLength, 0);
  const weightData = new Uint8Array(total);
  let offset = 0;
  for (const shard of shards) {
    weightData.set(new Uint8Array(shard), offset);
    offset += shard.byteLength;
  }
  copyWeightsByName(model, file.manifest.specs, weightData.buffer);
}
