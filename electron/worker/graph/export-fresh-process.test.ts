import { spawn } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { compileGraph } from '../../../shared/compile/compile';
import { withSeededRandom } from '../../../shared/layers/seed';
import { tfjsCatalog } from '../../../shared/layers/tfjs-catalog';
import { graphInputRoles, trainGraphModel, wholeGraph } from '../../../shared/training/train-graph';
import { writeLayersModel } from '../../node/model-files';
import { readProject } from '../../node/project-files';
import { loadGraphDatasetFromDisk } from '../../node/load-graph-dataset';
import { declaredInputRoles } from '../../../shared/layers/graph/roles';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const PREDICT_SCRIPT = path.join(REPO_ROOT, 'electron/worker/graph/testing/predict-graph-export.ts');

function runFresh(modelDir: string, inputsFile: string): Promise<{ classNames: string[]; output: number[][] }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', PREDICT_SCRIPT, modelDir, inputsFile], { cwd: REPO_ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

describe('a trained GNN exported as model.json', () => {
  for (const template of ['gnn-cycles-trees.nnd.json', 'gat-miserables.nnd.json'])
    it(`${template}: tf.loadLayersModel in a fresh process predicts what the trained model predicts`, { timeout: 120_000 }, async () => {
      const doc = await readProject(path.join(REPO_ROOT, 'examples', template));
      if (doc.dataset?.kind !== 'graph') throw new Error('not a graph template');
      const { model } = withSeededRandom(1, () => compileGraph(doc, tfjsCatalog));
      const data = await loadGraphDatasetFromDisk(doc.dataset);
      const inputRoles = declaredInputRoles(doc);
      await trainGraphModel(model, data, { ...doc.training, epochs: 3 }, { backend: tf.getBackend(), inputRoles });

      const dir = await mkdtemp(path.join(tmpdir(), 'nnd-gnn-export-'));
      await writeLayersModel(dir, model);
      const inputs = wholeGraph(data, graphInputRoles(model, inputRoles));
      const expected = (model.apply(inputs, { training: false }) as tf.Tensor).arraySync() as number[][];
      const inputsFile = path.join(dir, 'inputs.json');
      await writeFile(inputsFile, JSON.stringify(inputs.map((t) => ({ values: Array.from(t.dataSync()), shape: t.shape, dtype: t.dtype }))));

      const fresh = await runFresh(dir, inputsFile);
      expect(fresh.classNames.some((c) => /^Nnd(GATConv|MessagePassing)$/.test(c))).toBe(true);
      expect(fresh.output.length).toBe(expected.length);
      let worst = 0;
      fresh.output.forEach((row, i) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - expected[i]![j]!)))));
      expect(worst).toBeLessThan(1e-5);
    });
});
