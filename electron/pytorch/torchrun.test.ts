import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../shared/compile/compile';
import { pytorchExport } from '../../shared/export/pytorch/export';
import { catalog } from '../../shared/layers';
import { tfjsCatalog } from '../../shared/layers/tfjs-catalog';
import { TrainingEventSchema } from '../../shared/training/protocol';
import { withSeededRandom } from '../../shared/layers/seed';
import { readProject } from '../node/project-files';
import { loadDataset } from '../node/load-dataset';
import { writeExportFiles } from './python';
import { pythonForTests, runPython } from './testing';

const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

tf.enableProdMode();

/** The training loss of a model.py with the given weights over the whole exported training data. */
const LOSS_OF = String.raw`
import json, sys, torch

sys.path.insert(0, sys.argv[1])
from model import build_model
from train import Objective, load_data, predictions_of
job = json.load(open(sys.argv[1] + '/train_config.json'))
inputs, targets = load_data(job, torch.device('cpu'))
objective = Objective(job['outputs'])
losses = {}
for name, weights in (('before', sys.argv[1]), ('after', sys.argv[2])):
    model = build_model(weights)
    model.eval()
    with torch.no_grad():
        losses[name] = objective.loss(targets, predictions_of(job, model(*inputs))).item()
print(json.dumps(losses))
`;

describe('train.py under torchrun', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let dir = '';
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  it.skipIf(!python)('torchrun --nproc_per_node=2 trains one epoch on the CPU (gloo) and the loss falls', async () => {
    const file = path.join(REPO_ROOT, 'examples', 'mlp-spirals.nnd.json');
    const doc = await readProject(file);
    const compiled = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
    const data = await loadDataset(doc.dataset!, doc.training, 2);
    dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-torchrun-'));
    await writeExportFiles(dir, pytorchExport(doc, compiled, catalog, { weightsFrom: 'initial', dataset: data }).files);
    compiled.model.dispose();
    // torchrun is torch.distributed.run; the module form works whether or not its script is on PATH.
    // --redirects/--tee 2: Debian's torch 1.13 on Python 3.11 cannot read torchrun's default "0"
    // (3.11 no longer lists an IntFlag's zero member), so stderr is named; stdout stays as it is.
    const { stdout } = await runPython(
      python!.python,
      ['-m', 'torch.distributed.run', '--standalone', '--nproc_per_node=2', '--redirects', '2', '--tee', '2', 'train.py', '--epochs', '1', '--threads', '1', '--save', 'trained'],
      { cwd: dir, timeoutMs: 240_000 },
    );
    const events = stdout.trim().split('\n').map((line) => TrainingEventSchema.parse(JSON.parse(line)));
    const single = (await runPython(python!.python, ['train.py', '--epochs', '1', '--threads', '1'], { cwd: dir })).stdout.trim().split('\n').map((line) => TrainingEventSchema.parse(JSON.parse(line)));
    expect(events[0]!.type).toBe('ready');
    const done = events.at(-1)!;
    expect(done.type).toBe('done');
    expect(done.backend).toBe('pytorch-cpu x2');
    const epochs = events.filter((e) => e.type === 'epoch');
    expect(epochs).toHaveLength(1);
    // Each step's batch is split across the two processes and weighted, so the run is the single process's run.
    const singleEpoch = single.find((e) => e.type === 'epoch')!;
    expect(epochs[0]!.type === 'epoch' && singleEpoch.type === 'epoch' && Math.abs(epochs[0]!.logs.loss! - singleEpoch.logs.loss!)).toBeLessThan(1e-5);
    await writeFile(path.join(dir, 'loss_of.py'), LOSS_OF);
    const losses = JSON.parse((await runPython(python!.python, ['loss_of.py', dir, path.join(dir, 'trained')], { cwd: dir })).stdout) as { before: number; after: number };
    expect(losses.after).toBeLessThan(losses.before);
  });
});
