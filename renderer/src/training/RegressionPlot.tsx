import { useTranslation } from 'react-i18next';
import { CartesianGrid, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis, ReferenceLine } from 'recharts';
import type { Evaluation } from '../../../shared/training/protocol';
import { formatDecimal, formatNumber } from '../i18n';

/** An axis tick in three significant figures: the domain's ends are the data's, not round numbers. */
const tick = (value: number) => formatNumber(Number(value.toPrecision(3)));

/** A regression's predictions against the true values, with the diagonal where they would agree. */
export function RegressionPlot({ evaluation }: { evaluation: Extract<Evaluation, { kind: 'regression' }> }) {
  const { t } = useTranslation();
  const values = evaluation.points.flatMap((p) => [p.actual, p.predicted]);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return (
    <div className="eval-block" data-testid="regression-plot">
      <div className="eval-head">
        <b>{t('training.eval.predictedVsActual')}</b>
        <span className="muted">
          MAE {formatDecimal(evaluation.mae, 4)} · RMSE {formatDecimal(evaluation.rmse, 4)} · R² {evaluation.r2 === null ? '—' : formatDecimal(evaluation.r2, 3)}
        </span>
      </div>
      <div className="scatter">
        <ResponsiveContainer width="100%" height="100%">
          <ScatterChart margin={{ top: 6, right: 12, bottom: 14, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="actual" type="number" name={t('training.eval.actual')} domain={[lo, hi]} tick={{ fontSize: 10 }} tickFormatter={tick} label={{ value: t('training.eval.actual'), position: 'insideBottom', offset: -8, fontSize: 11 }} />
            <YAxis dataKey="predicted" type="number" name={t('training.eval.predicted')} domain={[lo, hi]} tick={{ fontSize: 10 }} tickFormatter={tick} width={48} />
            <ReferenceLine segment={[{ x: lo, y: lo }, { x: hi, y: hi }]} stroke="var(--text-3)" strokeDasharray="4 3" />
            <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }} />
            <Scatter data={evaluation.points} fill="var(--accent)" isAnimationActive={false} />
          </ScatterChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
