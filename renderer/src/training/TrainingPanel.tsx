import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { getHost } from '../host/client';
import { catalog } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { useExportDialog } from '../project/export-dialog-store';
import { useFileDialog } from '../project/file-dialog-store';
import { Icon } from '../shell/icons';
import { formatNumber } from '../i18n';
import { problemText } from '../i18n/problem-text';
import { saidText } from '../i18n/said-text';
import { stepsTaken } from '../../../shared/graph/training-config';
import type { GanPlayer } from '../../../shared/training/protocol';
import { deviceChoiceText } from './device-text';
import { DatasetForm, DerivedFigures, TrainingForm } from './ConfigForm';
import { BindingsForm } from './BindingsForm';
import { GanForm, GanOffer } from './GanForm';
import { TryIt } from './EvaluationView';
import { OutputEvaluations } from './OutputEvaluations';
import { maskClassesOf } from './evaluation-views';
import { AttentionView } from './attention/AttentionView';
import { sequenceTaskLengths } from '../../../shared/data/sequence-tasks';
import { formatDuration } from './format-duration';
import { EmbeddingsView, GanCharts, GanViews, RunsList, TrainingCharts } from './lazy-charts';
import { metricsCsv } from './chart-data';
import { elapsedAt, isActive, useThrottledVersion, useTraining, type RunPhase } from './training-store';
import { canTrain } from './run-commands';
import { runCommands } from './run';
import { trainButtonHint, useTrainBlockers } from './RunButton';
import './training.css';

let listening = false;
/** Every page hears every run's events; the store keeps those of the run this page follows. */
function listenToTraining() {
  if (listening) return;
  listening = true;
  getHost().on('trainingEvent', ({ runId, event }) => useTraining.getState().receive(runId, event));
  getHost().onDisconnect(() => {
    const s = useTraining.getState();
    if (isActive(s.phase)) useTraining.setState({ phase: 'failed', error: i18nLost(), runningSince: null });
  });
  void followRunUnderWay();
}

/** A page opened (or reloaded) while a run trains picks it up: the panel opens on its curves so far and follows it live. */
async function followRunUnderWay() {
  const store = useTraining.getState();
  if (store.phase !== 'idle') return;
  store.beginAttach();
  try {
    const active = await getHost().activeTraining();
    if (!active) return useTraining.getState().cancelAttach();
    const record = await getHost().getRun({ runId: active.id, ...(active.projectPath ? { projectPath: active.projectPath } : {}) });
    useTraining.getState().attach(record);
  } catch {
    // Nothing to follow (the run ended meanwhile, or the host went away: onDisconnect says so).
    useTraining.getState().cancelAttach();
  }
}
let i18nLost = () => 'lost the connection to the host';

function phaseLabel(t: TFunction, phase: RunPhase): string {
  const labels: Record<RunPhase, string> = {
    idle: t('training.phase.idle'),
    starting: t('training.phase.starting'),
    running: t('training.phase.running'),
    paused: t('training.phase.paused'),
    stopping: t('training.phase.stopping'),
    completed: t('training.phase.completed'),
    stopped: t('training.phase.stopped'),
    'early-stopped': t('training.phase.earlyStopped'),
    failed: t('training.phase.failed'),
  };
  return labels[phase];
}

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

/** The key that steps a paused run (a debugger's "step over"). */
export const STEP_KEY = 'F10';

/** What the run in hand steps: its document's (the editor's while attaching to a run whose document is not known). */
function useStepKind(): 'gan' | 'batch' | 'none' {
  const runTraining = useTraining((s) => s.runDocument?.training);
  const editorTraining = useEditor((s) => selectDocument(s).training);
  const training = runTraining ?? editorTraining;
  if (training.engine === 'pytorch') return 'none';
  return training.gan ? 'gan' : 'batch';
}

/**
 * While paused: one batch and pause again; a GAN offers GAN Lab's three (one D step, one G
 * step, one of each). A press waits for its step, so steps never pile up.
 */
function StepButtons() {
  const { t } = useTranslation();
  const kind = useStepKind();
  const [stepping, setStepping] = useState(false);
  const step = (player?: GanPlayer) => {
    setStepping(true);
    void runCommands.step(player).finally(() => setStepping(false));
  };
  if (kind === 'none')
    return (
      <button className="btn" disabled title={t('training.stepNotOnPytorch')} data-testid="step-button">
        <Icon name="step" />
        {t('training.step')}
      </button>
    );
  if (kind === 'batch')
    return (
      <button className="btn" onClick={() => step()} disabled={stepping} title={t('training.stepHint', { key: STEP_KEY })} data-testid="step-button">
        <Icon name="step" />
        {t('training.step')}
      </button>
    );
  return (
    <span className="step-buttons" role="group" aria-label={t('training.stepGroup')}>
      <button className="btn" onClick={() => step('discriminator')} disabled={stepping} title={t('training.stepDiscriminatorHint')} data-testid="step-discriminator-button">
        {t('training.stepDiscriminator')}
      </button>
      <button className="btn" onClick={() => step('generator')} disabled={stepping} title={t('training.stepGeneratorHint')} data-testid="step-generator-button">
        {t('training.stepGenerator')}
      </button>
      <button className="btn" onClick={() => step()} disabled={stepping} title={t('training.stepBothHint', { key: STEP_KEY })} data-testid="step-button">
        <Icon name="step" />
        {t('training.stepBoth')}
      </button>
    </span>
  );
}

function Controls() {
  const { t } = useTranslation();
  const phase = useTraining((s) => s.phase);
  const runId = useTraining((s) => s.runId);
  const blockers = useTrainBlockers();
  const active = isActive(phase);
  return (
    <div className="train-controls">
      <button className="btn primary" onClick={() => void runCommands.start()} disabled={active || !canTrain(blockers)} title={trainButtonHint(t, blockers)} data-testid="train-button">
        <Icon name="play" />
        {t('training.train')}
      </button>
      {phase === 'paused' ? (
        <button className="btn" onClick={() => void runCommands.pauseOrResume('resume')} data-testid="resume-button">
          <Icon name="play" />
          {t('training.resume')}
        </button>
      ) : (
        <button className="btn" onClick={() => void runCommands.pauseOrResume('pause')} disabled={phase !== 'running'} data-testid="pause-button">
          <Icon name="pause" />
          {t('training.pause')}
        </button>
      )}
      {phase === 'paused' && <StepButtons />}
      <button className="btn danger" onClick={() => void runCommands.stop()} disabled={!runId || !(phase === 'running' || phase === 'paused')} data-testid="stop-button">
        <Icon name="stop" />
        {t('training.stop')}
      </button>
    </div>
  );
}

/** Text and bar follow the run four times a second; the phase changes at once. */
const PROGRESS_REFRESH_MS = 250;

function Progress() {
  const { t } = useTranslation();
  useTraining((state) => state.phase);
  useThrottledVersion(PROGRESS_REFRESH_MS);
  const s = useTraining.getState();
  const now = useNow(s.phase === 'running');
  const elapsed = elapsedAt(s, now);
  const plan = s.plan;
  const last = s.lastBatch;
  const total = plan ? stepsTaken(plan.epochs, plan.batchesPerEpoch, plan.batchesPerEpoch) : 0;
  const done = plan && last ? stepsTaken(last.epoch, last.batch, plan.batchesPerEpoch) : 0;
  const finished = s.phase === 'completed';
  const fraction = total ? (finished ? 1 : Math.min(1, done / total)) : 0;
  const eta = done > 0 && isActive(s.phase) ? (elapsed / done) * (total - done) : null;
  return (
    <div className="train-progress" data-testid="progress" data-phase={s.phase} data-epoch={last?.epoch ?? 0} data-step={plan && last ? stepsTaken(last.epoch, last.batch, plan.batchesPerEpoch) : 0} data-fraction={fraction.toFixed(4)}>
      <div className="progress-top">
        <span className={`phase-pill ${s.phase}`} data-testid="run-phase">
          {phaseLabel(t, s.phase)}
        </span>
        {plan && last ? (
          <>
            <span>{t('training.progress.epoch', { epoch: String(last.epoch), epochs: String(plan.epochs) })}</span>
            <span>{t('training.progress.batch', { batch: String(last.batch), batches: String(plan.batchesPerEpoch) })}</span>
          </>
        ) : (
          <span className="muted">{s.phase === 'idle' ? t('training.progress.notStarted') : isActive(s.phase) ? t('training.progress.waiting') : t('training.progress.notRun')}</span>
        )}
        <span className="spacer" />
        <span>{t('training.progress.elapsed', { time: formatDuration(elapsed) })}</span>
        <span>{t('training.progress.eta', { time: eta === null ? '—' : formatDuration(eta) })}</span>
        <span>{t('training.progress.speed', { value: last ? formatNumber(Math.round(last.samplesPerSecond)) : '—' })}</span>
        <span>{t('training.progress.backend', { backend: s.backend || '—' })}</span>
      </div>
      <DeviceLine />
      <div className="progress-track" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(fraction * 100)}>
        <div className={`progress-fill ${s.phase}`} style={{ transform: `scaleX(${fraction})` }} />
      </div>
    </div>
  );
}

/** Where the run trains and why: the host's choice between the CPU worker and a GPU worker. */
function DeviceLine() {
  const { t } = useTranslation();
  const choice = useTraining((s) => s.device);
  if (!choice) return null;
  return (
    <p className="device-choice" data-testid="device-choice" data-device={choice.device} data-reason={choice.reason} title={choice.gpu?.adapter}>
      {t('training.device.label')}: {deviceChoiceText(t, choice)}
    </p>
  );
}

function ErrorBox() {
  const { t } = useTranslation();
  const error = useTraining((s) => s.error);
  const said = useTraining((s) => s.errorSaid);
  const problems = useTraining((s) => s.errorProblems);
  const points = useTraining((s) => s.batchPoints.length);
  if (!error) return null;
  return (
    <div className="train-error" role="alert" data-testid="training-error">
      <Icon name="alert" />
      <div>
        <b>{t('training.errorTitle')}</b>
        {problems?.length ? (
          <div data-testid="training-error-detail">
            {problems.map((p, i) => (
              <p key={i}>{p.nodeId ? `${p.nodeId}: ${problemText(t, p)}` : problemText(t, p)}</p>
            ))}
          </div>
        ) : (
          <p data-testid="training-error-detail">{said ? saidText(t, said) : error}</p>
        )}
        {points > 0 && <p className="muted">{t('training.errorKept')}</p>}
      </div>
      <button className="btn ghost icon" onClick={() => useTraining.setState({ error: undefined, errorSaid: null, errorProblems: null })} aria-label={t('training.dismiss')} title={t('training.dismiss')}>
        <Icon name="close" />
      </button>
    </div>
  );
}

function Results() {
  const { t } = useTranslation();
  const evaluation = useTraining((s) => s.evaluation);
  const input = useTraining((s) => s.input);
  const runId = useTraining((s) => s.runId);
  const phase = useTraining((s) => s.phase);
  const ended = phase === 'completed' || phase === 'stopped' || phase === 'early-stopped';
  // A graph model takes a whole graph, not a row of features: it shows its learned embeddings instead of try-it.
  const graphRun = useEditor((s) => selectDocument(s).dataset?.kind === 'graph');
  const textDataset = useEditor((s) => {
    const dataset = selectDocument(s).dataset;
    return dataset?.kind === 'text' ? dataset : null;
  });
  const hasAttention = useEditor((s) => selectDocument(s).nodes.some((n) => catalog.kind(n.type)?.hasAttentionMaps));
  // An encoder–decoder on a sequence task shows its attention for a source a person types.
  const sourceLength = useEditor((s) => {
    const dataset = selectDocument(s).dataset;
    return dataset?.kind === 'sequence-task' ? sequenceTaskLengths(dataset).source : null;
  });

  if (!evaluation && !ended) return null;
  return (
    <section className="results">
      <div className="section-head">
        <div className="section-title">{t('training.eval.title')}</div>
        <button className="btn" onClick={() => runId && useExportDialog.getState().open({ kind: 'run', runId })} disabled={!ended || !runId} data-testid="export-model">
          <Icon name="save" />
          {t('training.exportModel')}
        </button>
      </div>
      <div className="results-grid">
        {evaluation && <OutputEvaluations evaluation={evaluation} />}
        {/* A text classifier is tried with a text; a next-token model writes text in the attention view instead. */}
        {runId && input && !graphRun && textDataset?.task !== 'next-token' && <TryIt key={runId} runId={runId} input={input} datasetKind={textDataset ? 'text' : null} maskClasses={maskClassesOf(evaluation)} />}
        {runId && ended && graphRun && <EmbeddingsView key={runId} runId={runId} />}
        {runId && ended && textDataset && (hasAttention || textDataset.task === 'next-token') && (
          <AttentionView key={runId} runId={runId} hasAttention={hasAttention} canGenerate={textDataset.task === 'next-token'} />
        )}
        {runId && ended && sourceLength !== null && hasAttention && <AttentionView key={runId} runId={runId} hasAttention canGenerate={false} sourceLength={sourceLength} />}
      </div>
    </section>
  );
}

function CsvLink() {
  const { t } = useTranslation();
  const name = useEditor((s) => selectDocument(s).name);
  const empty = useTraining((s) => s.batchPoints.length === 0 && s.epochPoints.length === 0);
  const download = () => {
    const { batchPoints, epochPoints } = useTraining.getState();
    const url = URL.createObjectURL(new Blob([metricsCsv(batchPoints, epochPoints)], { type: 'text/csv' }));
    const a = document.createElement('a');
    a.href = url;
    a.download = `${name.replace(/[^\w.-]+/g, '-') || 'run'}-metrics.csv`;
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <button className="btn" onClick={download} disabled={empty} data-testid="export-csv">
      <Icon name="file" />
      {t('training.exportCsv')}
    </button>
  );
}

/**
 * A GAN's curves and views (the run's, or before it reports, the document's kind), else the
 * loss and metric charts every other run has.
 */
function RunCharts() {
  const runIsGan = useTraining((s) => (s.plan ? s.plan.adversarial === true : s.gan !== null));
  const waiting = useTraining((s) => s.plan === null && s.gan === null);
  const documentIsGan = useEditor((s) => selectDocument(s).training.gan !== undefined);
  if (!(runIsGan || (waiting && documentIsGan))) return <TrainingCharts />;
  // The samples and the plane first: what a student watches a GAN for.
  return (
    <>
      <GanViews />
      <GanCharts />
    </>
  );
}

/** The training view of issue 4: data and settings on the left; progress, charts, results and runs on the right. */
export function TrainingPanel() {
  const { t } = useTranslation();
  const open = useTraining((s) => s.open);
  const phase = useTraining((s) => s.phase);
  const plan = useTraining((s) => s.plan);
  const isGan = useEditor((s) => selectDocument(s).training.gan !== undefined);
  i18nLost = () => t('training.connectionLost');

  useEffect(() => listenToTraining(), []);
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if ((e.ctrlKey || e.metaKey) && !e.shiftKey && !e.altKey && e.key.toLowerCase() === 't') {
        e.preventDefault();
        useTraining.getState().toggle();
      } else if (e.key === STEP_KEY && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey && useTraining.getState().phase === 'paused') {
        e.preventDefault();
        const { runDocument } = useTraining.getState();
        if (runDocument?.training.engine !== 'pytorch') void runCommands.step();
      } else if (e.key === 'Escape' && useTraining.getState().open && !useFileDialog.getState().request && !useExportDialog.getState().source) useTraining.getState().setOpen(false);
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);

  if (!open) return null;
  const locked = isActive(phase);
  return (
    <section className="training-panel" aria-label={t('training.title')} data-testid="training-panel">
      <header className="training-header">
        <h2>{t('training.title')}</h2>
        <Controls />
        <span className="spacer" />
        <CsvLink />
        <button className="btn ghost icon" onClick={() => useTraining.getState().setOpen(false)} title={t('training.close')} aria-label={t('training.close')} data-testid="close-training">
          <Icon name="close" />
        </button>
      </header>
      <Progress />
      <div className="training-body">
        <aside className="training-config">
          <div className="section-title">{t('training.datasetTitle')}</div>
          <DatasetForm disabled={locked} />
          {isGan ? (
            <>
              <div className="section-title">{t('training.ganSettings.title')}</div>
              <GanForm disabled={locked} />
            </>
          ) : (
            <>
              <div className="section-title">{t('training.bindings.title')}</div>
              <GanOffer disabled={locked} />
              <BindingsForm disabled={locked} />
            </>
          )}
          <div className="section-title">{t('training.settingsTitle')}</div>
          {locked && <p className="field-hint">{t('training.lockedHint')}</p>}
          <TrainingForm disabled={locked} />
          <div className="section-title">{t('training.figuresTitle')}</div>
          <DerivedFigures plan={plan} />
        </aside>
        <div className="training-main">
          <ErrorBox />
          <RunCharts />
          <Results />
          <RunsList />
        </div>
      </div>
    </section>
  );
}
