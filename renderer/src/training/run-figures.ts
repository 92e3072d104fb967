import type { TFunction } from 'i18next';
import { parseLogKey } from '../../../shared/training/log-keys';
import type { RunSummary } from '../../../shared/training/run-record';
import { formatDecimal, formatPercent, i18n } from '../i18n';

type FinalMetrics = RunSummary['finalMetrics'];

/** The run's last loss (validation where there was one), in the interface language's number format. */
export function runLoss(metrics: FinalMetrics, language: string = i18n.language): string {
  const loss = metrics.val_loss ?? metrics.loss;
  return loss === undefined ? '—' : formatDecimal(loss, 4, language);
}

/**
 * The one figure that says how a finished run did: its accuracy, else the first output's
 * first metric (validation where there was one), else its loss. `output` names the output
 * in a run of several.
 */
export function runHeadline(metrics: FinalMetrics): { key: string; output: string | null; metric: string; value: number } | null {
  const keys = Object.keys(metrics).filter((key) => !(key.startsWith('val_') && (key.slice(4) in metrics || key === 'val_loss')));
  const figures = keys.map((key) => ({ key, ...parseLogKey(key) })).filter((f) => f.known && f.key !== 'loss');
  const firstOutput = figures[0]?.output ?? null;
  const main = figures.find((f) => f.metric === 'acc' && f.output === null) ?? figures.find((f) => f.output === firstOutput && f.metric !== 'loss');
  const key = main?.key ?? 'loss';
  const value = metrics[`val_${key}`] ?? metrics[key];
  if (value === undefined || !Number.isFinite(value)) return null;
  return { key, output: main?.output ?? null, metric: main?.metric ?? 'loss', value };
}

/**
 * The headline as a table cell says it: accuracy as a percentage alone, any other figure
 * with its short name ("IoU 0.812"); "—" when the run has only a loss (its own column shows it).
 */
export function runResult(t: TFunction, metrics: FinalMetrics, language: string = i18n.language): { text: string; title: string | null } {
  const headline = runHeadline(metrics);
  if (!headline || headline.metric === 'loss') return { text: '—', title: null };
  const value = formatFigure(headline.metric, headline.value, language);
  return { text: headline.metric === 'acc' ? value : `${metricShortName(t, headline.metric)} ${value}`, title: panelTitle(t, headline) };
}

/** A reported figure in the interface language: accuracy as a percentage, PSNR in dB, the rest as decimals. */
export function formatFigure(metric: string, value: number, language: string = i18n.language): string {
  if (metric === 'acc') return formatPercent(value, 1, language);
  if (metric === 'psnr') return `${formatDecimal(value, 1, language)} dB`;
  return formatDecimal(value, Math.abs(value) >= 100 ? 1 : 3, language);
}

/** A figure's name for a person, with its unit where it has one; literal keys, so the locale test sees each used. */
export function metricTitle(t: TFunction, metric: string): string {
  const titles: Record<string, string> = {
    loss: t('training.chart.metricTitle.loss'),
    acc: t('training.chart.metricTitle.acc'),
    mae: t('training.chart.metricTitle.mae'),
    mse: t('training.chart.metricTitle.mse'),
    iou: t('training.chart.metricTitle.iou'),
    dice: t('training.chart.metricTitle.dice'),
    psnr: t('training.chart.metricTitle.psnr'),
    perplexity: t('training.chart.metricTitle.perplexity'),
  };
  return titles[metric] ?? metric;
}

/** A short name for the top bar (accuracy goes without one: a percentage says it). */
export function metricShortName(t: TFunction, metric: string): string {
  const names: Record<string, string> = {
    loss: t('training.chart.metricShort.loss'),
    mae: 'MAE',
    mse: 'MSE',
    iou: 'IoU',
    dice: 'Dice',
    psnr: 'PSNR',
    perplexity: t('training.chart.metricShort.perplexity'),
  };
  return names[metric] ?? metric;
}

/** A chart's title: the figure, and in a run of several outputs the output it belongs to. */
export function panelTitle(t: TFunction, panel: { output: string | null; metric: string }): string {
  const metric = metricTitle(t, panel.metric);
  return panel.output === null ? metric : t('training.chart.outputMetric', { output: panel.output, metric });
}

/** A GAN run's two losses for the top bar ("D 1.32 · G 0.71"); null for any other run. */
export function ganLossesText(t: TFunction, metrics: FinalMetrics, language: string = i18n.language): string | null {
  const d = metrics.d_loss;
  const g = metrics.g_loss;
  if (d === undefined || g === undefined || !Number.isFinite(d) || !Number.isFinite(g)) return null;
  return t('training.ganRun.losses', { d: formatDecimal(d, 3, language), g: formatDecimal(g, 3, language) });
}
