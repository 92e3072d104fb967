import * as tf from '@tensorflow/tfjs';
import { joinWeightData } from './export';

/** What a `model.json` says about its weights: which files, holding which tensors, in order. */
export interface WeightsManifest {
  /** Shard file names relative to model.json, in the order their bytes concatenate. */
  paths: string[];
  specs: tf.io.WeightsManifestEntry[];
}

export interface ModelJsonFile {
  modelTopology: object;
  manifest: WeightsManifest;
  format?: string;
  generatedBy?: string;
  convertedBy?: string | null;
  trainingConfig?: tf.io.TrainingConfig;
}

/**
 * Checks the parts of a `model.json` that loading relies on and says where it falls short.
 * `source` names the file in messages.
 */
export function parseModelJsonFile(json: unknown, source = 'model.json'): ModelJsonFile {
  if (typeof json !== 'object' || json === null || Array.isArray(json))
    throw new Error(`${source} is not a JSON object — expected a TensorFlow.js layers-model file`);
  const raw = json as Record<string, unknown>;
  const topology = raw.modelTopology;
  if (typeof topology !== 'object' || topology === null || Array.isArray(topology))
    throw new Error(`${source} has no "modelTopology" object — is it a TensorFlow.js layers-model file?`);
  const paths: string[] = [];
  const specs: tf.io.WeightsManifestEntry[] = [];
  const groups = raw.weightsManifest ?? [];
  if (!Array.isArray(groups)) throw new Error(`${source}: "weightsManifest" must be a list of weight groups`);
  groups.forEach((group: unknown, g) => {
    const where = `${source}: weightsManifest[${g}]`;
    if (typeof group !== 'object' || group === null) throw new Error(`${where} is not an object`);
    const { paths: groupPaths, weights } = group as { paths?: unknown; weights?: unknown };
    if (!Array.isArray(groupPaths) || !groupPaths.every((p) => typeof p === 'string'))
      throw new Error(`${where}.paths must be a list of file names`);
    if (!Array.isArray(weights)) throw new Error(`${where}.weights must be a list`);
    weights.forEach((w: unknown, i) => {
      const spec = w as Partial<tf.io.WeightsManifestEntry> | null;
      if (!spec || typeof spec.name !== 'string' || !Array.isArray(spec.shape) || typeof spec.dtype !== 'string')
        throw new Error(`${where}.weights[${i}] needs a name, a shape and a dtype`);
    });
    paths.push(...(groupPaths as string[]));
    specs.push(...(weights as tf.io.WeightsManifestEntry[]));
  });
  return {
    modelTopology: topology,
    manifest: { paths, specs },
    ...(typeof raw.format === 'string' ? { format: raw.format } : {}),
    ...(typeof raw.generatedBy === 'string' ? { generatedBy: raw.generatedBy } : {}),
    ...(typeof raw.convertedBy === 'string' || raw.convertedBy === null ? { convertedBy: raw.convertedBy as string | null } : {}),
    ...(raw.trainingConfig && typeof raw.trainingConfig === 'object' ? { trainingConfig: raw.trainingConfig as tf.io.TrainingConfig } : {}),
  };
}

/**
 * `tf.loadLayersModel` on a model.json already in memory and its weight shards (in manifest
 * order). Plain tfjs has no file:// loader, so every process reads the bytes its own way and
 * hands them here. Custom layer classes must be registered before the call.
 */
export async function loadLayersModelFromFiles(json: unknown, shards: ArrayBuffer[]): Promise<tf.LayersModel> {
  const file = parseModelJsonFile(json);
  const weightData = joinWeightData(shards);
  const expected = file.manifest.specs.reduce((sum, s) => sum + byteLength(s), 0);
  if (weightData.byteLength !== expected)
    throw new Error(
      `the weight files hold ${weightData.byteLength} bytes but model.json describes ${expected} — the weights do not belong to this model.json or a file is truncated`,
    );
  const artifacts: tf.io.ModelArtifacts = {
    modelTopology: file.modelTopology,
    weightSpecs: file.manifest.specs,
    weightData,
    ...(file.format !== undefined ? { format: file.format } : {}),
    ...(file.generatedBy !== undefined ? { generatedBy: file.generatedBy } : {}),
    ...(file.convertedBy !== undefined ? { convertedBy: file.convertedBy } : {}),
    ...(file.trainingConfig !== undefined ? { trainingConfig: file.trainingConfig } : {}),
  };
  return tf.loadLayersModel(tf.io.fromMemory(artifacts));
}

const BYTES_PER_ELEMENT: Record<string, number> = { float32: 4, int32: 4, bool: 1, uint8: 1, float16: 2, complex64: 8 };

/** Bytes one manifest entry occupies in the weight data (quantized entries use their storage dtype). */
export function byteLength(spec: tf.io.WeightsManifestEntry): number {
  const count = spec.shape.reduce((a, b) => a * b, 1);
  const stored = spec.quantization?.dtype ?? spec.dtype;
  const size = BYTES_PER_ELEMENT[stored];
  if (size === undefined) throw new Error(`weight ${spec.name} has the unsupported dtype ${stored}`);
  return count * size;
}
