import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { kerasModelSource } from '../../shared/export/keras/model-py';
import { pytorchModelSource } from '../../shared/export/pytorch/model-py';
import { analyzeGraph } from '../../shared/graph/analyze';
import { parseDocument } from '../../shared/graph/document';
import { TrainingConfigSchema } from '../../shared/graph/training-config';
import { graph } from '../../shared/export/test-graphs';
import { catalog } from '../../shared/layers';
import { pythonTemplateFiles, root, writePythonTemplates } from './generate-python-templates';
import { pythonProblems, pythonWithPyflakes } from './python-check';

describe('Python templates', () => {
  it('each .py under shared/ has its .py.generated.ts, up to date', () => {
    expect(writePythonTemplates(true), 'run: npx tsx scripts/house/generate-python-templates.ts').toEqual([]);
  });

  describe('pass py_compile and pyflakes', async () => {
    const { python, skipReason } = await pythonWithPyflakes();
    let dir = '';
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'nnd-python-check-'));
    });
    afterAll(async () => {
      if (dir) await rm(dir, { recursive: true, force: true });
    });

    it.skipIf(!python)(`every template file ${skipReason ?? ''}`, async () => {
      const files = pythonTemplateFiles().map((file) => path.join(root, file));
      expect(files.length).toBeGreaterThan(10);
      expect(await pythonProblems(python!, files)).toEqual([]);
    });

    it.skipIf(!python)(`the PyTorch and Keras model.py of every example ${skipReason ?? ''}`, async () => {
      const examples = (await readdir(path.join(root, 'examples'))).filter((f) => f.endsWith('.nnd.json'));
      const files: string[] = [];
      for (const example of examples) {
        const doc = parseDocument(JSON.parse(await readFile(path.join(root, 'examples', example), 'utf8')));
        const analysis = analyzeGraph(doc, catalog);
        const name = example.replace(/\.nnd\.json$/, '');
        for (const [format, code] of [
          ['pytorch', pytorchModelSource(doc, analysis, catalog).code],
          ['keras', kerasModelSource(doc, analysis, catalog).code],
        ] as const) {
          const file = path.join(dir, name, format, 'model.py');
          await mkdir(path.dirname(file), { recursive: true });
          await writeFile(file, code);
          files.push(file);
        }
      }
      expect(files.length).toBeGreaterThanOrEqual(2 * 10);
      expect(await pythonProblems(python!, files)).toEqual([]);
    });

    it.skipIf(!python)(`the Keras model.py compiling several outputs with every metric ${skipReason ?? ''}`, async () => {
      const doc = {
        ...graph('heads', [
          ['x', 'Input', { shape: [4, 4, 1] }],
          ['conv', 'Conv2D', { filters: 3, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, ['x']],
          ['mask', 'Conv2D', { filters: 3, kernelSize: [1, 1], padding: 'same', activation: 'softmax' }, ['conv']],
          ['flat', 'Flatten', {}, ['conv']],
          ['mass', 'Dense', { units: 1 }, ['flat']],
        ]),
        training: TrainingConfigSchema.parse({
          outputs: {
            mask: { target: 'mask', loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy', 'iou', 'dice', 'perplexity'] },
            mass: { target: 'mass', loss: 'mse', weight: 0.5, metrics: ['mae', 'mse', 'psnr'] },
          },
        }),
      };
      const file = path.join(dir, 'heads', 'model.py');
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, kerasModelSource(doc, analyzeGraph(doc, catalog), catalog).code);
      expect(await pythonProblems(python!, [file])).toEqual([]);
    });
  });
});
