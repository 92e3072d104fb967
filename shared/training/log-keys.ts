/**
 * What a key of a run's logs names. One output reports `loss`, `acc`, `mae`, …; several report
 * the weighted total `loss` and `<output>_loss`, `<output>_acc`, … per output; validation
 * figures carry `val_` in front. The same reading serves the charts and early stopping, and
 * the exported train.py repeats the rule (`higher_is_better`), tested against this one.
 */

/** The figures a run reports per output, by their log key (`acc` is Keras's name for accuracy). */
export const LOG_METRIC_KEYS = ['loss', 'acc', 'mae', 'mse', 'iou', 'dice', 'psnr', 'perplexity'] as const;
export type LogMetricKey = (typeof LOG_METRIC_KEYS)[number];

/** Figures that grow as the model improves; every other one (loss, errors, perplexity) shrinks. */
const HIGHER_IS_BETTER: readonly string[] = ['acc', 'iou', 'dice', 'psnr'];

export interface LogKey {
  validation: boolean;
  /** The output's name in a run of several outputs; null for the run's total loss or a one-output run's figure. */
  output: string | null;
  /** `loss`, `acc`, … or, for a key no engine writes, the key itself (without `val_`). */
  metric: string;
  /** Whether this figure is one of LOG_METRIC_KEYS. */
  known: boolean;
}

/** Reads `val_species_acc` as the validation accuracy of output `species`. */
export function parseLogKey(key: string): LogKey {
  const validation = key.startsWith('val_');
  const base = validation ? key.slice(4) : key;
  for (const metric of LOG_METRIC_KEYS) {
    if (base === metric) return { validation, output: null, metric, known: true };
    if (base.endsWith(`_${metric}`) && base.length > metric.length + 1) return { validation, output: base.slice(0, -metric.length - 1), metric, known: true };
  }
  return { validation, output: null, metric: base, known: false };
}

/** Whether a larger value of the figure under `key` is better (accuracy, IoU, Dice, PSNR), for early stopping. */
export function higherIsBetter(key: string): boolean {
  return HIGHER_IS_BETTER.includes(parseLogKey(key).metric);
}
