import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph, type CompiledModel } from '../../shared/compile/compile';
import { createRandom } from '../../shared/data/dataset';
import { float32Bytes } from '../../shared/export/files';
import { pytorchExport } from '../../shared/export/pytorch/export';
import { pytorchProblems } from '../../shared/export/pytorch/model-py';
import { EXPORT_TEST_GRAPHS, graph } from '../../shared/export/test-graphs';
import { transpose } from '../../shared/export/tensor';
import type { GraphDocument } from '../../shared/graph/document';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { declaredInputRoles, type GraphInputRole } from '../../shared/layers/graph/roles';
import { withSeededRandom } from '../../shared/layers/seed';
import { readProject } from '../node/project-files';
import { writeExportFiles } from './python';
import { pythonForTests, runPython } from './testing';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

tf.enableProdMode();

const BATCH = 3;
const TOLERANCE = 1e-4;

/** Loads each exported model.py, runs it on the saved inputs and reports outputs and parameter counts. */
const RUNNER = String.raw`
import importlib.util, json, sys
import torch

torch.set_num_threads(2)
results = {}
for case in json.load(open(sys.argv[1])):
    spec = importlib.util.spec_from_file_location('model_' + case['id'], case['dir'] + '/model.py')
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    model = module.build_model(case['dir'])
    model.eval()
    inputs = []
    for file, shape, dtype in case['inputs']:
        x = torch.frombuffer(bytearray(open(file, 'rb').read()), dtype=torch.float32).reshape(shape)
        inputs.append(x.long() if dtype == 'int32' else x)
    with torch.no_grad():
        out = model(*inputs)
    outs = out if isinstance(out, tuple) else (out,)
    state = model.state_dict()
    count = sum(v.numel() for k, v in state.items() if not k.endswith('num_batches_tracked'))
    results[case['id']] = {'params': count, 'outputs': [o.reshape(-1).tolist() for o in outs], 'shapes': [list(o.shape) for o in outs]}
print(json.dumps(results))
`;

/** NHWC ↔ NCHW for 4-D values; other ranks are laid out alike in both frameworks. */
const toTorchLayout = (data: Float32Array, shape: number[]) =>
  shape.length === 4 ? transpose({ shape, data }, [0, 3, 1, 2]) : { shape, data };

/** Every weight drawn at random (variances kept positive), so zero biases and unit statistics hide nothing. */
function randomizeWeights(model: tf.LayersModel, seed: number): void {
  const random = createRandom(seed);
  for (const layer of model.layers) {
    const values = layer.weights.map((w) => {
      const n = w.shape.reduce((a: number, b) => a * (b as number), 1);
      const data = Float32Array.from({ length: n }, () => (random() * 2 - 1) * 0.6);
      if (w.originalName.endsWith('moving_variance')) data.forEach((v, i) => (data[i] = Math.abs(v) + 0.5));
      return tf.tensor(data, w.shape as number[]);
    });
    if (values.length) layer.setWeights(values);
    tf.dispose(values);
  }
}

/** Every layer's output becomes a model output too (through a linear Activation), so no later layer can hide a difference. */
function withProbes(doc: GraphDocument): GraphDocument {
  const probes = doc.nodes
    .filter((n) => n.type !== 'Input')
    .map((n) => ({ id: `probe_${n.id}`, type: 'Activation', name: `probe_${n.name}`, params: { activation: 'linear' }, position: { x: 0, y: 0 } }));
  const edges = probes.map((p) => ({ id: `e_${p.id}`, source: p.id.slice('probe_'.length), sourceHandle: 'out', target: p.id, targetHandle: 'in' }));
  return { ...doc, nodes: [...doc.nodes, ...probes], edges: [...doc.edges, ...edges] };
}

/**
 * Padding masked by an Embedding's maskZero, through every layer the PyTorch export hands
 * it to: recurrent layers reading backwards and returning sequences or states, a Dense and
 * an Add that pass it on, self- and cross-attention, and a pooling that ignores it.
 */
const MASKED_GRAPH = graph('masked padding', [
  ['ids', 'Input', { shape: [8], dtype: 'int32' }],
  ['emb', 'Embedding', { inputDim: 20, outputDim: 4, maskZero: true }, ['ids']],
  ['gru', 'GRU', { units: 3, returnSequences: true, goBackwards: true }, ['emb']],
  ['dense', 'Dense', { units: 4 }, ['gru']],
  ['rnn', 'SimpleRNN', { units: 3, returnSequences: true, activation: 'relu' }, ['dense']],
  ['lstm', 'LSTM', { units: 3, returnState: true }, ['rnn']],
  ['self', 'MultiHeadAttention', { numHeads: 2, keyDim: 3 }, [{ node: 'emb', into: 'query' }, { node: 'emb', into: 'value' }]],
  ['cross', 'MultiHeadAttention', { numHeads: 2, keyDim: 2 }, [{ node: 'dense', into: 'query' }, { node: 'self', into: 'value' }]],
  ['sum', 'Add', {}, ['cross', 'dense']],
  ['reset', 'GRU', { units: 2, resetAfter: false }, ['dense']],
  ['pool', 'GlobalAveragePooling1D', {}, ['sum']],
]);

/** A small graph for the graph layers: node 6 receives no edge (an empty aggregation), nodes 0–3 are graph 0 and 4–6 graph 1. */
const GRAPH_NODES = 7;
const GRAPH_EDGES = 12;

/** How many rows an input gets: nodes or edges for a graph's inputs, else a batch. */
function rowsFor(role: GraphInputRole | undefined): number {
  if (role === 'edgeIndex' || role === 'edgeFeatures') return GRAPH_EDGES;
  if (role === 'nodeFeatures' || role === 'graphIds') return GRAPH_NODES;
  return BATCH;
}

/** Every PADDING_EVERY-th id is 0, so each row of token ids has padding for an Embedding's maskZero to mask. */
const PADDING_EVERY = 5;

/** Token ids stay below every Embedding's vocabulary (20 unless one is smaller). */
function idLimit(doc: GraphDocument): number {
  return Math.min(20, ...doc.nodes.filter((n) => n.type === 'Embedding').map((n) => Number(n.params.inputDim)));
}

/** The i-th value of an input of `role`: valid node ids for an edge index, sorted graph ids, random numbers (ids below `ids` with some padding) otherwise. */
function valueFor(role: GraphInputRole | undefined, dtype: string, i: number, random: () => number, ids: number): number {
  if (role === 'edgeIndex') return i % 2 === 0 ? Math.floor(random() * GRAPH_NODES) : Math.floor(random() * (GRAPH_NODES - 1));
  if (role === 'graphIds') return i < 4 ? 0 : 1;
  if (dtype === 'int32') return i % PADDING_EVERY === 2 ? 0 : 1 + Math.floor(random() * (ids - 1));
  return random() * 2 - 1;
}

interface Case {
  id: string;
  doc: GraphDocument;
  compiled: CompiledModel;
  dir: string;
  inputs: { file: string; shape: number[]; dtype: string }[];
  expected: { data: Float32Array; shape: number[] }[];
}

async function prepare(id: string, doc: GraphDocument, root: string, randomize: boolean): Promise<Case> {
  const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
  if (randomize) randomizeWeights(compiled.model, 7);
  const dir = path.join(root, id);
  await writeExportFiles(dir, pytorchExport(doc, compiled, catalog, { weightsFrom: 'initial' }).files);
  const random = createRandom(11);
  const roles = declaredInputRoles(doc);
  const tensors = compiled.model.inputs.map((input, k) => {
    // The model's inputs are the graph's Input nodes in analysis order.
    const role = roles[doc.nodes.find((n) => n.id === compiled.analysis.inputs[k])!.name];
    const shape = [rowsFor(role), ...(input.shape.slice(1) as number[])];
    const n = shape.reduce((a, b) => a * b, 1);
    const data = Float32Array.from({ length: n }, (_, i) => valueFor(role, input.dtype, i, random, idLimit(doc)));
    return tf.tensor(data, shape, input.dtype === 'int32' ? 'int32' : 'float32');
  });
  const inputs: Case['inputs'] = [];
  for (const [k, t] of tensors.entries()) {
    const torch = toTorchLayout(Float32Array.from(t.dataSync()), t.shape);
    const file = path.join(dir, `input_${k}.bin`);
    inputs.push({ file, shape: torch.shape, dtype: t.dtype });
    await writeFile(file, float32Bytes(torch.data));
  }
  // execute rather than predict: a graph's inputs have different first axes (nodes, edges).
  const executed = compiled.model.execute(tensors.length === 1 ? tensors[0]! : tensors, compiled.model.outputs.map((o) => o.name));
  const outputs = Array.isArray(executed) ? executed : [executed];
  const expected = outputs.map((o) => toTorchLayout(Float32Array.from(o.dataSync()), o.shape));
  tf.dispose([...tensors, ...outputs]);
  return { id, doc, compiled, dir, inputs, expected };
}

describe('PyTorch export: same parameters and outputs as tfjs', async () => {
  const { python, skipReason } = await pythonForTests();
  let root = '';
  const cases: Case[] = [];
  let results: Record<string, { params: number; outputs: number[][]; shapes: number[][] }> = {};
  const skippedExamples: string[] = [];

  beforeAll(async () => {
    if (!python) return;
    root = await mkdtemp(path.join(os.tmpdir(), 'nnd-torch-parity-'));
    const examplesDir = path.join(REPO_ROOT, 'examples');
    for (const file of (await readdir(examplesDir)).filter((f) => f.endsWith('.nnd.json')).sort()) {
      const doc = await readProject(path.join(examplesDir, file));
      const compiled = compileGraph(doc, tfjsCatalog);
      const problems = pytorchProblems(doc, compiled.analysis, catalog);
      compiled.model.dispose();
      if (problems.length) skippedExamples.push(`${file}: ${problems.map((p) => p.message).join('; ')}`);
      else cases.push(await prepare(`example_${cases.length}`, doc, root, false));
    }
    for (const [i, doc] of [...EXPORT_TEST_GRAPHS, MASKED_GRAPH].entries()) cases.push(await prepare(`graph_${i}`, withProbes(doc), root, true));
    const casesFile = path.join(root, 'cases.json');
    await writeFile(casesFile, JSON.stringify(cases.map((c) => ({ id: c.id, dir: c.dir, inputs: c.inputs.map((i) => [i.file, i.shape, i.dtype]) }))));
    await writeFile(path.join(root, 'runner.py'), RUNNER);
    const { stdout } = await runPython(python.python, [path.join(root, 'runner.py'), casesFile], { timeoutMs: 300_000 });
    results = JSON.parse(stdout.trim().split('\n').pop()!) as typeof results;
  }, 600_000);

  afterAll(async () => {
    for (const c of cases) c.compiled.model.dispose();
    if (root) await rm(root, { recursive: true, force: true });
  });

  it.skipIf(!python)('every example PyTorch can express is checked, the others are named', () => {
    if (skippedExamples.length) console.info(`examples PyTorch cannot express:\n  ${skippedExamples.join('\n  ')}`);
    expect(cases.filter((c) => c.id.startsWith('example_')).length).toBeGreaterThanOrEqual(4);
    // Their Embeddings mask padding: the LSTM skips it, the attention hides it.
    expect(cases.map((c) => c.doc.name)).toEqual(expect.arrayContaining(['lstm-spam', 'transformer-spam']));
  });

  it.skipIf(!python)('exported models match tfjs to 1e-4 with the same parameter count', () => {
    if (skipReason) console.info(skipReason);
    for (const c of cases) {
      const r = results[c.id]!;
      expect([c.doc.name, r.params]).toEqual([c.doc.name, c.compiled.analysis.totals.total]);
      expect([c.doc.name, r.shapes]).toEqual([c.doc.name, c.expected.map((e) => e.shape)]);
      c.expected.forEach((e, k) => {
        let worst = 0;
        e.data.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - r.outputs[k]![i]!))));
        expect([c.doc.name, `output ${k}`, worst < TOLERANCE ? 'within 1e-4' : worst]).toEqual([c.doc.name, `output ${k}`, 'within 1e-4']);
      });
    }
  });
});
