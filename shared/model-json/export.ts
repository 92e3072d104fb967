import * as tf from '@tensorflow/tfjs';

/** The file name model.json's weights manifest points at; one shard keeps export a two-file affair. */
export const WEIGHTS_FILE_NAME = 'weights.bin';

/** `model.json` as TensorFlow.js writes and `tf.loadLayersModel` reads it. */
export interface LayersModelJson {
  format: 'layers-model';
  generatedBy: string;
  convertedBy: string | null;
  modelTopology: object;
  weightsManifest: tf.io.WeightsManifestConfig;
  trainingConfig?: tf.io.TrainingConfig;
}

export interface LayersModelFiles {
  modelJson: LayersModelJson;
  /** The bytes of `weights.bin`, in the order of `modelJson.weightsManifest`. */
  weightData: ArrayBuffer;
}

/**
 * A tf.LayersModel as the standard TensorFlow.js layers-model pair (`model.json` +
 * `weights.bin`). Goes through `model.save` so the topology is exactly what tfjs itself
 * writes, which is what makes the files loadable by plain `tf.loadLayersModel`.
 */
export async function exportLayersModel(
  model: tf.LayersModel,
  weightsFileName: string = WEIGHTS_FILE_NAME,
): Promise<LayersModelFiles> {
  let files: LayersModelFiles | undefined;
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      if (!artifacts.modelTopology || artifacts.modelTopology instanceof ArrayBuffer)
        throw new Error('tfjs produced no JSON topology for this model');
      const weightData = joinWeightData(artifacts.weightData);
      const modelJson: LayersModelJson = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy ?? `TensorFlow.js tfjs-layers v${tf.version.tfjs}`,
        convertedBy: 'NN Designer',
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: [weightsFileName], weights: artifacts.weightSpecs ?? [] }],
        ...(artifacts.trainingConfig ? { trainingConfig: artifacts.trainingConfig } : {}),
      };
      files = { modelJson, weightData };
      return { modelArtifactsInfo: tf.io.getModelArtifactsInfoForJSON(artifacts) };
    }),
  );
  if (!files) throw new Error('tfjs did not hand over the model artifacts while saving');
  return files;
}

export function joinWeightData(data: tf.io.WeightData | undefined): ArrayBuffer {
  if (data === undefined) return new ArrayBuffer(0);
  return tf.io.CompositeArrayBuffer.join(data);
}
