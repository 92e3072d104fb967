import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Evaluation, ModelInputInfo } from '../../../shared/training/protocol';
import type { Prediction } from '../../../shared/host-api';
import { getHost } from '../host/client';
import { formatPercent } from '../i18n';
import { DrawPad } from './DrawPad';
import { gridToInput } from './draw-grid';
import { hostErrorMessage } from '../i18n/said-text';

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
              {evaluation.classNames.map((name) => (
                <th key={name}>{name}</th>
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
                  <th>{evaluation.classNames[actual]}</th>
                  {row.map((count, predicted) => (
                    <td
                      key={predicted}
                      className={`cell${actual === predicted ? ' diagonal' : ''}`}
                      style={{ ['--strength' as string]: String(count / max) }}
                      title={t('training.eval.cellHint', { count: String(count), actual: evaluation.classNames[actual] ?? '', predicted: evaluation.classNames[predicted] ?? '' })}
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
 * one list for wide inputs), or, for a model that reads pictures, a drawing.
 */
export function TryIt({ runId, input }: { runId: string; input: ModelInputInfo }) {
  const { t } = useTranslation();
  const many = input.featureNames.length > 12;
  const [values, setValues] = useState<string[]>(() => input.featureNames.map(() => '0'));
  const [text, setText] = useState(() => input.featureNames.map(() => '0').join(', '));
  const [result, setResult] = useState<Prediction | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const image = input.image;
  const run = async (drawn?: number[]) => {
    const raw = drawn ?? (many ? text.split(/[\s,;]+/).filter(Boolean) : values);
    const numbers = raw.map(Number);
    if (numbers.length !== input.featureNames.length || numbers.some((n) => !Number.isFinite(n))) {
      setError(t('training.tryIt.needNumbers', { count: String(input.featureNames.length) }));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      setResult(await getHost().predict({ runId, inputs: [numbers] }));
    } catch (err) {
      setResult(null);
      setError(hostErrorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const best = result?.classes?.[0];
  const outputs = result?.outputs[0] ?? [];
  return (
    <div className="eval-block try-it" data-testid="try-it">
      <div className="eval-head">
        <b>{t('training.tryIt.title')}</b>
        <span className="muted">{image ? t('training.tryIt.drawHint') : t('training.tryIt.hint')}</span>
      </div>
      {image ? (
        <DrawPad height={image.height} width={image.width} onStrokeEnd={(grid) => void run(gridToInput(grid, image.channels))} />
      ) : many ? (
        <textarea className="input" rows={3} value={text} onChange={(e) => setText(e.target.value)} aria-label={t('training.tryIt.values')} data-testid="try-it-values" />
      ) : (
        <div className="try-fields">
          {input.featureNames.map((name, i) => (
            <label key={name} className="field">
              <span className="field-label">{name}</span>
              <input
                className="input"
                inputMode="decimal"
                value={values[i]}
                onChange={(e) => setValues(values.map((v, j) => (j === i ? e.target.value : v)))}
                onKeyDown={(e) => e.key === 'Enter' && void run()}
                data-testid={`try-it-${i}`}
              />
            </label>
          ))}
        </div>
      )}
      <div className="field-row">
        {!image && (
          <button className="btn primary" onClick={() => void run()} disabled={busy} data-testid="try-it-run">
            {t('training.tryIt.predict')}
          </button>
        )}
        {result && (
          <span className="prediction" data-testid="try-it-result">
            {best
              ? t('training.tryIt.classResult', { name: input.classNames[best.index] ?? best.name, probability: pct(best.probability) })
              : t('training.tryIt.valueResult', { value: outputs.map((v) => v.toFixed(4)).join(', ') })}
          </span>
        )}
      </div>
      {result?.classes && outputs.length > 1 && (
        <div className="prob-bars">
          {outputs.map((p, i) => (
            <div key={i} className="prob-bar">
              <span>{input.classNames[i] ?? String(i)}</span>
              <div className="bar">
                <div style={{ width: `${Math.max(0, Math.min(1, p)) * 100}%` }} />
              </div>
              <span className="num">{pct(p)}</span>
            </div>
          ))}
        </div>
      )}
      {error && <div className="field-error">{error}</div>}
    </div>
  );
}
