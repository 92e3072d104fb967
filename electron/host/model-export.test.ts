import { access, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { parseDocument, type GraphDocument } from '../../shared/graph/document';
import { hostService, type HostApi, type ModelExportResult } from '../../shared/host-api';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { createClient, createMemoryTransportPair, serve, type ServedConnection } from '../../shared/rpc';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { pythonForTests, runPython } from '../pytorch/testing';
import { unzipSync } from 'fflate';
import { downloadName, packExport } from './exports-service';
import { createHostService } from './host-service';
import { loadWeightsByName } from '../node/model-files';
import { createTrainingService, type TrainingService } from './training-service';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/**
 * The app's exports (HostApi exportRunModel / exportProject) in every format, from a trained
 * run and from a project without one: the files each format needs, PyTorch's model.py
 * loading the run's trained weights and computing what tfjs computes, Keras's compiling.
 */
let dir: string;
let host: HostApi;
let training: TrainingService;
let projectPath: string;
let runId: string;
const rows = [
  [0.1, 0.2],
  [-0.5, 0.3],
  [0.7, -0.9],
];

/** Loads model.py from `exportDir`, runs it on the rows and prints outputs and parameter count. */
const TORCH_RUNNER = String.raw`
import importlib.util, json, sys
import torch

spec = importlib.util.spec_from_file_location('exported', sys.argv[1] + '/model.py')
module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(module)
model = module.build_model()
model.eval()
params = sum(p.numel() for p in model.parameters())
out = None
if len(sys.argv) > 2:
    with torch.no_grad():
        out = model(torch.tensor(json.loads(sys.argv[2]), dtype=torch.float32)).tolist()
print(json.dumps({'params': params, 'outputs': out}))
`;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-model-export-'));
  const [clientEnd, serverEnd] = createMemoryTransportPair();
  let connection: ServedConnection<typeof hostService> | undefined = undefined;
  training = createTrainingService({ emit: (event, payload) => connection!.emit(event, payload), cwd: dir, scratchDir: path.join(dir, 'scratch') });
  const implementation = createHostService({ mode: 'browser', configDir: path.join(dir, 'config'), cwd: dir, emit: (event, payload) => connection!.emit(event, payload), training });
  connection = serve(hostService, implementation, serverEnd);
  host = createClient(hostService, clientEnd);

  const spirals = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-spirals.nnd.json'), 'utf8')));
  const document: GraphDocument = { ...spirals, training: TrainingConfigSchema.parse({ ...spirals.training, epochs: 3 }) };
  projectPath = (await host.saveProject({ path: path.join(dir, 'spirals.nnd.json'), document })).path;
  const ended = new Promise<void>((resolve) => host.on('trainingEvent', ({ event }) => (event.type === 'done' || event.type === 'error') && resolve()));
  runId = (await host.startTraining({ document, projectPath })).runId;
  await ended;
}, 120_000);

afterAll(async () => {
  await training?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const names = (result: ModelExportResult) => result.files.map((f) => path.relative(result.directory, f)).sort();

describe('exporting a run and a project from the app', async () => {
  const { python } = await pythonForTests();

  it('writes a run as TensorFlow.js by default, as before the format was a choice', async () => {
    const result = await host.exportRunModel({ runId, directory: path.join(dir, 'run-tfjs') });
    expect(result).toMatchObject({ format: 'tfjs', weights: 'trained', mainFile: path.join(dir, 'run-tfjs', 'model.json') });
    expect(names(result)).toEqual(['model.json', 'weights.bin']);
    for (const file of result.files) await access(file);
  });

  it('writes a run as PyTorch code whose build_model() carries the trained weights: the outputs of the trained tfjs model', { timeout: 120_000 }, async () => {
    const result = await host.exportRunModel({ runId, directory: path.join(dir, 'run-pytorch'), format: 'pytorch' });
    expect(result).toMatchObject({ format: 'pytorch', weights: 'trained', trainScript: true, mainFile: path.join(dir, 'run-pytorch', 'model.py') });
    expect(names(result)).toEqual(['data/x.bin', 'data/y.bin', 'model.py', 'train.py', 'train_config.json', 'weights.bin', 'weights.json'].map((f) => f.split('/').join(path.sep)));
    expect(JSON.parse(await readFile(path.join(result.directory, 'weights.json'), 'utf8'))).toMatchObject({ source: 'trained' });

    // What the trained model computes, from the run's own tfjs files.
    const record = await host.getRun({ runId });
    const tfjsDir = path.join(dir, 'run-tfjs');
    await host.exportRunModel({ runId, directory: tfjsDir });
    const { model } = compileGraph(record.document, tfjsCatalog);
    await loadWeightsByName(model, tfjsDir);
    const expected = (model.predict(tf.tensor2d(rows)) as tf.Tensor).arraySync() as number[][];
    model.dispose();
    if (!python) return;
    const script = path.join(dir, 'run-torch.py');
    await writeFile(script, TORCH_RUNNER);
    const { stdout } = await runPython(python.python, [script, result.directory, JSON.stringify(rows)]);
    const answer = JSON.parse(stdout.trim().split('\n').pop()!) as { params: number; outputs: number[][] };
    expect(answer.params).toBe(result.params);
    answer.outputs.flat().forEach((v, i) => expect(Math.abs(v - expected.flat()[i]!)).toBeLessThan(1e-4));
  });

  it('writes a run as Keras code that compiles, with the trained weights', { timeout: 60_000 }, async () => {
    const result = await host.exportRunModel({ runId, directory: path.join(dir, 'run-keras'), format: 'keras' });
    expect(result).toMatchObject({ format: 'keras', weights: 'trained' });
    expect(names(result)).toEqual(['model.py', 'weights.bin', 'weights.json']);
    expect(JSON.parse(await readFile(path.join(result.directory, 'weights.json'), 'utf8'))).toMatchObject({ source: 'trained' });
    await runPython(python?.python ?? 'python3', ['-m', 'py_compile', result.mainFile]);
  });

  it('writes a project without a run with the initial weights drawn from its seed; a graph model gets model.py without train.py', { timeout: 60_000 }, async () => {
    const gcn = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/gcn-sbm.nnd.json'), 'utf8')));
    const result = await host.exportProject({ document: gcn, directory: path.join(dir, 'gcn-pytorch'), format: 'pytorch' });
    expect(result).toMatchObject({ weights: 'initial', trainScript: false, trainScriptMissing: 'graph-dataset', trainingProblems: [] });
    expect(names(result)).toEqual(['model.py', 'weights.bin', 'weights.json']);
    const { analysis, model } = compileGraph(gcn, tfjsCatalog);
    model.dispose();
    expect(result.params).toBe(analysis.totals.total);
    if (!python) return;
    const script = path.join(dir, 'project-torch.py');
    await writeFile(script, TORCH_RUNNER);
    const { stdout } = await runPython(python.python, [script, result.directory]);
    expect((JSON.parse(stdout.trim().split('\n').pop()!) as { params: number }).params).toBe(analysis.totals.total);
  });

  it('exports an Embedding with maskZero: the LSTM after it is handed the padding mask', async () => {
    const projectPath = path.join(REPO_ROOT, 'examples/lstm-spam.nnd.json');
    const spam = parseDocument(JSON.parse(await readFile(projectPath, 'utf8')));
    const result = await host.exportProject({ document: spam, projectPath, directory: path.join(dir, 'spam'), format: 'pytorch' });
    const code = await readFile(path.join(result.directory, 'model.py'), 'utf8');
    expect(code).toMatch(/_mask = input_1 != 0/);
    expect(code).toMatch(/self\.\w+\(\w+, mask=\w+_mask\)/);
    const { analysis, model } = compileGraph(spam, tfjsCatalog);
    model.dispose();
    expect(result.params).toBe(analysis.totals.total);
    if (!python) return;
    const script = path.join(dir, 'spam-torch.py');
    await writeFile(script, TORCH_RUNNER);
    const { stdout } = await runPython(python.python, [script, result.directory]);
    expect((JSON.parse(stdout.trim().split('\n').pop()!) as { params: number }).params).toBe(analysis.totals.total);
  });

  it('downloads a run as one zip (browser mode): model.json + weights.bin, the same bytes as the folder export', async () => {
    const download = await host.downloadExport({ source: { kind: 'run', runId } });
    expect(download).toMatchObject({ format: 'tfjs', weights: 'trained', mimeType: 'application/zip', mainFile: 'model.json', entries: ['model.json', 'weights.bin'] });
    expect(download.fileName).toMatch(/-tfjs\.zip$/);
    const archive = unzipSync(Buffer.from(download.base64, 'base64'));
    expect(Object.keys(archive).sort()).toEqual(['model.json', 'weights.bin']);
    const folder = await host.exportRunModel({ runId, directory: path.join(dir, 'run-tfjs-for-zip') });
    expect(Buffer.from(archive['weights.bin']!).equals(await readFile(path.join(folder.directory, 'weights.bin')))).toBe(true);
    expect(JSON.parse(new TextDecoder().decode(archive['model.json']))).toHaveProperty('weightsManifest');
  });

  it('downloads a run as PyTorch code in one zip: model.py, train.py, its data and the trained weights', { timeout: 60_000 }, async () => {
    const download = await host.downloadExport({ source: { kind: 'run', runId }, format: 'pytorch' });
    expect(download).toMatchObject({ format: 'pytorch', weights: 'trained', trainScript: true, mainFile: 'model.py' });
    const archive = unzipSync(Buffer.from(download.base64, 'base64'));
    expect(Object.keys(archive).sort()).toEqual(['data/x.bin', 'data/y.bin', 'model.py', 'train.py', 'train_config.json', 'weights.bin', 'weights.json']);
    expect(download.entries.sort()).toEqual(Object.keys(archive).sort());
    expect(new TextDecoder().decode(archive['model.py'])).toMatch(/def build_model\(/);
    expect(JSON.parse(new TextDecoder().decode(archive['weights.json']))).toMatchObject({ source: 'trained' });
  });

  it('says why a project that cannot train gets no train.py: its training problems, or no dataset', { timeout: 60_000 }, async () => {
    const xor = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/mlp-xor.nnd.json'), 'utf8')));
    const twoNetworks: GraphDocument = {
      ...xor,
      dataset: { ...(xor.dataset as object), path: path.join(REPO_ROOT, 'examples/xor.csv') } as GraphDocument['dataset'],
      nodes: [
        ...xor.nodes,
        { id: 'input_2', type: 'Input', name: 'input_2', params: { shape: [2] }, position: { x: 0, y: 300 } },
        { id: 'dense_9', type: 'Dense', name: 'dense_9', params: { units: 1, activation: 'sigmoid' }, position: { x: 300, y: 300 } },
      ],
      edges: [...xor.edges, { id: 'e_second', source: 'input_2', target: 'dense_9', sourceHandle: 'out', targetHandle: 'in' }],
    };
    const refused = await host.downloadExport({ source: { kind: 'project', document: twoNetworks }, format: 'pytorch' });
    expect(refused).toMatchObject({ trainScript: false, trainScriptMissing: 'training-problems' });
    expect(refused.entries.sort()).toEqual(['model.py', 'weights.bin', 'weights.json']);
    expect(refused.trainingProblems.map((p) => [p.nodeId, p.code])).toEqual(expect.arrayContaining([['dense_9', 'objective-missing'], ['input_2', 'input-unbound']]));
    const noData = await host.downloadExport({ source: { kind: 'project', document: { ...xor, dataset: null } }, format: 'pytorch' });
    expect(noData).toMatchObject({ trainScript: false, trainScriptMissing: 'no-dataset' });
    expect(noData.entries.sort()).toEqual(['model.py', 'weights.bin', 'weights.json']);
  });

  it('downloads a project without a run, named after it, with the initial weights', async () => {
    const gcn = parseDocument(JSON.parse(await readFile(path.join(REPO_ROOT, 'examples/gcn-sbm.nnd.json'), 'utf8')));
    const download = await host.downloadExport({ source: { kind: 'project', document: gcn }, format: 'keras' });
    expect(download).toMatchObject({ format: 'keras', weights: 'initial', fileName: `${downloadName(gcn.name, 'keras')}.zip` });
    expect(Object.keys(unzipSync(Buffer.from(download.base64, 'base64')))).toContain('model.py');
  });

  it('refuses a download above the limit, saying how large it is and what to do instead', async () => {
    const folder = await host.exportRunModel({ runId, directory: path.join(dir, 'run-tfjs-too-large') });
    await expect(packExport(folder, 'spirals-tfjs', 16)).rejects.toMatchObject({
      code: 'export-refused',
      message: expect.stringMatching(/is \d+ MB, more than the 0 MB a browser download takes\. Export it with the desktop app or `nnd export`/),
      data: { said: { host: { id: 'exportTooLarge' } } },
    });
    // One file travels as it is.
    const single = await packExport({ ...folder, files: [folder.mainFile] }, 'spirals-tfjs');
    expect(single).toMatchObject({ fileName: 'model.json', mimeType: 'application/json', entries: ['model.json'] });
    expect(JSON.parse(Buffer.from(single.base64, 'base64').toString('utf8'))).toHaveProperty('modelTopology');
  });

  it('names a download after the model, in any script', () => {
    expect(downloadName('Spirals MLP (v2)', 'tfjs')).toBe('spirals-mlp-v2-tfjs');
    expect(downloadName('手写数字 LeNet-5', 'pytorch')).toBe('手写数字-lenet-5-pytorch');
    expect(downloadName('../..', 'keras')).toBe('model-keras');
  });

  it('refuses a layer the format cannot write, naming it', async () => {
    // A Bidirectional reads the Embedding's padding mask, which the PyTorch export does not write for it.
    const projectPath = path.join(REPO_ROOT, 'examples/lstm-spam.nnd.json');
    const spam = parseDocument(JSON.parse(await readFile(projectPath, 'utf8')));
    const both: GraphDocument = {
      ...spam,
      nodes: spam.nodes.map((n) => (n.type === 'LSTM' ? { ...n, type: 'Bidirectional', params: { layer: { type: 'LSTM', params: n.params } } } : n)),
    };
    const refused = host.exportProject({ document: parseDocument(both), projectPath, directory: path.join(dir, 'spam-both'), format: 'pytorch' });
    await expect(refused).rejects.toMatchObject({ code: 'export-refused', message: expect.stringMatching(/PyTorch code: .*Bidirectional.*maskZero/) });
  });
});
