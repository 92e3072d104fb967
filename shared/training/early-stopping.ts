import * as tf from '@tensorflow/tfjs';
import type { TrainingConfig } from '../graph/training-config';
import { higherIsBetter } from './log-keys';
import { normalizeMonitor, type MetricLogs } from './protocol';

interface EarlyStopping {
  readonly restoreBest: boolean;
  readonly bestEpoch: number;
  update(epoch: number, logs: MetricLogs): 'improved' | 'waiting' | 'stop';
}

/**
 * Keras's EarlyStopping: stop after `patience` epochs in a row without an improvement of
 * more than `minDelta` in the monitored value (up for accuracy, IoU, Dice and PSNR, down for
 * losses, errors and perplexity), of the run or of one output (`val_species_acc`).
 */
function earlyStopping(config: TrainingConfig, hasValidation: boolean, warn: (message: string) => void): EarlyStopping | null {
  const settings = config.earlyStopping;
  if (!settings.enabled) return null;
  let monitor = normalizeMonitor(settings.monitor);
  if (monitor.startsWith('val_') && !hasValidation) {
    warn(`early stopping watches ${settings.monitor}, but there is no validation split — watching ${monitor.slice(4)} instead`);
    monitor = monitor.slice(4);
  }
  const higher = higherIsBetter(monitor);
  let best = higher ? -Infinity : Infinity;
  let bestEpoch = 0;
  let wait = 0;
  let warned = false;
  return {
    restoreBest: settings.restoreBest,
    get bestEpoch() {
      return bestEpoch;
    },
    update(epoch, logs) {
      const value = logs[monitor];
      if (value === undefined) {
        if (!warned)
          warn(`early stopping watches "${settings.monitor}", which this run does not report (it reports ${Object.keys(logs).join(', ')}) — it is off`);
        warned = true;
        return 'waiting';
      }
      const improved = higher ? value > best + settings.minDelta : value < best - settings.minDelta;
      if (improved) {
        best = value;
        bestEpoch = epoch;
        wait = 0;
        return 'improved';
      }
      wait++;
      return wait >= Math.max(1, settings.patience) ? 'stop' : 'waiting';
    },
  };
}

export interface BestEpochKeeper {
  /** After each epoch: keeps the weights when it improved; true when training should stop. */
  shouldStop(epoch: number, logs: MetricLogs): boolean;
  /** Puts the best epoch's weights back (when kept), after `beforeRestoring` saw the last ones. */
  restoreBest(beforeRestoring?: (model: tf.LayersModel) => Promise<void>): Promise<{ epoch: number; logs: MetricLogs } | null>;
  dispose(): void;
}

/** Early stopping with the best epoch's weights and logs kept beside it. `null` when early stopping is off. */
export function bestEpochKeeper(
  model: tf.LayersModel,
  config: TrainingConfig,
  hasValidation: boolean,
  warn: (message: string) => void,
): BestEpochKeeper | null {
  const early = earlyStopping(config, hasValidation, warn);
  if (!early) return null;
  let weights: tf.Tensor[] | null = null;
  let logs: MetricLogs | null = null;
  const forgetWeights = () => {
    weights?.forEach((w) => w.dispose());
    weights = null;
  };
  return {
    shouldStop(epoch, epochLogs) {
      const verdict = early.update(epoch, epochLogs);
      if (verdict === 'improved') {
        logs = epochLogs;
        if (early.restoreBest) {
          forgetWeights();
          weights = model.getWeights().map((w) => tf.clone(w));
        }
      }
      return verdict === 'stop';
    },
    async restoreBest(beforeRestoring) {
      if (!weights || !logs) return null;
      await beforeRestoring?.(model);
      model.setWeights(weights);
      return { epoch: early.bestEpoch, logs };
    },
    dispose: forgetWeights,
  };
}
