import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { RING_CENTRES } from '../../shared/data/generated';
import { generatorSamples, trainGanTemplate } from './gan-template-run';

/**
 * The 2-D GAN template's default run, trained as the worker trains it, does what its
 * description says: the JS divergence of its last epoch is at most half of its first's, and
 * the generated points sit on the eight blobs of the ring, every blob getting its share (no
 * mode left out). The time is checked in CPU seconds, as objective-templates.test.ts does.
 */
beforeAll(() => {
  tf.enableProdMode();
});

/** Within three of the ring's standard deviations (0.05) of a centre. */
const NEAR_CENTRE = 0.15;

describe('gan-ring', () => {
  it("its default run brings the last epoch's js_divergence to at most half of the first epoch's, with every blob of the ring generated", async () => {
    const divergences: number[] = [];
    const before = process.cpuUsage();
    const run = await trainGanTemplate('gan-ring.nnd.json', { onEvent: (event) => void (event.type === 'epoch' && divergences.push(event.logs.js_divergence!)) });
    const cpuSeconds = process.cpuUsage(before).user / 1e6;
    const [first, last] = [divergences[0]!, divergences.at(-1)!];
    console.log(`gan-ring: js_divergence ${first.toFixed(3)} after epoch 1, ${last.toFixed(3)} after epoch ${divergences.length}, in ${run.seconds.toFixed(1)} s (${cpuSeconds.toFixed(1)} s of CPU)`);
    expect(run.outcome).toMatchObject({ reason: 'completed', epochs: run.training.epochs });
    expect(divergences).toHaveLength(run.training.epochs);
    expect(last).toBeLessThanOrEqual(first / 2);
    expect(run.outcome.metrics.js_divergence).toBe(last);
    expect(run.doc.description).toContain('less than half');
    expect(cpuSeconds).toBeLessThan(60);

    // 2,000 generated points: each blob holds at least 5 % of them (an eighth is 12.5 %), and three in four lie on some blob.
    const generated = generatorSamples(run, 2000, 17);
    const points = generated.arraySync() as number[][];
    generated.dispose();
    const shares = RING_CENTRES.map(([cx, cy]) => points.filter(([x, y]) => Math.hypot(x! - cx, y! - cy) < NEAR_CENTRE).length / points.length);
    console.log(`gan-ring: share of generated points near each blob ${shares.map((s) => s.toFixed(3)).join(' ')}`);
    for (const share of shares) expect(share).toBeGreaterThanOrEqual(0.05);
    expect(shares.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(0.75);
    run.compiled.model.dispose();
  }, 300_000);
});
