import { memo, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { formatDecimal, formatNumber } from '../i18n';
import { epochSeries, isFraction, learningRateSeries, lossSeries, metricPanels, metricSeries, stepAxis, type MetricPanel } from './chart-data';
import { panelTitle } from './run-figures';
import { useThrottledVersion, useTraining } from './training-store';

/** Points drawn per series: enough for the eye, few enough for 60 fps. */
export const MAX_POINTS = 300;
/** Charts follow the store at most this often, however fast events come. */
/**
 * Charts redraw once a second during a run. A recharts redraw of the three charts costs tens
 * of milliseconds of the page's main thread (measured with bench:streaming-ui); at the 20
 * batch events a second the worker may send, redrawing on each would take a core away from
 * training on a two-core machine.
 */
export const REFRESH_MS = 1000;

export const COLORS = { raw: 'var(--chart-raw)', main: 'var(--accent)', epoch: 'var(--ok)', val: 'var(--warning)', other: '#b0589c', other2: '#1d9bb0' };


export const formatValue = (v: unknown) => (typeof v === 'number' ? (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e4 ? formatDecimal(v, 4) : v.toExponential(3)) : String(v));
export const tickFormat = (v: number) => (v === 0 ? '0' : Math.abs(v) >= 1e-4 && Math.abs(v) < 1e5 ? String(Number(v.toPrecision(3))) : v.toExponential(1));

export function ChartFrame({ title, testId, points, children, tools }: { title: string; testId: string; points: number; children: React.ReactNode; tools?: React.ReactNode }) {
  return (
    <figure className="chart" data-testid={testId} data-points={points}>
      <figcaption>
        <span>{title}</span>
        {tools}
      </figcaption>
      <div className="chart-body">{children}</div>
    </figure>
  );
}

/** Memoized: the panel re-renders on every phase change; the charts only when their data does. */
/** The tooltip of a chart over optimizer steps: the step and the epoch it falls in. */
export function stepTooltip(t: TFunction, perEpoch: number) {
  return <Tooltip formatter={formatValue} labelFormatter={(step) => t('training.chart.stepLabel', { step: String(step), epoch: String(Math.ceil(Number(step) / perEpoch)) })} contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }} />;
}

/** The x axis of a chart over optimizer steps up to `lastStep`, labelled `label`. */
export function stepXAxis(lastStep: number, label: string) {
  const axis = stepAxis(lastStep);
  return (
    <XAxis
      dataKey="step"
      type="number"
      domain={axis.domain}
      ticks={axis.ticks}
      allowDuplicatedCategory={false}
      tick={{ fontSize: 10 }}
      tickFormatter={(v: number) => formatNumber(v)}
      stroke="var(--text-3)"
      height={32}
      label={{ value: label, position: 'insideBottomRight', offset: 0, fontSize: 10, fill: 'var(--text-3)' }}
    />
  );
}

export const TrainingCharts = memo(function TrainingCharts() {
  const { t } = useTranslation();
  const version = useThrottledVersion(REFRESH_MS);
  const plan = useTraining((s) => s.plan);
  const [smoothing, setSmoothing] = useState(0.6);
  const [logScale, setLogScale] = useState(false);
  const { batchPoints, epochPoints, pointsOfPreviousRun } = useTraining.getState();
  const perEpoch = plan?.batchesPerEpoch ?? 1;
  const epochDots = (plan?.epochs ?? 0) <= 30 ? { r: 2 } : false;

  // `version` stands for the arrays, which grow in place.
  const loss = useMemo(() => lossSeries(batchPoints, smoothing, MAX_POINTS), [version, smoothing, batchPoints]);
  const epochLoss = useMemo(() => epochSeries(epochPoints, perEpoch, 'loss'), [version, perEpoch, epochPoints]);
  const valLoss = useMemo(() => epochSeries(epochPoints, perEpoch, 'val_loss'), [version, perEpoch, epochPoints]);
  const lr = useMemo(() => learningRateSeries(batchPoints, MAX_POINTS), [version, batchPoints]);
  // What the run reports (several outputs: each one's loss and metrics), whatever the settings say now.
  const panels = useMemo(() => metricPanels(batchPoints, epochPoints), [version, batchPoints, epochPoints]);
  const severalOutputs = panels.some((p) => p.output !== null);
  const positive = <T extends Record<K, number>, K extends string>(points: T[], key: K) => (logScale ? points.filter((p) => p[key] > 0) : points);
  const yScale = logScale ? ('log' as const) : ('auto' as const);
  const tooltip = stepTooltip(t, perEpoch);
  const xAxis = stepXAxis(batchPoints.at(-1)?.step ?? 0, t('training.chart.stepAxis'));

  return (
    <div className="charts" data-previous-run={pointsOfPreviousRun}>
      {pointsOfPreviousRun && <p className="muted charts-previous">{t('training.chart.previousRun')}</p>}
      <ChartFrame
        title={severalOutputs ? t('training.chart.totalLoss') : t('training.chart.loss')}
        testId="chart-loss"
        points={batchPoints.length}
        tools={
          <span className="chart-tools">
            <label className="slider" title={t('training.chart.smoothingHint')}>
              {t('training.chart.smoothing')}
              <input type="range" min={0} max={0.99} step={0.01} value={smoothing} onChange={(e) => setSmoothing(Number(e.target.value))} data-testid="smoothing" />
              <output>{smoothing.toFixed(2)}</output>
            </label>
            <label className="checkbox">
              <input type="checkbox" checked={logScale} onChange={(e) => setLogScale(e.target.checked)} data-testid="log-scale" />
              {t('training.chart.logScale')}
            </label>
          </span>
        }
      >
        {batchPoints.length === 0 ? (
          <div className="chart-empty">{t('training.chart.empty')}</div>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
              <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
              {xAxis}
              <YAxis scale={yScale} domain={['auto', 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={48} stroke="var(--text-3)" allowDataOverflow />
              {tooltip}
              <Legend wrapperStyle={{ fontSize: 11 }} iconSize={10} />
              <Line data={positive(loss, 'loss')} dataKey="loss" name={t('training.chart.batchLoss')} stroke={COLORS.raw} dot={false} isAnimationActive={false} strokeWidth={1} />
              <Line data={positive(loss, 'smoothed')} dataKey="smoothed" name={t('training.chart.smoothed')} stroke={COLORS.main} dot={false} isAnimationActive={false} strokeWidth={2} />
              <Line data={positive(epochLoss, 'value')} dataKey="value" name={t('training.chart.epochLoss')} stroke={COLORS.epoch} dot={epochDots} isAnimationActive={false} strokeWidth={1.5} />
              <Line data={positive(valLoss, 'value')} dataKey="value" name={t('training.chart.valLoss')} stroke={COLORS.val} strokeDasharray="5 3" dot={epochDots} isAnimationActive={false} strokeWidth={1.5} />
            </LineChart>
          </ResponsiveContainer>
        )}
      </ChartFrame>
      <div className="chart-row">
        {panels.map((panel) => (
          <MetricChart key={panel.key} panel={panel} version={version} perEpoch={perEpoch} epochDots={epochDots} tooltip={tooltip} xAxis={xAxis} />
        ))}
        <ChartFrame title={t('training.chart.learningRate')} testId="chart-learning-rate" points={lr.length}>
          {lr.length === 0 ? (
            <div className="chart-empty">{t('training.chart.empty')}</div>
          ) : (
            <ResponsiveContainer width="100%" height="100%">
              <LineChart data={positive(lr, 'value')} margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                {xAxis}
                <YAxis scale={yScale} domain={logScale ? ['auto', 'auto'] : [0, 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={48} stroke="var(--text-3)" />
                {tooltip}
                <Line dataKey="value" name={t('training.chart.learningRate')} stroke={COLORS.other} dot={false} isAnimationActive={false} strokeWidth={1.5} />
              </LineChart>
            </ResponsiveContainer>
          )}
        </ChartFrame>
      </div>
    </div>
  );
});

/** The testid of a figure's chart; a one-output run's accuracy keeps the name it always had. */
const panelTestId = (panel: MetricPanel) => `chart-metric-${panel.key === 'acc' ? 'accuracy' : panel.key}`;

const MetricChart = memo(function MetricChart({ panel, version, perEpoch, epochDots, tooltip, xAxis }: { panel: MetricPanel; version: number; perEpoch: number; epochDots: { r: number } | false; tooltip: React.ReactNode; xAxis: React.ReactNode }) {
  const { t } = useTranslation();
  const { key } = panel;
  const { batchPoints, epochPoints } = useTraining.getState();
  const batches = useMemo(() => metricSeries(batchPoints, key, MAX_POINTS), [version, key, batchPoints]);
  const train = useMemo(() => epochSeries(epochPoints, perEpoch, key), [version, key, perEpoch, epochPoints]);
  const val = useMemo(() => epochSeries(epochPoints, perEpoch, `val_${key}`), [version, key, perEpoch, epochPoints]);
  const title = panelTitle(t, panel);
  return (
    <ChartFrame title={title} testId={panelTestId(panel)} points={batches.length}>
      {batches.length + train.length === 0 ? (
        <div className="chart-empty">{t('training.chart.empty')}</div>
      ) : (
        <ResponsiveContainer width="100%" height="100%">
          <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
            {xAxis}
            <YAxis domain={isFraction(panel.metric) ? [0, 1] : ['auto', 'auto']} tick={{ fontSize: 10 }} tickFormatter={tickFormat} width={48} stroke="var(--text-3)" />
            {tooltip}
            <Line data={batches} dataKey="value" name={t('training.chart.batch')} stroke={COLORS.main} dot={false} isAnimationActive={false} strokeWidth={1.2} />
            <Line data={train} dataKey="value" name={t('training.chart.epochTrain')} stroke={COLORS.epoch} dot={epochDots} isAnimationActive={false} strokeWidth={1.5} />
            <Line data={val} dataKey="value" name={t('training.chart.validation')} stroke={COLORS.val} strokeDasharray="5 3" dot={epochDots} isAnimationActive={false} strokeWidth={1.5} />
          </LineChart>
        </ResponsiveContainer>
      )}
    </ChartFrame>
  );
});
