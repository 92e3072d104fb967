import { memo, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { epochSeries, metricSeries } from './chart-data';
import { ChartFrame, COLORS, formatValue, MAX_POINTS, REFRESH_MS, stepTooltip, stepXAxis, tickFormat } from './TrainingCharts';
import { useThrottledVersion, useTraining } from './training-store';
import { FAKE_COLOUR, REAL_COLOUR, divergenceSeries, isProbabilitySeries } from './gan-views';

const DISCRIMINATOR_COLOUR = COLORS.main;
const GENERATOR_COLOUR = COLORS.other;

/**
 * A GAN run's curves: the two players' losses on one chart, what D says of real and of
 * generated samples, and (2-D samples) how far the generated cloud is from the real one.
 * A GAN reports `d_loss`, `g_loss`, `d_real`, `d_fake`; nothing here reads `loss` or `acc`.
 */
export const GanCharts = memo(function GanCharts() {
  const { t } = useTranslation();
  const version = useThrottledVersion(REFRESH_MS);
  const plan = useTraining((s) => s.plan);
  const { batchPoints, epochPoints, pointsOfPreviousRun } = useTraining.getState();
  const perEpoch = plan?.batchesPerEpoch ?? 1;
  const epochDots = (plan?.epochs ?? 0) <= 30 ? { r: 2 } : false;

  // `version` stands for the arrays, which grow in place.
  const series = useMemo(() => {
    const batches = (key: string) => metricSeries(batchPoints, key, MAX_POINTS);
    const epochs = (key: string) => epochSeries(epochPoints, perEpoch, key);
    return {
      dLoss: batches('d_loss'),
      gLoss: batches('g_loss'),
      dLossEpoch: epochs('d_loss'),
      gLossEpoch: epochs('g_loss'),
      dReal: batches('d_real'),
      dFake: batches('d_fake'),
      dRealEpoch: epochs('d_real'),
      dFakeEpoch: epochs('d_fake'),
      divergence: divergenceSeries(epochPoints),
    };
  }, [version, batchPoints, epochPoints, perEpoch]);
  // A non-saturating GAN's d_real / d_fake are probabilities; least squares and hinge report raw scores.
  const ganLoss = useTraining((s) => s.runDocument?.training.gan?.loss);
  const probabilities = ganLoss ? ganLoss === 'non-saturating' : isProbabilitySeries([...series.dReal, ...series.dFake, ...series.dRealEpoch, ...series.dFakeEpoch]);

  const tooltip = stepTooltip(t, perEpoch);
  const xAxis = stepXAxis(batchPoints.at(-1)?.step ?? 0, t('training.ganRun.iterationAxis'));
  const legend = <Legend wrapperStyle={{ fontSize: 11 }} iconSize={10} />;
  const empty = <div className="chart-empty">{t('training.chart.empty')}</div>;

  return (
    <div className="charts gan-charts" data-previous-run={pointsOfPreviousRun} data-testid="gan-charts">
      {pointsOfPreviousRun && <p className="muted charts-previous">{t('training.chart.previousRun')}</p>}
      <ChartFrame title={t('training.ganRun.lossTitle')} testId="chart-gan-loss" points={batchPoints.length}>
        {series.dLoss.length + series.gLoss.length + series.dLossEpoch.length === 0 ? (
          empty
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              {xAxis}
              <YAxis domain={['auto', 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={48} stroke="var(--text-3)" />
              {tooltip}
              {legend}
              <Line data={series.dLoss} dataKey="value" name={t('training.ganRun.dLoss')} stroke={DISCRIMINATOR_COLOUR} strokeOpacity={0.55} dot={false} isAnimationActive={false} strokeWidth={1} />
              <Line data={series.gLoss} dataKey="value" name={t('training.ganRun.gLoss')} stroke={GENERATOR_COLOUR} strokeOpacity={0.55} dot={false} isAnimationActive={false} strokeWidth={1} />
              <Line data={series.dLossEpoch} dataKey="value" name={t('training.ganRun.dLossEpoch')} stroke={DISCRIMINATOR_COLOUR} dot={epochDots} isAnimationActive={false} strokeWidth={2} />
              <Line data={series.gLossEpoch} dataKey="value" name={t('training.ganRun.gLossEpoch')} stroke={GENERATOR_COLOUR} dot={epochDots} isAnimationActive={false} strokeWidth={2} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </ChartFrame>
      <div className="chart-row">
        <ChartFrame title={probabilities ? t('training.ganRun.outputsTitle') : t('training.ganRun.scoresTitle')} testId="chart-gan-discriminator" points={series.dReal.length}>
          {series.dReal.length + series.dRealEpoch.length === 0 ? (
            empty
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                {xAxis}
                <YAxis domain={probabilities ? [0, 1] : ['auto', 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={48} stroke="var(--text-3)" />
                {tooltip}
                {legend}
                <Line data={series.dReal} dataKey="value" name={t('training.ganRun.dReal')} stroke={REAL_COLOUR} strokeOpacity={0.55} dot={false} isAnimationActive={false} strokeWidth={1} />
                <Line data={series.dFake} dataKey="value" name={t('training.ganRun.dFake')} stroke={FAKE_COLOUR} strokeOpacity={0.55} dot={false} isAnimationActive={false} strokeWidth={1} />
                <Line data={series.dRealEpoch} dataKey="value" legendType="none" name={t('training.ganRun.dRealEpoch')} stroke={REAL_COLOUR} dot={epochDots} isAnimationActive={false} strokeWidth={2} />
                <Line data={series.dFakeEpoch} dataKey="value" legendType="none" name={t('training.ganRun.dFakeEpoch')} stroke={FAKE_COLOUR} dot={epochDots} isAnimationActive={false} strokeWidth={2} />
              </LineChart>
            </ResponsiveContainer>
          )}
        </ChartFrame>
        {series.divergence.length > 0 && (
          <ChartFrame title={t('training.ganRun.divergenceTitle')} testId="chart-gan-divergence" points={series.divergence.length}>
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={series.divergence} margin={{ top: 6, right: 4, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis
                  dataKey="epoch"
                  type="number"
                  domain={[0, 'dataMax']}
                  allowDecimals={false}
                  tick={{ fontSize: 10 }}
                  stroke="var(--text-3)"
                  height={32}
                  label={{ value: t('training.ganRun.epochAxis'), position: 'insideBottomRight', offset: 0, fontSize: 10, fill: 'var(--text-3)' }}
                />
                {/* JS lies in [0, ln 2]; KL is unbounded, on its own axis. */}
                <YAxis yAxisId="js" domain={[0, 0.7]} ticks={[0, 0.2, 0.4, 0.6]} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={36} stroke="var(--text-3)" />
                <YAxis yAxisId="kl" orientation="right" domain={[0, 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={40} stroke="var(--text-3)" />
                <Tooltip formatter={formatValue} labelFormatter={(epoch) => t('training.ganRun.epochLabel', { epoch: String(epoch) })} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }} />
                {legend}
                <Line yAxisId="js" dataKey="js" name={t('training.ganRun.js')} stroke={COLORS.main} dot={epochDots} isAnimationActive={false} strokeWidth={2} connectNulls />
                <Line yAxisId="kl" dataKey="kl" name={t('training.ganRun.kl')} stroke={COLORS.val} strokeDasharray="5 3" dot={epochDots} isAnimationActive={false} strokeWidth={1.5} connectNulls />
              </LineChart>
            </ResponsiveContainer>
          </ChartFrame>
        )}
      </div>
    </div>
  );
});
