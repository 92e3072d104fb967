import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { PredictionSchema } from '../../shared/host-api';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { newRunProgress, RUN_RECORD_VERSION, type RunRecord } from '../../shared/training/run-record';
import { writeLayersModel } from '../node/model-files';
import { createInferenceService } from './inference-service';
import type { KeptRun, RunHistory } from './run-history-service';

/** Predictions of a model whose output is a picture (or a mask's class scores), and of one with two outputs. */

const position = { x: 0, y: 0 };
const edge = (source: string, target: string) => ({ id: `${source}-${target}`, source, sourceHandle: 'out', target, targetHandle: 'in' });

function documentOf(nodes: unknown[], edges: unknown[]): GraphDocument {
  return parseDocument({ format: 'nn-designer.graph', version: 1, name: 't', nodes, edges, dataset: { kind: 'builtin', name: 'mnist' } });
}

const picture = { id: 'pixels', type: 'Input', name: 'pixels', params: { shape: [4, 4, 1] }, position };
const maskDocument = documentOf([picture, { id: 'mask', type: 'Conv2D', name: 'mask', params: { filters: 3, kernelSize: [1, 1], activation: 'softmax' }, position }], [edge('pixels', 'mask')]);
const twoHeads = documentOf(
  [
    picture,
    { id: 'image', type: 'Conv2D', name: 'image', params: { filters: 1, kernelSize: [1, 1], activation: 'sigmoid' }, position },
    { id: 'flat', type: 'Flatten', name: 'flat', params: {}, position },
    { id: 'digit', type: 'Dense', name: 'digit', params: { units: 2, activation: 'softmax' }, position },
  ],
  [edge('pixels', 'image'), edge('pixels', 'flat'), edge('flat', 'digit')],
);

let dir: string;
beforeAll(async () => {
  await tf.setBackend('cpu');
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-inference-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A run of `document` whose weights (as compiled, seeded) are on disk, found by a one-run history. */
async function trainedRun(document: GraphDocument, id: string): Promise<{ history: RunHistory; model: tf.LayersModel }> {
  const { model } = compileGraph(document, tfjsCatalog);
  const weights = path.join(dir, id);
  await writeLayersModel(weights, model);
  const record: RunRecord = {
    ...newRunProgress(),
    id,
    version: RUN_RECORD_VERSION,
    projectPath: null,
    projectName: 't',
    startedAt: new Date(0).toISOString(),
    durationMs: 0,
    status: 'completed',
    document,
    dataset: document.dataset!,
    training: document.training,
    hasWeights: true,
    input: { featureNames: [], sampleShape: [4, 4, 1], classNames: [] },
  };
  const kept: KeptRun = { record, dir: weights };
  // Only what predict asks of the history: the run, and where its weights are.
  const history = { find: async () => kept, trainedModelDir: () => weights } as unknown as RunHistory;
  return { history, model };
}

const pixels = Array.from({ length: 16 }, (_, i) => i / 15);

describe('the inference service', () => {
  it("answers a picture-to-mask model with each row's class scores and the output's shape", async () => {
    const { history, model } = await trainedRun(maskDocument, 'mask-run');
    const service = createInferenceService({ history });
    const prediction = PredictionSchema.parse(await service.methods.predict({ runId: 'mask-run', inputs: [pixels] }));
    expect(prediction.outputShape).toEqual([4, 4, 3]);
    const expected = (model.predict(tf.tensor(pixels, [1, 4, 4, 1])) as tf.Tensor).reshape([1, -1]).arraySync() as number[][];
    prediction.outputs[0]!.forEach((v, i) => expect(v).toBeCloseTo(expected[0]![i]!, 5));
    expect(prediction.classes).toBeUndefined();
    service.dispose();
    model.dispose();
  });

  it("answers a two-output model with its first output's values and shape", async () => {
    const { history, model } = await trainedRun(twoHeads, 'two-heads');
    const service = createInferenceService({ history });
    const prediction = PredictionSchema.parse(await service.methods.predict({ runId: 'two-heads', inputs: [pixels, pixels.map((v) => 1 - v)] }));
    const firstShape = model.outputs[0]!.shape.slice(1);
    expect(prediction.outputShape).toEqual(firstShape);
    expect(prediction.outputs).toHaveLength(2);
    expect(prediction.outputs[0]).toHaveLength(firstShape.reduce((a: number, b) => a * b!, 1));
    service.dispose();
    model.dispose();
  });
});
