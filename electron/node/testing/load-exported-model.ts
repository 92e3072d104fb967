/**
 * What a user's own script does with an exported folder: read model.json and its weight
 * shards and hand them to tf.loadLayersModel — nothing of ours but the custom-layer
 * registrations the caller imports. Shared by the scripts the tests run in a fresh process.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';

export async function loadExportedModel(dir: string): Promise<tf.LayersModel> {
  const modelJson = JSON.parse(await readFile(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  const shards = await Promise.all(
    modelJson.weightsManifest.flatMap((group) => group.paths).map(async (p) => {
      const bytes = await readFile(path.join(dir, p));
      return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    }),
  );
  return tf.loadLayersModel(
    tf.io.fromMemory({
      modelTopology: modelJson.modelTopology,
      weightSpecs: modelJson.weightsManifest.flatMap((group) => group.weights),
      weightData: tf.io.CompositeArrayBuffer.join(shards),
    }),
  );
}
