import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { TrainingConfigSchema } from '../graph/training-config';
import { bestEpochKeeper } from './early-stopping';
import { EARLY_STOPPING_KEYS } from './log-keys.fixture';
import { higherIsBetter, parseLogKey } from './log-keys';
import { normalizeMonitor } from './protocol';

describe('parseLogKey', () => {
  it('reads the total loss, one output’s figures and several outputs’ prefixed figures, validation or not', () => {
    expect(parseLogKey('loss')).toEqual({ validation: false, output: null, metric: 'loss', known: true });
    expect(parseLogKey('val_acc')).toEqual({ validation: true, output: null, metric: 'acc', known: true });
    expect(parseLogKey('species_loss')).toEqual({ validation: false, output: 'species', metric: 'loss', known: true });
    expect(parseLogKey('val_body_mass_g_mae')).toEqual({ validation: true, output: 'body_mass_g', metric: 'mae', known: true });
    expect(parseLogKey('val_mask_psnr')).toEqual({ validation: true, output: 'mask', metric: 'psnr', known: true });
    expect(parseLogKey('f1')).toEqual({ validation: false, output: null, metric: 'f1', known: false });
  });
});

describe('higherIsBetter', () => {
  it('holds for accuracy, IoU, Dice and PSNR of the run or of an output; not for losses, errors and perplexity', () => {
    for (const [key, higher] of EARLY_STOPPING_KEYS) expect(higherIsBetter(key), key).toBe(higher);
  });

  it('applies to a monitor written the Keras way', () => {
    expect(normalizeMonitor('val_accuracy')).toBe('val_acc');
    expect(normalizeMonitor('val_species_accuracy')).toBe('val_species_acc');
    expect(normalizeMonitor('val_loss')).toBe('val_loss');
  });
});

describe('early stopping on a figure that grows', () => {
  it('keeps waiting while val_mask_iou rises and stops once it falls for patience epochs', () => {
    const model = tf.sequential({ layers: [tf.layers.dense({ units: 1, inputShape: [1] })] });
    const config = TrainingConfigSchema.parse({ earlyStopping: { enabled: true, monitor: 'val_mask_iou', patience: 2, minDelta: 0, restoreBest: false } });
    const keeper = bestEpochKeeper(model, config, true, () => {})!;
    const ious = [0.2, 0.4, 0.6, 0.5, 0.55];
    const stops = ious.map((iou, i) => keeper.shouldStop(i + 1, { loss: 1, val_mask_iou: iou }));
    expect(stops).toEqual([false, false, false, false, true]);
    keeper.dispose();
    model.dispose();
  });
});
