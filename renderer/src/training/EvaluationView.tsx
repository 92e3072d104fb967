import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation, ModelInputInfo } from '../../../shared/training/protocol';
import { getHost } from '../host/client';
import { formatPercent } from '../i18n';
import { DrawPad, DRAW_PAD_PX } from './DrawPad';
import { cssColour, predictionPixels } from './evaluation-views';
import { PixelCanvas } from './PixelCanvas';
import { gridToInput } from './draw-grid';
import { createTryIt, featureLabels, tryItMode, visibleClassName } from './try-it';

const pct = (v: number | null) => (v === null ? '—' : formatPercent(v));

export function ConfusionMatrix({ evaluation }: { evaluation: Extract<Evaluation, { kind: 'classification' }> }) {
  const { t } = useTranslation();
  const max = Math.max(1, ...evaluation.confusionMatrix.flat());
  return (
    <div className="eval-block" data-testid="confusion-matrix">
      <div className="eval-head">
        <b>{t('training.eval.confusion')}</b>
        <span className="muted">
          {t('training.eval.onSplit', { split: evaluation.split === 'validation' ? t('training.eval.validationSplit') : t('training.eval.trainingSplit'), samples: String(evaluation.samples) })}
        </span>
        <span className="eval-accuracy" data-testid="eval-accuracy">
          {t('training.eval.accuracy', { value: pct(evaluation.accuracy) })}
        </span>
      </div>
      <div className="matrix-scroll">
        <table className="matrix">
          <thead>
            <tr>
              <th className="corner">{t('training.eval.actualPredicted')}</th>
              {evaluation.classNames.map((name, i) => (
                <th key={i}>{visibleClassName(name)}</th>
              ))}
              <th className="num">{t('training.eval.precision')}</th>
              <th className="num">{t('training.eval.recall')}</th>
              <th className="num">{t('training.eval.support')}</th>
            </tr>
          </thead>
          <tbody>
            {evaluation.confusionMatrix.map((row, actual) => {
              const per = evaluation.perClass[actual];
              return (
                <tr key={actual}>
                  <th>{visibleClassName(evaluation.classNames[actual] ?? '')}</th>
                  {row.map((count, predicted) => (
                    <td
                      key={predicted}
                      className={`cell${actual === predicted ? ' diagonal' : ''}`}
                      style={{ ['--strength' as string]: String(count / max) }}
                      title={t('training.eval.cellHint', { count: String(count), actual: visibleClassName(evaluation.classNames[actual] ?? ''), predicted: visibleClassName(evaluation.classNames[predicted] ?? '') })}
                    >
                      {count}
                    </td>
                  ))}
                  <td className="num">{pct(per?.precision ?? null)}</td>
                  <td className="num">{pct(per?.recall ?? null)}</td>
                  <td className="num">{per?.support ?? 0}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </div>
  );
}

/**
 * Runs the trained model on an input the person gives: numbers typed one per feature (or as
 * one list for wide inputs), a text for a text classifier, or, for a model that reads
 * pictures, a drawing.
 */
export function TryIt({ runId, input, datasetKind, maskClasses = null }: { runId: string; input: ModelInputInfo; datasetKind: string | null; maskClasses?: string[] | null }) {
  const { t } = useTranslation();
  const [useTryIt] = useState(() => createTryIt(getHost(), runId, input));
  const { result, error, busy, predictNumbers, predictText } = useTryIt();
  const mode = tryItMode(input, datasetKind);
  const labels = featureLabels(input);
  const [values, setValues] = useState<string[]>(() => labels.map(() => '0'));
  const [list, setList] = useState(() => labels.map(() => '0').join(', '));
  const [text, setText] = useState('');
  const run = () => void (mode === 'text' ? predictText(text) : predictNumbers(mode === 'list' ? list : values));

  const image = input.image;
  const best = result?.classes?.[0];
  const outputs = result?.outputs[0] ?? [];
  const className = (index: number, fallback: string) => visibleClassName(input.classNames[index] ?? fallback);
  // An image-to-image model answers with a picture (or a mask, in the evaluation's class colours).
  const outputPicture = result ? predictionPixels(result, maskClasses) : null;
  return (
    <div className="eval-block try-it" data-testid="try-it" data-mode={mode}>
      <div className="eval-head">
        <b>{t('training.tryIt.title')}</b>
        <span className="muted">{mode === 'draw' ? t('training.tryIt.drawHint') : mode === 'text' ? t('training.tryIt.textHint') : t('training.tryIt.hint')}</span>
      </div>
      {mode === 'draw' && image ? (
        <div className="try-draw-row">
          <DrawPad height={image.height} width={image.width} onStrokeEnd={(grid) => void predictNumbers(gridToInput(grid, image.channels))} />
          {outputPicture && (
            <div className="try-output" data-testid="try-it-output">
              <span className="muted">{maskClasses ? t('training.tryIt.outputMask') : t('training.tryIt.outputImage')}</span>
              <PixelCanvas pixels={outputPicture} size={DRAW_PAD_PX} label={maskClasses ? t('training.tryIt.outputMask') : t('training.tryIt.outputImage')} testId="try-it-output-image" />
              {maskClasses && (
                <div className="mask-legend">
                  {maskClasses.map((name, k) => (
                    <span key={k} className="legend-entry">
                      <span className="swatch" style={{ background: cssColour(k) }} />
                      {visibleClassName(name)}
                    </span>
                  ))}
                </div>
              )}
            </div>
          )}
        </div>
      ) : mode === 'text' ? (
        <textarea className="input" rows={2} value={text} onChange={(e) => setText(e.target.value)} placeholder={t('training.tryIt.textPlaceholder')} aria-label={t('training.tryIt.text')} data-testid="try-it-text" />
      ) : mode === 'list' ? (
        <textarea className="input" rows={3} value={list} onChange={(e) => setList(e.target.value)} aria-label={t('training.tryIt.values')} data-testid="try-it-values" />
      ) : (
        <div className="try-fields">
          {labels.map((name, i) => (
            <label key={name} className="field">
              <span className="field-label">{name}</span>
              <input
                className="input"
                inputMode="decimal"
                value={values[i]}
                onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
                onKeyDown={(e) => e.key === 'Enter' && run()}
                data-testid={`try-it-${i}`}
              />
            </label>
          ))}
        </div>
      )}
      <div className="field-row">
        {mode !== 'draw' && (
          <button className="btn primary" onClick={run} disabled={busy || (mode === 'text' && text.trim() === '')} data-testid="try-it-run">
            {t('training.tryIt.predict')}
          </button>
        )}
        {result && !outputPicture && (
          <span className="prediction" data-testid="try-it-result">
            {best
              ? t('training.tryIt.classResult', { name: className(best.index, best.name), probability: pct(best.probability) })
              : t('training.tryIt.valueResult', { value: outputs.map((v) => v.toFixed(4)).join(', ') })}
          </span>
        )}
      </div>
      {result?.classes && outputs.length > 1 && (
        <div className="prob-bars" data-testid="try-it-probabilities">
          {outputs.map((p, i) => (
            <div key={i} className="prob-bar">
              <span>{className(i, String(i))}</span>
              <div className="bar">
                <div style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
              </div>
              <span className="num">{pct(p)}</span>
            </div>
          ))}
        </div>
      )}
      {error && <div className="field-error">{error.kind === 'needNumbers' ? t('training.tryIt.needNumbers', { count: String(error.count) }) : error.message}</div>}
    </div>
  );
}
