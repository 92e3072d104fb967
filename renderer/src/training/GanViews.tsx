import { memo, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import type { RunGan, RunGanPlane, RunGanSamples } from '../../../shared/training/run-record';
import { formatDecimal, formatNumber } from '../i18n';
import { Icon } from '../shell/icons';
import { PixelCanvas } from './PixelCanvas';
import { useTraining } from './training-store';
import {
  cssHeatColour,
  FAKE_COLOUR,
  gradientArrows,
  gridColumns,
  heatPixels,
  manifoldPath,
  planeProjection,
  REAL_COLOUR,
  SAMPLE_GRID_SIZES,
  sampleLayout,
  sampleHistory,
  samplePictures,
  SAMPLES_SHOWN,
  shownIndex,
  valuesText,
  type Bounds,
  type ScrubState,
} from './gan-views';
import './gan-views.css';

/**
 * Watching a GAN train: the advice when it looks stuck, the generator's samples from its
 * fixed noise per epoch (scrubbable back to the first), and for 2-D samples GAN Lab's plane.
 */
export const GanViews = memo(function GanViews() {
  const gan = useTraining((s) => s.gan);
  const latestEpoch = useTraining((s) => s.epochs);
  return gan ? <GanRunViews gan={gan} latestEpoch={latestEpoch} /> : null;
});

/** The views of one GAN run's record (`latestEpoch`: epochs trained, to tell current advice from past). */
export function GanRunViews({ gan, latestEpoch }: { gan: RunGan; latestEpoch: number }) {
  // The sample followed across the epochs (image GANs): picked in the grid.
  const [followed, setFollowed] = useState(0);
  const pictures = gan.samples.some((s) => s.images?.length);
  return (
    <section className="gan-views" data-testid="gan-views">
      <GanAdvice advice={gan.advice} latestEpoch={latestEpoch} />
      <div className="gan-views-row">
        <GanSampleGrid samples={gan.samples} plane={gan.plane} followed={followed} onFollow={setFollowed} />
        {gan.plane && <GanPlane plane={gan.plane} />}
        {!gan.plane && pictures && <GanSampleHistory samples={gan.samples} index={followed} />}
      </div>
    </section>
  );
}

function adviceTexts(t: TFunction, advice: RunGan['advice'][number]['advice']): { title: string; body: string; fixes: string[] } {
  if (advice === 'discriminator-wins')
    return {
      title: t('training.ganRun.advice.discriminatorWins.title'),
      body: t('training.ganRun.advice.discriminatorWins.body'),
      fixes: [
        t('training.ganRun.advice.discriminatorWins.fixes.learningRate'),
        t('training.ganRun.advice.discriminatorWins.fixes.steps'),
        t('training.ganRun.advice.discriminatorWins.fixes.labelSmoothing'),
        t('training.ganRun.advice.discriminatorWins.fixes.smallerDiscriminator'),
      ],
    };
  return {
    title: t('training.ganRun.advice.modeCollapse.title'),
    body: t('training.ganRun.advice.modeCollapse.body'),
    fixes: [
      t('training.ganRun.advice.modeCollapse.fixes.learningRate'),
      t('training.ganRun.advice.modeCollapse.fixes.loss'),
      t('training.ganRun.advice.modeCollapse.fixes.noise'),
      t('training.ganRun.advice.modeCollapse.fixes.seed'),
    ],
  };
}

/** What the run's advice says, the advice that applies to the latest epoch first. */
function GanAdvice({ advice, latestEpoch }: { advice: RunGan['advice']; latestEpoch: number }) {
  const { t } = useTranslation();
  if (advice.length === 0) return null;
  const ordered = [...advice].sort((a, b) => b.lastEpoch - a.lastEpoch);
  return (
    <>
      {ordered.map((entry) => {
        const texts = adviceTexts(t, entry.advice);
        const current = entry.lastEpoch >= latestEpoch;
        const epochs = entry.firstEpoch === entry.lastEpoch ? t('training.ganRun.advice.atEpoch', { epoch: String(entry.firstEpoch) }) : t('training.ganRun.advice.atEpochs', { first: String(entry.firstEpoch), last: String(entry.lastEpoch) });
        return (
          <div key={entry.advice} className={`gan-advice${current ? '' : ' past'}`} role="status" data-testid="gan-advice" data-advice={entry.advice} data-current={current}>
            <Icon name="alert" />
            <div>
              <b>{texts.title}</b> <span className="muted">{epochs}</span>
              <p>{texts.body}</p>
              <p className="gan-advice-fixes-title">{t('training.ganRun.advice.tryTitle')}</p>
              <ul>
                {texts.fixes.map((fix) => (
                  <li key={fix}>{fix}</li>
                ))}
              </ul>
            </div>
          </div>
        );
      })}
    </>
  );
}

/** The grid's width in CSS pixels, whatever its number of columns. */
const GRID_PX = 232;

/** The generator's samples from the fixed noise, at the latest epoch or one the student scrubs back to. */
function GanSampleGrid({ samples, plane, followed, onFollow }: { samples: RunGanSamples[]; plane: RunGanPlane | null; followed: number; onFollow: (index: number) => void }) {
  const { t } = useTranslation();
  const [scrub, setScrub] = useState<ScrubState>({ follow: true });
  const [count, setCount] = useState<number>(SAMPLES_SHOWN);
  const index = shownIndex(samples, scrub);
  const shown = index >= 0 ? samples[index]! : null;
  const latest = samples.at(-1) ?? null;
  const available = shown ? (shown.images?.length ?? shown.values?.length ?? 0) : 0;
  const visible = Math.min(count, available);
  const layout = shown ? sampleLayout(shown) : 'images';
  const pick = (i: number) => setScrub(i >= samples.length - 1 ? { follow: true } : { follow: false, epoch: samples[i]!.epoch });

  return (
    <div className="eval-block gan-samples">
      <div className="eval-head">
        <b>{t('training.ganRun.samplesTitle')}</b>
        {shown && (
          <span className="muted gan-sample-epoch" data-testid="gan-sample-epoch" title={t('training.ganRun.iterationsDone', { step: formatNumber(shown.step) })}>
            {shown.epoch === 0 ? t('training.ganRun.beforeTraining') : t('training.ganRun.epochOf', { epoch: String(shown.epoch), latest: String(latest!.epoch) })}
          </span>
        )}
      </div>
      {shown === null ? (
        <div className="chart-empty gan-empty">{t('training.ganRun.samplesEmpty')}</div>
      ) : (
        <>
          <div className="gan-scrubber">
            <input
              type="range"
              min={0}
              max={Math.max(0, samples.length - 1)}
              step={1}
              value={index}
              onChange={(e) => pick(Number(e.target.value))}
              disabled={samples.length < 2}
              aria-label={t('training.ganRun.scrubber')}
              title={t('training.ganRun.scrubber')}
              data-testid="gan-sample-slider"
            />
            <button className={`btn small${scrub.follow ? ' active' : ''}`} aria-pressed={scrub.follow} onClick={() => setScrub({ follow: true })} title={t('training.ganRun.followHint')} data-testid="gan-sample-follow">
              {t('training.ganRun.follow')}
            </button>
            {available > SAMPLES_SHOWN && (
              <select className="input small" value={count} onChange={(e) => setCount(Number(e.target.value))} aria-label={t('training.ganRun.gridSize')} title={t('training.ganRun.gridSize')} data-testid="gan-sample-count">
                {SAMPLE_GRID_SIZES.filter((n) => n <= available).map((n) => (
                  <option key={n} value={n}>
                    {t('training.ganRun.gridOf', { side: String(gridColumns(n)) })}
                  </option>
                ))}
              </select>
            )}
          </div>
          <div className="gan-grid-frame" data-testid="gan-sample-grid" data-epoch={shown.epoch} data-step={shown.step} data-layout={layout} data-count={visible} data-follow={scrub.follow}>
            {layout === 'images' && <ImageGrid samples={shown} count={visible} followed={followed} onFollow={onFollow} />}
            {layout === 'points' && <PointSamples samples={shown} count={visible} plane={plane} />}
            {layout === 'values' && <ValueSamples samples={shown} count={visible} />}
          </div>
          <p className="gan-grid-caption muted">{t('training.ganRun.samplesHint')}</p>
        </>
      )}
    </div>
  );
}

function ImageGrid({ samples, count, followed, onFollow }: { samples: RunGanSamples; count: number; followed: number; onFollow: (index: number) => void }) {
  const { t } = useTranslation();
  const pictures = useMemo(() => samplePictures(samples, count), [samples, count]);
  const columns = gridColumns(count);
  const size = Math.max(16, Math.floor((GRID_PX - (columns - 1) * 3) / columns));
  return (
    <div className="gan-grid" style={{ gridTemplateColumns: `repeat(${columns}, ${size}px)` }}>
      {pictures.map((pixels, i) => (
        <button key={i} type="button" className={`gan-sample-pick${i === followed ? ' followed' : ''}`} aria-pressed={i === followed} onClick={() => onFollow(i)} title={t('training.ganRun.followSample')}>
          <PixelCanvas pixels={pixels} size={size} label={t('training.ganRun.sampleOf', { n: String(i + 1) })} testId="gan-sample" />
        </button>
      ))}
    </div>
  );
}

/** Pictures in the history of one sample, at most. */
const HISTORY_PICTURES = 24;
const HISTORY_PX = 44;

/** One sample of the fixed noise at each epoch kept: the same noise, the generator learning. */
function GanSampleHistory({ samples, index }: { samples: RunGanSamples[]; index: number }) {
  const { t } = useTranslation();
  const steps = useMemo(() => sampleHistory(samples, index, HISTORY_PICTURES), [samples, index]);
  return (
    <div className="eval-block gan-history" data-testid="gan-sample-history" data-sample={index + 1} data-count={steps.length}>
      <div className="eval-head">
        <b>{t('training.ganRun.historyTitle', { n: String(index + 1) })}</b>
        <span className="muted">{t('training.ganRun.historyHint')}</span>
      </div>
      <div className="gan-history-strip">
        {steps.map((step) => (
          <figure key={step.epoch} className="gan-history-step">
            <PixelCanvas pixels={step.pixels} size={HISTORY_PX} label={t('training.ganRun.sampleAtEpoch', { n: String(index + 1), epoch: String(step.epoch) })} />
            <figcaption>{step.epoch}</figcaption>
          </figure>
        ))}
      </div>
      <p className="gan-grid-caption muted">{t('training.ganRun.historyAxis')}</p>
    </div>
  );
}

/** 2-D samples from the fixed noise, on the plane's square over faint real points when the run draws one. */
function PointSamples({ samples, count, plane }: { samples: RunGanSamples; count: number; plane: RunGanPlane | null }) {
  const { t } = useTranslation();
  const points = (samples.values ?? []).slice(0, count).map((v) => [v[0] ?? NaN, v[1] ?? NaN] as [number, number]);
  const square = plane?.bounds ?? boundsAround(points);
  const project = planeProjection(square, GRID_PX);
  return (
    <svg className="gan-point-samples" width={GRID_PX} height={GRID_PX} role="img" aria-label={t('training.ganRun.samplesTitle')}>
      <rect width={GRID_PX} height={GRID_PX} className="gan-plane-back" />
      {plane?.real.map((p, i) => {
        const [x, y] = project(p);
        return <circle key={`real-${i}`} cx={x} cy={y} r={1.6} fill={REAL_COLOUR} fillOpacity={0.25} />;
      })}
      {points.map((p, i) => {
        if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
        const [x, y] = project(p);
        return (
          <circle key={i} cx={x} cy={y} r={3.5} fill={FAKE_COLOUR} data-testid="gan-sample">
            <title>{t('training.ganRun.pointOf', { n: String(i + 1), x: formatDecimal(p[0], 3), y: formatDecimal(p[1], 3) })}</title>
          </circle>
        );
      })}
    </svg>
  );
}

function boundsAround(points: [number, number][]): Bounds {
  const finite = points.filter((p) => Number.isFinite(p[0]) && Number.isFinite(p[1]));
  const xs = finite.map((p) => p[0]);
  const ys = finite.map((p) => p[1]);
  const span = (values: number[]) => (values.length ? [Math.min(...values), Math.max(...values)] : [-1, 1]) as [number, number];
  const [xMin, xMax] = span(xs);
  const [yMin, yMax] = span(ys);
  const margin = Math.max(xMax - xMin, yMax - yMin, 1) * 0.1;
  return { xMin: xMin - margin, xMax: xMax + margin, yMin: yMin - margin, yMax: yMax + margin };
}

function ValueSamples({ samples, count }: { samples: RunGanSamples; count: number }) {
  const { t } = useTranslation();
  const rows = (samples.values ?? []).slice(0, count);
  return (
    <table className="gan-value-table">
      <thead>
        <tr>
          <th>#</th>
          <th>{t('training.ganRun.valuesOfShape', { shape: samples.shape.join(' × ') })}</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((values, i) => (
          <tr key={i} data-testid="gan-sample">
            <td>{i + 1}</td>
            <td title={values.map((v) => formatDecimal(v, 4)).join(', ')}>{valuesText(values, (v) => formatDecimal(v, 3))}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

const PLANE_PX = 300;
const LAYERS = ['heat', 'real', 'fake', 'manifold', 'gradients'] as const;
type Layer = (typeof LAYERS)[number];

function layerLabel(t: TFunction, layer: Layer): string {
  const labels: Record<Layer, string> = {
    heat: t('training.ganRun.plane.heat'),
    real: t('training.ganRun.plane.real'),
    fake: t('training.ganRun.plane.fake'),
    manifold: t('training.ganRun.plane.manifold'),
    gradients: t('training.ganRun.plane.gradients'),
  };
  return labels[layer];
}

/** GAN Lab's view of a 2-D GAN: D's heat map under the real and generated points, G's manifold and the gradients on its points. */
function GanPlane({ plane }: { plane: RunGanPlane }) {
  const { t } = useTranslation();
  const [shown, setShown] = useState<Record<Layer, boolean>>({ heat: true, real: true, fake: true, manifold: true, gradients: true });
  const project = useMemo(() => planeProjection(plane.bounds, PLANE_PX), [plane.bounds]);
  const mesh = useMemo(() => manifoldPath(plane.manifold, project), [plane.manifold, project]);
  const arrows = useMemo(() => gradientArrows(plane.fake, plane.gradients, project, plane.bounds, PLANE_PX, PLANE_PX * 0.06), [plane, project]);
  const { xMin, xMax, yMin, yMax } = plane.bounds;
  const range = (a: number, b: number) => `${formatDecimal(a, 2)} … ${formatDecimal(b, 2)}`;
  return (
    <div className="eval-block gan-plane" data-testid="gan-plane" data-epoch={plane.epoch} data-step={plane.step}>
      <div className="eval-head">
        <b>{t('training.ganRun.plane.title')}</b>
        <span className="muted">{plane.epoch === 0 ? t('training.ganRun.beforeTraining') : t('training.ganRun.epochStep', { epoch: String(plane.epoch), step: formatNumber(plane.step) })}</span>
      </div>
      <div className="gan-plane-body">
        <div className="gan-plane-view" style={{ width: PLANE_PX, height: PLANE_PX }}>
          {shown.heat ? <HeatMap heat={plane.heat} /> : <div className="gan-plane-back" />}
          <svg width={PLANE_PX} height={PLANE_PX} role="img" aria-label={t('training.ganRun.plane.title')}>
            <defs>
              <marker id="gan-arrow-head" viewBox="0 0 10 10" refX="8" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                <path d="M0 0L10 5L0 10z" fill="rgba(60, 60, 80, 0.75)" />
              </marker>
            </defs>
            {shown.manifold && mesh && <path d={mesh} className="gan-manifold" data-testid="gan-manifold" />}
            {shown.real && (
              <g data-testid="gan-real-points">
                {plane.real.map((p, i) => {
                  const [x, y] = project(p);
                  return <circle key={i} cx={x} cy={y} r={2.2} fill={REAL_COLOUR} fillOpacity={0.75} />;
                })}
              </g>
            )}
            {shown.fake && (
              <g data-testid="gan-fake-points">
                {plane.fake.map((p, i) => {
                  if (!Number.isFinite(p[0]) || !Number.isFinite(p[1])) return null;
                  const [x, y] = project(p);
                  return <circle key={i} cx={x} cy={y} r={2.2} fill={FAKE_COLOUR} fillOpacity={0.8} />;
                })}
              </g>
            )}
            {shown.gradients && (
              <g className="gan-gradients" data-testid="gan-gradients">
                {arrows.map((a, i) => (
                  <line key={i} x1={a.x1} y1={a.y1} x2={a.x2} y2={a.y2} markerEnd="url(#gan-arrow-head)" />
                ))}
              </g>
            )}
          </svg>
        </div>
        <div className="gan-plane-side">
          <div className="gan-heat-legend" data-testid="gan-heat-legend">
            <span className="gan-heat-legend-title">{t('training.ganRun.plane.heatLegend')}</span>
            <span className="gan-heat-bar" style={{ background: `linear-gradient(to right, ${[0, 0.25, 0.5, 0.75, 1].map(cssHeatColour).join(', ')})` }} />
            <span className="gan-heat-ends">
              <span>0 · {t('training.ganRun.plane.saysFake')}</span>
              <span>1 · {t('training.ganRun.plane.saysReal')}</span>
            </span>
          </div>
          <fieldset className="gan-layers">
            <legend>{t('training.ganRun.plane.layers')}</legend>
            {LAYERS.map((layer) => (
              <label key={layer} className="checkbox">
                <input type="checkbox" checked={shown[layer]} onChange={(e) => setShown({ ...shown, [layer]: e.target.checked })} data-testid={`gan-layer-${layer}`} />
                <LayerSwatch layer={layer} />
                {layerLabel(t, layer)}
              </label>
            ))}
          </fieldset>
          <p className="muted gan-plane-range">
            x {range(xMin, xMax)}
            <br />y {range(yMin, yMax)}
          </p>
        </div>
      </div>
    </div>
  );
}

function LayerSwatch({ layer }: { layer: Layer }) {
  if (layer === 'real' || layer === 'fake') return <span className="gan-swatch dot" style={{ background: layer === 'real' ? REAL_COLOUR : FAKE_COLOUR }} />;
  if (layer === 'heat') return <span className="gan-swatch" style={{ background: `linear-gradient(to right, ${cssHeatColour(0)}, ${cssHeatColour(1)})` }} />;
  return <span className={`gan-swatch line ${layer}`} />;
}

/** D's 30 × 30 probabilities drawn as pixels and smoothed to the view's size, as GAN Lab shows them. */
function HeatMap({ heat }: { heat: number[] }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pixels = useMemo(() => (heat.length ? heatPixels(heat) : null), [heat]);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context || !pixels) return;
    context.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  }, [pixels]);
  if (!pixels) return <div className="gan-plane-back" />;
  return <canvas ref={canvas} className="gan-heatmap" width={pixels.width} height={pixels.height} data-testid="gan-heatmap" />;
}
