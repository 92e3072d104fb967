import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { analysisOf } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { problemText } from '../i18n/problem-text';
import { Icon } from '../shell/icons';
import { canTrain, trainBlockers, type TrainBlockers } from './run-commands';
import { runCommands } from './run';
import { formatFigure, ganLossesText, metricShortName, panelTitle, runHeadline } from './run-figures';
import { isActive, useThrottledVersion, useTraining, type RunPhase } from './training-store';

/** Why Train cannot start, from the document on screen: no dataset, or its problems. */
export function useTrainBlockers(): TrainBlockers {
  const doc = useEditor(selectDocument);
  return useMemo(() => trainBlockers(doc, analysisOf(doc)), [doc]);
}

/** The Train button's tooltip: what it does, or what keeps it disabled (each problem, in the interface language). */
export function trainButtonHint(t: TFunction, blockers: TrainBlockers): string {
  if (blockers.noDataset) return t('training.noDatasetHint');
  if (blockers.problems.length > 0)
    return [t('training.blockedByProblems', { count: blockers.problems.length }), ...blockers.problems.slice(0, 6).map((p) => `• ${problemText(t, p)}`)].join('\n');
  return t('training.trainHint');
}

const PHASE_KEYS: Record<RunPhase, string> = {
  idle: 'training.phase.idle',
  starting: 'training.phase.starting',
  running: 'training.phase.running',
  paused: 'training.phase.paused',
  stopping: 'training.phase.stopping',
  completed: 'training.phase.completed',
  stopped: 'training.phase.stopped',
  'early-stopped': 'training.phase.earlyStopped',
  failed: 'training.phase.failed',
};

/** The fraction of the planned steps done, 1 once the run completed. */
export function runFraction(s: { phase: RunPhase; plan: { epochs: number; batchesPerEpoch: number } | null; lastBatch: { epoch: number; batch: number } | null }): number {
  if (s.phase === 'completed') return 1;
  if (!s.plan || !s.lastBatch) return 0;
  const total = s.plan.epochs * s.plan.batchesPerEpoch;
  return total ? Math.min(1, ((s.lastBatch.epoch - 1) * s.plan.batchesPerEpoch + s.lastBatch.batch) / total) : 0;
}

/** The run's state, a small bar and the epoch, in the top bar: seen while editing, a click opens the training view. */
function RunStatus() {
  const { t } = useTranslation();
  useTraining((s) => s.phase);
  useThrottledVersion(500);
  const s = useTraining.getState();
  if (s.phase === 'idle') return null;
  const fraction = runFraction(s);
  // Once the run is over: how it did (its accuracy, else its first output's main figure, else its loss).
  const headline = isActive(s.phase) ? null : runHeadline(s.finalMetrics);
  // Accuracy alone reads as a percentage; other figures say what they are. The tooltip names the output and the figure in full.
  // A GAN has two losses and no one figure: both players' ("D 1.32 · G 0.71").
  const ganLosses = isActive(s.phase) ? null : ganLossesText(t, s.finalMetrics);
  const headlineText = ganLosses ?? (headline && (headline.metric === 'acc' ? formatFigure('acc', headline.value) : `${metricShortName(t, headline.metric)} ${formatFigure(headline.metric, headline.value)}`));
  return (
    <button className="run-status" onClick={() => useTraining.getState().setOpen(true)} title={t('topbar.training')} data-testid="run-status" data-phase={s.phase}>
      <span className={`phase-pill ${s.phase}`}>{t(PHASE_KEYS[s.phase])}</span>
      <span className="run-status-track" aria-hidden>
        <span className={`progress-fill ${s.phase}`} style={{ transform: `scaleX(${fraction})` }} />
      </span>
      <span className="run-status-text" data-testid="run-status-text">
        {s.plan && s.lastBatch ? t('training.progress.epochShort', { epoch: String(s.lastBatch.epoch), epochs: String(s.plan.epochs) }) : ''}
      </span>
      {headlineText && (
        <span className="run-status-text" data-testid="run-status-figure" data-key={ganLosses ? 'd_loss' : headline?.key} title={ganLosses ? t('training.ganRun.lossTitle') : headline ? panelTitle(t, headline) : undefined}>
          {headlineText}
        </span>
      )}
    </button>
  );
}

/**
 * Train / Stop, always in the top bar (ComfyUI's Run, Playground's Play), with the run's
 * state beside it. Train is disabled while the graph has problems, and says which.
 */
export function RunButton() {
  const { t } = useTranslation();
  const phase = useTraining((s) => s.phase);
  const blockers = useTrainBlockers();
  const active = isActive(phase);
  const blocked = !canTrain(blockers);
  return (
    <div className="run-button">
      <RunStatus />
      {active ? (
        <button className="btn danger" onClick={() => void runCommands.stop()} disabled={!(phase === 'running' || phase === 'paused')} data-testid="topbar-stop">
          <Icon name="stop" />
          {t('training.stop')}
        </button>
      ) : (
        blocked && (
          <span className="run-blocked" title={trainButtonHint(t, blockers)} data-testid="train-blocked">
            {blockers.noDataset ? t('training.noDatasetShort') : t('training.blockedShort', { count: blockers.problems.length })}
          </span>
        )
      )}
      {!active && (
        <button className="btn primary" onClick={() => void runCommands.start()} disabled={blocked} title={trainButtonHint(t, blockers)} data-testid="topbar-train" data-blocked={blocked}>
          <Icon name="play" />
          {t('training.train')}
        </button>
      )}
    </div>
  );
}
