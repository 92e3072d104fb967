import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileGraph } from '../../../shared/compile/compile';
import { withSeededRandom } from '../../../shared/layers/seed';
import { tfjsCatalog } from '../../../shared/layers/tfjs-catalog';
import { trainGraphModel } from '../../../shared/training/train-graph';
import { readProject } from '../../node/project-files';
import { selectBackend } from '../backend';
import { registerFastPath } from '../fast-path';
import { loadGraphDatasetFromDisk } from '../../node/load-graph-dataset';
import { declaredInputRoles } from '../../../shared/layers/graph/roles';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Each graph template, trained as the worker trains it, reaches the test accuracy its description states. */
const TEMPLATES: [file: string, testAccuracy: number][] = [
  ['gcn-sbm.nnd.json', 0.9],
  ['graphsage-sbm.nnd.json', 0.9],
  ['gat-miserables.nnd.json', 0.7],
  ['gnn-cycles-trees.nnd.json', 0.95],
];

let backend = 'cpu';
beforeAll(async () => {
  await registerFastPath();
  backend = await selectBackend();
});

describe('graph templates', () => {
  for (const [file, accuracy] of TEMPLATES)
    it(`${file} reaches test accuracy ≥ ${accuracy}`, { timeout: 240_000 }, async () => {
      const doc = await readProject(path.join(REPO_ROOT, 'examples', file));
      expect(doc.description).toContain(`≥ ${accuracy}`);
      if (doc.dataset?.kind !== 'graph') throw new Error(`${file} has no graph dataset`);
      const { model } = withSeededRandom(doc.training.seed, () => compileGraph(doc, tfjsCatalog));
      const data = await loadGraphDatasetFromDisk(doc.dataset);
      const outcome = await trainGraphModel(model, data, doc.training, { backend, inputRoles: declaredInputRoles(doc) });
      console.log(`${file} on ${backend}: test accuracy ${outcome.test.test_acc?.toFixed(3)} after ${outcome.epochs} epochs in ${outcome.elapsedMs} ms`);
      expect(outcome.test.test_acc).toBeGreaterThanOrEqual(accuracy);
      model.dispose();
    });
});
