/**
 * Issue #18's acceptance of the GAN templates from the command line, as a person runs them:
 * every GAN of examples/ trains one epoch with `nnd train --json` (its events carry both
 * players' losses and the run ends with `done`) and `nnd generate -n 16 --json` prints 16
 * finite samples of its generator's output shape.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../shared/graph/analyze';
import { ganRoles } from '../../shared/graph/gan';
import { catalog } from '../../shared/layers';
import { TrainingEventSchema, type TrainingEvent } from '../../shared/training/protocol';
import { readProject } from '../node/project-files';
import { lines, REPO_ROOT, runNnd } from './run-cli';

const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
const GAN_TEMPLATES = readdirSync(EXAMPLES_DIR)
  .filter((file) => file.endsWith('.nnd.json') && file.includes('gan'))
  .sort();
/** An epoch of the DCGAN alone takes a while; the whole suite may share the two cores. */
const SLOW_TEST_MS = 600_000;

/** One generated sample's shape, as the document's generator makes it. */
async function sampleShapeOf(file: string): Promise<number[]> {
  const doc = await readProject(path.join(EXAMPLES_DIR, file));
  const { roles } = ganRoles(doc, analyzeGraph(doc, catalog), doc.training.gan!);
  return roles!.sampleShape.map((d) => d!);
}

/** Every number of a nested array, or a non-number where one is. */
function leaves(value: unknown): unknown[] {
  return Array.isArray(value) ? value.flatMap(leaves) : [value];
}

function shapeOf(value: unknown): number[] {
  return Array.isArray(value) ? [value.length, ...shapeOf(value[0])] : [];
}

describe('the GAN templates from the command line', () => {
  it('examples/ holds at least two GANs, the 2-D ring among them', async () => {
    expect(GAN_TEMPLATES.length).toBeGreaterThanOrEqual(2);
    expect(GAN_TEMPLATES).toContain('gan-ring.nnd.json');
    for (const file of GAN_TEMPLATES) expect((await readProject(path.join(EXAMPLES_DIR, file))).training.gan, file).toBeDefined();
  });

  for (const file of GAN_TEMPLATES) {
    it(`nnd train ${file} --epochs 1 --json: events with d_loss and g_loss, ending with done`, async () => {
      const run = await runNnd(['train', `examples/${file}`, '--epochs', '1', '--json'], { timeoutMs: SLOW_TEST_MS });
      expect([run.code, run.stderr]).toEqual([0, '']);
      const events: TrainingEvent[] = lines(run.stdout).map((line) => TrainingEventSchema.parse(JSON.parse(line)));
      expect(events[0]).toMatchObject({ type: 'ready', adversarial: true });
      const last = events.at(-1)!;
      expect(last).toMatchObject({ type: 'done', epochs: 1 });
      const epochs = events.filter((e) => e.type === 'epoch');
      const batches = events.filter((e) => e.type === 'batch');
      expect(epochs).toHaveLength(1);
      expect(batches.length).toBeGreaterThan(0);
      for (const event of [...batches.map((b) => b.metrics), ...epochs.map((e) => e.logs), last.type === 'done' ? last.metrics : {}])
        for (const key of ['d_loss', 'g_loss']) expect(Number.isFinite(event[key]), `${file}: ${key} in ${JSON.stringify(event)}`).toBe(true);
    }, SLOW_TEST_MS);

    it(`nnd generate ${file} -n 16 --json: 16 finite samples of the generator's shape`, async () => {
      const run = await runNnd(['generate', `examples/${file}`, '-n', '16', '--json'], { timeoutMs: 120_000 });
      expect(run.code).toBe(0);
      const printed = JSON.parse(lines(run.stdout).join('\n')) as { shape: number[]; samples: unknown[] };
      const shape = await sampleShapeOf(file);
      expect(printed.shape).toEqual(shape);
      expect(printed.samples).toHaveLength(16);
      for (const sample of printed.samples) {
        expect(shapeOf(sample)).toEqual(shape);
        expect(leaves(sample).every((v) => typeof v === 'number' && Number.isFinite(v))).toBe(true);
      }
    }, 120_000);
  }
});
