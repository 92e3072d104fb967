import { memo, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { RunRecord, RunSummary } from '../../../shared/training/run-record';
import { getHost } from '../host/client';
import { selectIsDirty, useEditor } from '../store/editor-store';
import { i18n } from '../i18n';
import { runLoss, runResult } from './run-figures';
import { useTraining } from './training-store';
import { formatDuration } from './format-duration';
import { hostErrorMessage } from '../i18n/said-text';

const RUN_COLORS = ['var(--accent)', '#d9822b'];

function statusLabel(t: (key: string) => string, status: RunSummary['status']): string {
  const labels: Record<RunSummary['status'], string> = {
    running: t('training.phase.running'),
    paused: t('training.phase.paused'),
    completed: t('training.phase.completed'),
    stopped: t('training.phase.stopped'),
    'early-stopped': t('training.phase.earlyStopped'),
    failed: t('training.phase.failed'),
  };
  return labels[status];
}

/** The runs of this project: compare two runs' loss curves, put a run's weights back into the project. */
export const RunsList = memo(function RunsList() {
  const { t } = useTranslation();
  const filePath = useEditor((s) => s.filePath);
  const changed = useTraining((s) => s.runsChanged);
  const [runs, setRuns] = useState<RunSummary[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [compare, setCompare] = useState<string[]>([]);
  const [records, setRecords] = useState<Record<string, RunRecord>>({});
  const [restored, setRestored] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    getHost()
      .listRuns(filePath ? { projectPath: filePath } : undefined)
      .then((list) => current && (setRuns(list), setError(null)))
      .catch((err: unknown) => current && setError(hostErrorMessage(err)));
    return () => {
      current = false;
    };
  }, [filePath, changed]);

  useEffect(() => {
    for (const id of compare)
      if (!records[id])
        void getHost()
          .getRun({ runId: id, ...(filePath ? { projectPath: filePath } : {}) })
          .then((record) => setRecords((r) => ({ ...r, [id]: record })))
          .catch((err: unknown) => setError(hostErrorMessage(err)));
  }, [compare, records, filePath]);

  const toggle = (id: string) => setCompare((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id].slice(-2)));

  const restore = async (run: RunSummary) => {
    if (!filePath) return;
    try {
      const wasClean = !selectIsDirty(useEditor.getState());
      const result = await getHost().restoreRunWeights({ runId: run.id, projectPath: filePath });
      const weights = result.document.weights;
      const store = useEditor.getState();
      store.edit((doc) => ({ ...doc, ...(weights ? { weights } : {}) }));
      if (wasClean) store.markSaved(useEditor.getState().history.present, result.path);
      setRestored(run.id);
      setError(null);
    } catch (err) {
      setError(hostErrorMessage(err));
    }
  };

  const dateFormat = new Intl.DateTimeFormat(i18n.language, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
  const chosen = compare.map((id) => records[id]).filter((r): r is RunRecord => Boolean(r));

  return (
    <section className="runs" data-testid="runs-list">
      <div className="section-title">{t('training.runs.title')}</div>
      {!filePath && <p className="field-hint">{t('training.runs.unsaved')}</p>}
      {error && <div className="field-error">{error}</div>}
      {runs.length === 0 ? (
        <p className="muted">{t('training.runs.none')}</p>
      ) : (
        <table className="summary-table runs-table">
          <thead>
            <tr>
              <th>{t('training.runs.compare')}</th>
              <th>{t('training.runs.started')}</th>
              <th>{t('training.runs.status')}</th>
              <th className="num">{t('training.runs.epochs')}</th>
              <th className="num">{t('training.runs.loss')}</th>
              <th className="num" title={t('training.runs.resultHint')}>
                {t('training.runs.result')}
              </th>
              <th>{t('training.runs.backend')}</th>
              <th className="num">{t('training.runs.duration')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => {
              const result = runResult(t, run.finalMetrics);
              return (
                <tr key={run.id} data-testid="run-row" data-run-id={run.id}>
                  <td>
                    <input type="checkbox" checked={compare.includes(run.id)} onChange={() => toggle(run.id)} aria-label={t('training.runs.compare')} />
                  </td>
                  <td>{dateFormat.format(new Date(run.startedAt))}</td>
                  <td>{statusLabel(t, run.status)}</td>
                  <td className="num">{run.epochs}</td>
                  <td className="num">{runLoss(run.finalMetrics)}</td>
                  <td className="num" title={result.title ?? undefined} data-testid="run-result">
                    {result.text}
                  </td>
                  <td>{run.backend}</td>
                  <td className="num">{formatDuration(run.durationMs)}</td>
                  <td>
                    <button
                      className="btn small"
                      disabled={!filePath || !run.hasWeights}
                      title={!filePath ? t('training.runs.saveFirst') : !run.hasWeights ? t('training.runs.noWeights') : t('training.runs.restoreHint')}
                      onClick={() => void restore(run)}
                      data-testid="restore-weights"
                    >
                      {restored === run.id ? t('training.runs.restored') : t('training.runs.restore')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {chosen.length > 0 && (
        <figure className="chart" data-testid="chart-compare" data-runs={chosen.length}>
          <figcaption>
            <span>{t('training.runs.overlay')}</span>
          </figcaption>
          <div className="chart-body">
            <ResponsiveContainer width="100%" height="100%">
              <LineChart margin={{ top: 6, right: 12, bottom: 0, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis dataKey="epoch" type="number" domain={['dataMin', 'dataMax']} allowDuplicatedCategory={false} tick={{ fontSize: 10 }} stroke="var(--text-3)" />
                <YAxis domain={['auto', 'auto']} tick={{ fontSize: 10 }} width={48} stroke="var(--text-3)" />
                <Tooltip contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }} />
                <Legend wrapperStyle={{ fontSize: 11 }} iconSize={10} />
                {chosen.flatMap((record, i) => {
                  const when = dateFormat.format(new Date(record.startedAt));
                  const points = record.epochPoints.map((p) => ({ epoch: p.epoch, loss: p.logs.loss, val: p.logs.val_loss }));
                  return [
                    <Line key={`${record.id}-loss`} data={points} dataKey="loss" name={t('training.runs.lossOf', { run: when })} stroke={RUN_COLORS[i]} dot={false} isAnimationActive={false} strokeWidth={1.8} />,
                    <Line key={`${record.id}-val`} data={points} dataKey="val" name={t('training.runs.valLossOf', { run: when })} stroke={RUN_COLORS[i]} strokeDasharray="5 3" dot={false} isAnimationActive={false} strokeWidth={1.4} />,
                  ];
                })}
              </LineChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
    </section>
  );
});
