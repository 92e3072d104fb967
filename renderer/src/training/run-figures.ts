import type { RunSummary } from '../../../shared/training/run-record';
import { formatDecimal, formatPercent, i18n } from '../i18n';

type FinalMetrics = RunSummary['finalMetrics'];

/** The run's last loss (validation where there was one), in the interface language's number format. */
export function runLoss(metrics: FinalMetrics, language: string = i18n.language): string {
  const loss = metrics.val_loss ?? metrics.loss;
  return loss === undefined ? '—' : formatDecimal(loss, 4, language);
}

export function runAccuracy(metrics: FinalMetrics, language: string = i18n.language): string {
  const accuracy = metrics.val_acc ?? metrics.acc;
  return accuracy === undefined ? '—' : formatPercent(accuracy, 1, language);
}
