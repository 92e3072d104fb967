import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { kerasModelSource } from '../../shared/export/keras/model-py';
import type { TrainConfig } from '../../shared/export/pytorch/export';
import { pytorchModelSource } from '../../shared/export/pytorch/model-py';
import { decodeTorchWeights, tfjsWeightsFromTorch } from '../../shared/export/pytorch/weights';
import { EXPORT_TEST_GRAPHS, TORCH_ONLY_KINDS } from '../../shared/export/test-graphs';
import { catalog } from '../../shared/layers';
import { readProject } from '../node/project-files';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { REPO_ROOT, runNnd } from './run-cli';

tf.enableProdMode();

/** Any Python 3 compiles and parses the code; Keras itself is not needed (nor installed here). */
function python(args: string[]): Promise<string> {
  return new Promise((resolve, reject) =>
    execFile('python3', args, { timeout: 60_000 }, (err, stdout, stderr) => (err ? reject(new Error(`${err.message}\n${stderr}`)) : resolve(stdout))),
  );
}

/**
 * The structure of a Keras model.py, read with Python's ast: every layer name passed as
 * name=…, the keras.Input calls, the Model call, and the base classes of its classes.
 */
const STRUCTURE = String.raw`
import ast, json, sys
tree = ast.parse(open(sys.argv[1]).read())
names, inputs, models, bases = [], 0, 0, {}
classes = {node.name for node in ast.walk(tree) if isinstance(node, ast.ClassDef)}
for node in ast.walk(tree):
    if isinstance(node, ast.Call):
        f = ast.unparse(node.func)
        for kw in node.keywords:
            if kw.arg == 'name' and isinstance(kw.value, ast.Constant) and (f.startswith('layers.') or f == 'keras.Input' or f in classes):
                names.append(kw.value.value)
        inputs += f == 'keras.Input'
        models += f == 'keras.Model'
    if isinstance(node, ast.ClassDef):
        bases[node.name] = [ast.unparse(b) for b in node.bases]
print(json.dumps({'names': names, 'inputs': inputs, 'models': models, 'bases': bases}))
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'nnd-export-formats-'));
  await writeFile(path.join(dir, 'structure.py'), STRUCTURE);
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('nnd export --format pytorch | keras', () => {
  it('writes PyTorch code that compiles, with train.py, its config and the data', async () => {
    const out = path.join(dir, 'pytorch');
    const run = await runNnd(['export', 'examples/residual-cnn.nnd.json', '--format', 'pytorch', '-o', out], { timeoutMs: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/as PyTorch code \(1,083 params, initial weights \(seed 3\)\)/);
    await python(['-m', 'py_compile', path.join(out, 'model.py'), path.join(out, 'train.py')]);
    const config = JSON.parse(await readFile(path.join(out, 'train_config.json'), 'utf8')) as TrainConfig;
    expect(config.inputs.map((i) => [i.field, i.sampleShape])).toEqual([['x', [64]]]);
    expect((await readFile(path.join(out, 'data', 'x.bin'))).byteLength).toBe(config.fields.x!.shape.reduce((a, b) => a * b, 1) * 4);
  });

  it('says why PyTorch code comes without train.py: a graph dataset, no dataset', async () => {
    const graph = await runNnd(['export', 'examples/gcn-sbm.nnd.json', '--format', 'pytorch', '-o', path.join(dir, 'graph')], { timeoutMs: 120_000 });
    expect([graph.code, graph.stderr]).toEqual([0, '']);
    expect(graph.stdout).toMatch(/model\.py; no train\.py: a graph dataset is trained in NN Designer or by nnd train, not by train\.py\n$/);
    const doc = JSON.parse(await readFile(path.join(REPO_ROOT, 'examples', 'residual-cnn.nnd.json'), 'utf8')) as Record<string, unknown>;
    delete doc.dataset;
    await writeFile(path.join(dir, 'no-dataset.nnd.json'), JSON.stringify(doc));
    const bare = await runNnd(['export', path.join(dir, 'no-dataset.nnd.json'), '--format', 'pytorch', '-o', path.join(dir, 'bare')], { timeoutMs: 120_000 });
    expect([bare.code, bare.stderr]).toEqual([0, '']);
    expect(bare.stdout).toMatch(/model\.py; no train\.py: the project has no dataset — choose one and export again\n$/);
    await expect(readFile(path.join(dir, 'bare', 'train.py'))).rejects.toThrow(/ENOENT/);
  });

  it('every export format carries the same weights', async () => {
    const formats = ['tfjs', 'pytorch', 'keras'] as const;
    for (const format of formats) {
      const run = await runNnd(['export', 'examples/residual-cnn.nnd.json', '--format', format, '-o', path.join(dir, `same-${format}`)], { timeoutMs: 120_000 });
      expect([format, run.code]).toEqual([format, 0]);
    }
    const modelJson = JSON.parse(await readFile(path.join(dir, 'same-tfjs', 'model.json'), 'utf8')) as { weightsManifest: { weights: { name: string; shape: number[] }[] }[] };
    const tfjsBin = await readFile(path.join(dir, 'same-tfjs', 'weights.bin'));
    const tfjsValues = new Map<string, number[]>();
    let offset = 0;
    for (const w of modelJson.weightsManifest[0]!.weights) {
      const n = w.shape.reduce((a, b) => a * b, 1);
      tfjsValues.set(w.name, Array.from(new Float32Array(tfjsBin.buffer.slice(tfjsBin.byteOffset + offset, tfjsBin.byteOffset + offset + 4 * n))));
      offset += 4 * n;
    }
    const doc = await readProject(path.join(REPO_ROOT, 'examples', 'residual-cnn.nnd.json'));
    const { analysis, layers, model } = compileGraph(doc, tfjsCatalog);
    const layerOf = (name: string) => layers.get(doc.nodes.find((n) => n.name === name)!.id)!;
    // Keras: per layer, in the layer's own order, which tfjs shares.
    const keras = JSON.parse(await readFile(path.join(dir, 'same-keras', 'weights.json'), 'utf8')) as { layers: { name: string; weights: { shape: number[]; offset: number }[] }[] };
    const kerasBin = await readFile(path.join(dir, 'same-keras', 'weights.bin'));
    let compared = 0;
    for (const l of keras.layers)
      l.weights.forEach((w, i) => {
        const values = Array.from(new Float32Array(kerasBin.buffer.slice(kerasBin.byteOffset + w.offset, kerasBin.byteOffset + w.offset + 4 * w.shape.reduce((a, b) => a * b, 1))));
        const name = layerOf(l.name).weights[i]!.originalName;
        expect([name, values]).toEqual([name, tfjsValues.get(name)]);
        compared++;
      });
    expect(compared).toBe(tfjsValues.size);
    // PyTorch: converted back to tfjs's layout, the same numbers.
    const { weightPlan } = pytorchModelSource(doc, analysis, catalog);
    const torchBin = await readFile(path.join(dir, 'same-pytorch', 'weights.bin'));
    const torch = decodeTorchWeights(await readFile(path.join(dir, 'same-pytorch', 'weights.json'), 'utf8'), new Uint8Array(torchBin.buffer, torchBin.byteOffset, torchBin.byteLength));
    const back = tfjsWeightsFromTorch(weightPlan, torch, (id) => layers.get(id)!.weights.map((w) => ({ name: w.originalName, shape: w.shape as number[] })));
    for (const plan of weightPlan)
      layers.get(plan.nodeId)!.weights.forEach((w, i) => expect([w.originalName, Array.from(back.get(plan.nodeId)![i]!.data)]).toEqual([w.originalName, tfjsValues.get(w.originalName)]));
    model.dispose();
  });

  it('writes Keras code that compiles and names one layer per node, for every example and test graph', async () => {
    const docs = EXPORT_TEST_GRAPHS.filter((doc) => !doc.nodes.some((n) => TORCH_ONLY_KINDS.has(n.type)));
    for (const file of ['mlp-xor', 'mlp-spirals', 'perceptron-xor', 'residual-cnn', 'gcn-sbm', 'graphsage-sbm', 'gat-miserables', 'gnn-cycles-trees', 'lstm-spam', 'transformer-spam']) docs.push(await readProject(path.join(REPO_ROOT, 'examples', `${file}.nnd.json`)));
    for (const [i, doc] of docs.entries()) {
      const { analysis, model } = compileGraph(doc, tfjsCatalog);
      model.dispose();
      const file = path.join(dir, `keras_${i}.py`);
      const { code } = kerasModelSource(doc, analysis, catalog);
      await writeFile(file, code);
      // Keras masks the padding itself once the Embedding says so.
      const masked = doc.nodes.filter((n) => n.type === 'Embedding' && n.params.maskZero === true).length;
      expect([doc.name, code.match(/mask_zero=True/g)?.length ?? 0]).toEqual([doc.name, masked]);
      await python(['-m', 'py_compile', file]);
      const structure = JSON.parse(await python([path.join(dir, 'structure.py'), file])) as { names: string[]; inputs: number; models: number; bases: Record<string, string[]> };
      expect([doc.name, structure.names.sort()]).toEqual([doc.name, doc.nodes.map((n) => n.name).sort()]);
      expect([doc.name, structure.inputs, structure.models]).toEqual([doc.name, analysis.inputs.length, 1]);
      // Our layers are Keras layers; a metric Keras lacks (perplexity) is a Keras metric.
      for (const [cls, bases] of Object.entries(structure.bases)) expect([cls, bases]).toEqual([cls, [cls === 'Perplexity' ? 'keras.metrics.Metric' : 'keras.layers.Layer']]);
      if (doc.nodes.some((n) => n.type === 'Attention')) expect(structure.bases.DotProductAttention).toBeDefined();
    }
  });
});
