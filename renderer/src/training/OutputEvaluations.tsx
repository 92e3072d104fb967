import { useTranslation } from 'react-i18next';
import type { Evaluation, OutputEvaluation } from '../../../shared/training/protocol';
import { formatDecimal, formatPercent } from '../i18n';
import { ConfusionMatrix } from './EvaluationView';
import { RegressionPlot } from './lazy-charts';
import { imageTriplets, maskLegend, sectionTitles, tokenRows } from './evaluation-views';
import { PixelCanvas } from './PixelCanvas';

function SplitNote({ evaluation }: { evaluation: { split: 'validation' | 'training'; samples: number } }) {
  const { t } = useTranslation();
  return (
    <span className="muted">
      {t('training.eval.onSplit', { split: evaluation.split === 'validation' ? t('training.eval.validationSplit') : t('training.eval.trainingSplit'), samples: String(evaluation.samples) })}
    </span>
  );
}

const PICTURE_PX = 72;

/** Input / target / prediction for a few samples; a mask's target and prediction in class colours over the input. */
export function ImageSamples({ evaluation }: { evaluation: Extract<OutputEvaluation, { kind: 'images' }> }) {
  const { t } = useTranslation();
  const triplets = imageTriplets(evaluation);
  const mask = evaluation.classNames !== undefined;
  const legend = mask ? maskLegend(evaluation) : [];
  const { metrics } = evaluation;
  const figures = mask
    ? [t('training.eval.pixelAccuracy', { value: formatPercent(metrics.pixelAccuracy ?? 0) }), t('training.eval.iou', { value: formatDecimal(metrics.iou ?? 0, 3) })]
    : [
        `MSE ${formatDecimal(metrics.mse ?? 0, 4)}`,
        `MAE ${formatDecimal(metrics.mae ?? 0, 4)}`,
        ...(metrics.psnr !== undefined ? [`PSNR ${formatDecimal(metrics.psnr, 1)} dB`] : []),
      ];
  const hasInput = triplets.some((row) => row.input);
  return (
    <div className="eval-block image-samples" data-testid="image-samples" data-mask={mask ? 'true' : 'false'}>
      <div className="eval-head">
        <b>{mask ? t('training.eval.masks') : t('training.eval.images')}</b>
        <SplitNote evaluation={evaluation} />
        <span className="eval-figures" data-testid="image-metrics">
          {figures.join(' · ')}
        </span>
      </div>
      {mask && (
        <div className="mask-legend" data-testid="mask-legend">
          {legend.map((entry) => (
            <span key={entry.index} className="legend-entry">
              <span className={`swatch${entry.index === 0 ? ' swatch-clear' : ''}`} style={{ background: entry.index === 0 ? undefined : entry.colour }} />
              {entry.name}
            </span>
          ))}
        </div>
      )}
      <div className="triplets">
        <div className="triplet triplet-head">
          {hasInput && <span>{t('training.eval.input')}</span>}
          <span>{t('training.eval.target')}</span>
          <span>{t('training.eval.prediction')}</span>
        </div>
        {triplets.map((row, i) => (
          <div className="triplet" key={i} data-testid="image-triplet">
            {hasInput && (row.input ? <PixelCanvas pixels={row.input} size={PICTURE_PX} label={t('training.eval.inputOf', { n: String(i + 1) })} /> : <span />)}
            <PixelCanvas pixels={row.target} size={PICTURE_PX} label={t('training.eval.targetOf', { n: String(i + 1) })} />
            <PixelCanvas pixels={row.predicted} size={PICTURE_PX} label={t('training.eval.predictionOf', { n: String(i + 1) })} />
          </div>
        ))}
      </div>
    </div>
  );
}

/** A few sequences: what the model read, what it should give, and each predicted token right (green) or wrong (red). */
export function TokenSamples({ evaluation }: { evaluation: Extract<OutputEvaluation, { kind: 'sequences' }> }) {
  const { t } = useTranslation();
  const rows = tokenRows(evaluation);
  return (
    <div className="eval-block token-samples" data-testid="token-samples">
      <div className="eval-head">
        <b>{t('training.eval.sequences')}</b>
        <SplitNote evaluation={evaluation} />
        <span className="eval-figures" data-testid="token-metrics">
          {t('training.eval.tokenAccuracy', { value: formatPercent(evaluation.tokenAccuracy) })} · {t('training.eval.sequenceAccuracy', { value: formatPercent(evaluation.sequenceAccuracy) })}
        </span>
      </div>
      <table className="token-table">
        <thead>
          <tr>
            {rows.some((r) => r.input !== null) && <th>{t('training.eval.input')}</th>}
            <th>{t('training.eval.target')}</th>
            <th>{t('training.eval.prediction')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i} data-testid="token-row" data-all-right={row.allRight ? 'true' : 'false'}>
              {rows.some((r) => r.input !== null) && <td className="tokens">{row.input ?? ''}</td>}
              <td className="tokens">{row.target}</td>
              <td className="tokens">
                {row.predicted.map((cell, k) => (
                  <span
                    key={k}
                    className={`token ${cell.right ? 'right' : 'wrong'}`}
                    title={cell.right ? t('training.eval.tokenRight') : t('training.eval.tokenWrong', { expected: cell.expected })}
                    data-testid={cell.right ? 'token-right' : 'token-wrong'}
                  >
                    {cell.text}
                  </span>
                ))}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function OutputSection({ evaluation }: { evaluation: OutputEvaluation }) {
  switch (evaluation.kind) {
    case 'classification':
      return <ConfusionMatrix evaluation={evaluation} />;
    case 'regression':
      return <RegressionPlot evaluation={evaluation} />;
    case 'images':
      return <ImageSamples evaluation={evaluation} />;
    case 'sequences':
      return <TokenSamples evaluation={evaluation} />;
  }
}

/** Every output's evaluation; with several outputs, each under its output's name. */
export function OutputEvaluations({ evaluation }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  return (
    <>
      {sectionTitles(evaluation).map((section, i) =>
        section.output === null ? (
          <OutputSection key={i} evaluation={section.evaluation} />
        ) : (
          <div key={i} className="output-section" data-testid="output-section" data-output={section.output}>
            <div className="output-title">{t('training.eval.output', { name: section.output })}</div>
            <OutputSection evaluation={section.evaluation} />
          </div>
        ),
      )}
    </>
  );
}
