import type * as tf from '@tensorflow/tfjs';
import { HOST_ERROR_CODES, type HostImplementation, type Prediction } from '../../shared/host-api';
import { trainingText } from '../../shared/training/messages';
import { evaluationSections } from '../../shared/training/protocol';
import type { RunRecord } from '../../shared/training/run-record';
import type { KeptRun, RunHistory } from './run-history-service';
import { refusal } from './run-refusal';

export type InferenceMethods = Pick<HostImplementation, 'predict' | 'predictText' | 'nodeEmbeddings' | 'attentionMaps' | 'generateText'>;

export interface InferenceService {
  methods: InferenceMethods;
  /** Forgets the loaded model. */
  dispose(): void;
}

/**
 * What a trained run's model computes: predictions on rows a person typed, a graph model's
 * node embeddings, a sequence model's attention maps and generated text. The last run's model
 * stays loaded, so trying one input after another does not rebuild it.
 */
export function createInferenceService(options: { history: RunHistory }): InferenceService {
  const { history } = options;
  let loadedModel: { runId: string; model: tf.LayersModel } | null = null;

  async function modelOf(kept: KeptRun): Promise<tf.LayersModel> {
    if (loadedModel?.runId === kept.record.id) return loadedModel.model;
    const dir = history.trainedModelDir(kept);
    // tfjs and the catalog load on the first prediction only, so starting the host stays quick.
    const [{ compileGraph }, { tfjsCatalog }, { loadWeightsByName }] = await Promise.all([
      import('../../shared/compile/compile'),
      import('../../shared/layers/tfjs-catalog'),
      import('../node/model-files'),
    ]);
    const { model } = compileGraph(kept.record.document, tfjsCatalog);
    try {
      await loadWeightsByName(model, dir);
    } catch (err) {
      model.dispose();
      throw refusal(trainingText('runWeightsUnreadable', { run: kept.record.id, detail: (err as Error).message }), HOST_ERROR_CODES.runUnavailable);
    }
    loadedModel?.model.dispose();
    loadedModel = { runId: kept.record.id, model };
    return model;
  }

  async function predict(kept: KeptRun, inputs: number[][]): Promise<Prediction> {
    const run = kept.record;
    const model = await modelOf(kept);
    const tfjs = await import('@tensorflow/tfjs');
    const sampleShape = sampleShapeOf(run, model);
    const flat = normalizedRows(run, inputs, sampleShape);
    const { outputs, outputShape } = tfjs.tidy(() => {
      const input = tfjs.tensor(flat, [inputs.length, ...sampleShape], 'float32').cast(model.inputs[0]!.dtype === 'int32' ? 'int32' : 'float32');
      const predicted = model.predict(input) as tf.Tensor | tf.Tensor[];
      const first = Array.isArray(predicted) ? predicted[0]! : predicted;
      return { outputs: first.reshape([inputs.length, -1]).arraySync() as number[][], outputShape: first.shape.slice(1) };
    });
    const evaluation = run.evaluation ? evaluationSections(run.evaluation)[0]?.evaluation : undefined;
    if (evaluation?.kind !== 'classification') return { outputs, outputShape };
    return { outputs, outputShape, classes: outputs.map((row) => classOf(row, evaluation.classNames)) };
  }

  const methods: InferenceMethods = {
    async predict({ runId, inputs }) {
      return predict(await history.find(runId), inputs);
    },

    async predictText({ runId, text }) {
      const kept = await history.find(runId);
      const { textIdsOf } = await import('./sequence-inspection');
      return predict(kept, [await textIdsOf(kept.record, text)]);
    },

    async nodeEmbeddings({ runId, layer }) {
      const kept = await history.find(runId);
      // Loaded on first use, like tfjs for predict: the host starts without them.
      const { nodeEmbeddingsOf } = await import('./graph-embeddings');
      return nodeEmbeddingsOf(await modelOf(kept), kept.record, layer);
    },

    async attentionMaps({ runId, text }) {
      const kept = await history.find(runId);
      const { attentionMapsOf } = await import('./sequence-inspection');
      return attentionMapsOf(await modelOf(kept), kept.record, text);
    },

    async generateText({ runId, prompt, length, temperature, seed }) {
      const kept = await history.find(runId);
      const { generateTextOf } = await import('./sequence-inspection');
      return generateTextOf(await modelOf(kept), kept.record, { prompt, length, temperature, seed });
    },
  };

  return {
    methods,
    dispose() {
      loadedModel?.model.dispose();
      loadedModel = null;
    },
  };
}

/** The shape of one sample: as the run saw its data, else as the model declares it. */
function sampleShapeOf(run: RunRecord, model: tf.LayersModel): number[] {
  const declared = model.inputs[0]!.shape.slice(1);
  const sampleShape = run.input?.sampleShape ?? (declared.every((d): d is number => d !== null) ? declared : null);
  if (!sampleShape) throw refusal(trainingText('runNoInputInfo', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
  if (!run.input && run.dataset.kind === 'csv' && run.dataset.normalize !== 'none')
    throw refusal(trainingText('runNoNormalization', { run: run.id }), HOST_ERROR_CODES.runUnavailable);
  return sampleShape;
}

/** The rows as the model saw its training data: one sample each, normalized as the run normalized its features. */
function normalizedRows(run: RunRecord, inputs: number[][], sampleShape: number[]): Float32Array {
  const width = sampleShape.reduce((a, b) => a * b, 1);
  const names = run.input?.featureNames ?? [];
  inputs.forEach((row, i) => {
    if (row.length !== width)
      throw refusal(
        trainingText('inputRowWidth', {
          count: row.length,
          row: i + 1,
          values: row.length,
          width,
          features: names.length === width ? trainingText('featureList', { names: names.join(', ') }) : '',
        }),
        HOST_ERROR_CODES.badInput,
      );
  });
  const normalization = run.input?.normalization;
  const flat = new Float32Array(inputs.length * width);
  inputs.forEach((row, i) =>
    row.forEach((value, j) => {
      flat[i * width + j] = normalization && j < normalization.offset.length ? (value - normalization.offset[j]!) / (normalization.scale[j]! || 1) : value;
    }),
  );
  return flat;
}

/** The predicted class of one output row: a sigmoid's side of 0.5, or a softmax's largest. */
function classOf(row: number[], classNames: string[]): NonNullable<Prediction['classes']>[number] {
  if (row.length === 1) {
    const index = row[0]! >= 0.5 ? 1 : 0;
    return { index, name: classNames[index] ?? String(index), probability: index ? row[0]! : 1 - row[0]! };
  }
  const index = row.indexOf(Math.max(...row));
  return { index, name: classNames[index] ?? `class ${index}`, probability: row[index]! };
}
