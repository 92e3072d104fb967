import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { TrainingEventSchema } from '../../shared/training/protocol';
import { exportProjectFile } from './export';
import { pythonForTests, runPython } from '../pytorch/testing';

const DOCUMENTS = fileURLToPath(new URL('./testing/acceptance/', import.meta.url));

/**
 * Issue #17's acceptance: the train.py that `nnd export --format pytorch` writes for the
 * acceptance U-Net (image → image, mse) and GPT-style decoder (a softmax at every position,
 * padding left out) trains an epoch with the local Python and prints its `done` event.
 */
describe('the exported train.py of the acceptance U-Net and decoder', async () => {
  const { python, skipReason } = await pythonForTests();
  if (skipReason) console.info(`skipped: ${skipReason}`);
  let root = '';
  afterAll(() => (root ? rm(root, { recursive: true, force: true }) : undefined));

  for (const [name, metric] of [
    ['unet-mini', 'psnr'],
    ['gpt-decoder', 'perplexity'],
  ] as const)
    it.skipIf(!python)(`${name}: trains one epoch and prints done with a finite loss`, { timeout: 240_000 }, async () => {
      root ||= await mkdtemp(path.join(os.tmpdir(), 'nnd-acceptance-train-py-'));
      const dir = path.join(root, name);
      expect(await exportProjectFile(path.join(DOCUMENTS, `${name}.nnd.json`), dir, 'pytorch')).toMatch(/train with python train\.py/);
      const { stdout } = await runPython(python!.python, ['train.py', '--epochs', '1', '--threads', '2'], { cwd: dir, timeoutMs: 200_000 });
      const events = stdout
        .trim()
        .split('\n')
        .map((line) => TrainingEventSchema.parse(JSON.parse(line)));
      expect(events[0]!.type).toBe('ready');
      const done = events.at(-1)!;
      expect(done).toMatchObject({ type: 'done', reason: 'completed', epochs: 1 });
      if (done.type !== 'done') return;
      expect([name, Number.isFinite(done.metrics.loss), Number.isFinite(done.metrics[metric])]).toEqual([name, true, true]);
    });
});
