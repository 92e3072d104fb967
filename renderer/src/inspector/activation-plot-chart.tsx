import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { activationFunction, plotPoints } from './activation-functions';

/** The function a layer applies and its derivative, the two curves that explain vanishing gradients and dead ReLUs. */
export function ActivationPlot({ name, alpha }: { name: string; alpha?: number }) {
  const { t } = useTranslation();
  const points = useMemo(() => {
    const f = activationFunction(name, alpha);
    return f ? plotPoints(f) : null;
  }, [name, alpha]);
  if (!points) return null;
  const fLabel = t('inspector.plotFunction');
  const dLabel = t('inspector.plotDerivative');
  return (
    <div className="field" data-testid="activation-plot">
      <div className="section-title">{t('inspector.plotTitle', { name })}</div>
      <div className="plot">
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 6, right: 10, bottom: 0, left: -18 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            <XAxis dataKey="x" type="number" domain={[-4, 4]} ticks={[-4, -2, 0, 2, 4]} stroke="var(--text-3)" fontSize={10} />
            <YAxis stroke="var(--text-3)" fontSize={10} domain={['auto', 'auto']} tickFormatter={(v: number) => String(Number(v.toFixed(1)))} />
            <ReferenceLine x={0} stroke="var(--border-strong)" />
            <ReferenceLine y={0} stroke="var(--border-strong)" />
            <Tooltip
              contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 11 }}
              formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))}
              labelFormatter={(x) => `x = ${String(x)}`}
            />
            <Legend wrapperStyle={{ fontSize: 11 }} iconSize={10} />
            <Line type="monotone" dataKey="value" name={fLabel} stroke="var(--accent)" dot={false} strokeWidth={2} isAnimationActive={false} />
            <Line type="monotone" dataKey="slope" name={dLabel} stroke="var(--family-Activation)" dot={false} strokeWidth={1.6} strokeDasharray="5 3" isAnimationActive={false} />
          </LineChart>
        </ResponsiveContainer>
      </div>
      {name === 'softmax' && <div className="plot-note">{t('inspector.plotSoftmax')}</div>}
    </div>
  );
}
