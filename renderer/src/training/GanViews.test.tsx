import { afterEach, describe, expect, it } from 'vitest';
import { renderToStaticMarkup } from 'react-dom/server';
import { I18nextProvider } from 'react-i18next';
import { GanAdviceEventSchema, GanPlaneEventSchema, GanSamplesEventSchema, type TrainingEvent } from '../../../shared/training/protocol';
import { bytesToBase64 } from '../../../shared/training/sample-image';
import { i18n } from '../i18n';
import { GanRunViews } from './GanViews';
import { createTrainingStore } from './training-store';

/** A run of a GAN as the page hears it, through the store's own reducer, from events the protocol accepts. */
function follow(events: TrainingEvent[]): string {
  const store = createTrainingStore();
  store.getState().starting();
  store.getState().started('gan-run');
  for (const event of events) store.getState().receive('gan-run', event);
  const { gan, epochs } = store.getState();
  return gan
    ? renderToStaticMarkup(
        <I18nextProvider i18n={i18n}>
          <GanRunViews gan={gan} latestEpoch={epochs} />
        </I18nextProvider>,
      )
    : '';
}

const ready: TrainingEvent = { type: 'ready', backend: 'cpu', trainSamples: 64, validationSamples: 0, batchesPerEpoch: 2, epochs: 5, adversarial: true };

function digitSamples(epoch: number, count: number): TrainingEvent {
  const picture = (i: number) => bytesToBase64(Uint8Array.from({ length: 28 * 28 }, (_, p) => (p * (i + 1) + epoch * 31) % 256));
  return GanSamplesEventSchema.parse({
    type: 'gan-samples',
    backend: 'cpu',
    epoch,
    step: epoch * 2,
    shape: [28, 28, 1],
    images: Array.from({ length: count }, (_, i) => ({ height: 28, width: 28, channels: 1, range: [-1, 1], bytes: picture(i) })),
  });
}

function ringPlane(epoch: number): TrainingEvent {
  const ring = Array.from({ length: 300 }, (_, i) => [Math.cos(i / 10), Math.sin(i / 10)]);
  const blob = Array.from({ length: 300 }, (_, i) => [0.1 * Math.cos(i), 0.1 * Math.sin(i)]);
  return GanPlaneEventSchema.parse({
    type: 'gan-plane',
    backend: 'cpu',
    epoch,
    step: epoch * 2,
    bounds: { xMin: -1.5, xMax: 1.5, yMin: -1.5, yMax: 1.5 },
    real: ring,
    fake: blob,
    gradients: blob.map(([x, y]) => [x! * 3, y! * 3]),
    heat: Array.from({ length: 900 }, (_, c) => (c % 30) / 29),
    manifold: Array.from({ length: 400 }, (_, i) => [((i % 20) - 10) / 40, (Math.floor(i / 20) - 10) / 40]),
  });
}

const count = (html: string, testId: string) => html.split(`data-testid="${testId}"`).length - 1;

describe('the GAN views', () => {
  afterEach(async () => {
    await i18n.changeLanguage('en');
  });

  it('draws nothing for a run that is not a GAN', () => {
    expect(follow([{ type: 'ready', backend: 'cpu', trainSamples: 10, validationSamples: 0, batchesPerEpoch: 1, epochs: 1 }])).toBe('');
  });

  it('shows an image GAN’s latest epoch as a 4 × 4 grid of pictures, and no plane', () => {
    const html = follow([ready, digitSamples(0, 64), digitSamples(1, 64), digitSamples(2, 64)]);
    expect(html).toContain('data-testid="gan-sample-grid" data-epoch="2"');
    expect(html).toContain('data-layout="images" data-count="16"');
    expect(count(html, 'gan-sample')).toBe(16);
    expect(count(html, 'gan-plane')).toBe(0);
    // 64 samples in the fixed batch: 8 × 8 may be chosen.
    expect(html).toContain('data-testid="gan-sample-count"');
    expect(html).toContain('Epoch 2 of 2');
    // The first sample followed across the three epochs kept.
    expect(html).toContain('data-testid="gan-sample-history" data-sample="1" data-count="3"');
  });

  it('draws a 2-D GAN’s plane with its heat map, points, manifold and gradients, and the samples as points', () => {
    const points = GanSamplesEventSchema.parse({ type: 'gan-samples', backend: 'cpu', epoch: 1, step: 2, shape: [2], values: Array.from({ length: 64 }, (_, i) => [Math.cos(i), Math.sin(i)]) });
    const html = follow([ready, points, ringPlane(1)]);
    for (const id of ['gan-plane', 'gan-heatmap', 'gan-manifold', 'gan-real-points', 'gan-fake-points', 'gan-gradients', 'gan-heat-legend']) expect(count(html, id), id).toBe(1);
    expect(count(html, 'gan-sample-history')).toBe(0);
    expect(html).toContain('data-layout="points"');
    expect(count(html, 'gan-sample')).toBe(16);
    // Every layer can be turned off.
    for (const layer of ['heat', 'real', 'fake', 'manifold', 'gradients']) expect(html).toContain(`data-testid="gan-layer-${layer}"`);
  });

  it('lists samples of any other shape as rows of numbers', () => {
    const values = GanSamplesEventSchema.parse({ type: 'gan-samples', backend: 'cpu', epoch: 0, step: 0, shape: [10], values: Array.from({ length: 16 }, (_, i) => Array.from({ length: 10 }, (_, j) => i + j / 10)) });
    const html = follow([ready, values]);
    expect(html).toContain('data-layout="values"');
    expect(count(html, 'gan-sample')).toBe(16);
    expect(html).toContain('Values (shape 10)');
    expect(html).toContain('Before training');
    // 16 samples only: no larger grid to choose.
    expect(html).not.toContain('data-testid="gan-sample-count"');
  });

  it('says its advice, with what to try, in the interface language', async () => {
    const advice = (epoch: number, kind: 'discriminator-wins' | 'mode-collapse') => GanAdviceEventSchema.parse({ type: 'gan-advice', backend: 'cpu', epoch, advice: kind, message: 'in English for the CLI' });
    const epoch = (n: number): TrainingEvent => ({ type: 'epoch', backend: 'cpu', epoch: n, epochs: 5, logs: { d_loss: 0.01, g_loss: 6, d_real: 0.99, d_fake: 0.01 }, learningRate: 0.0002, elapsedMs: n });
    const events = [ready, digitSamples(0, 16), epoch(1), advice(1, 'mode-collapse'), epoch(2), advice(2, 'discriminator-wins'), epoch(3), advice(3, 'discriminator-wins')];
    const english = follow(events);
    expect(count(english, 'gan-advice')).toBe(2);
    expect(english).toMatch(/data-advice="discriminator-wins" data-current="true"[\s\S]*data-advice="mode-collapse" data-current="false"/);
    expect(english).toContain('The discriminator is winning');
    expect(english).toContain('epochs 2–3');
    expect(english).not.toContain('in English for the CLI');
    await i18n.changeLanguage('zh-CN');
    const chinese = follow(events);
    expect(chinese).toContain('判别器占了上风');
    expect(chinese).toContain('模式崩溃');
    expect(chinese).not.toContain('The discriminator is winning');
    expect(chinese).toContain('训练前');
  });
});
