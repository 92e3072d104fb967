import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import { formatShape } from '../../../shared/layers/shape-utils';
import { formatNumber } from '../i18n';
import { problemText } from '../i18n/problem-text';
import { analysisOf } from '../store/catalog';
import { selectDocument, useEditor } from '../store/editor-store';
import { Icon } from '../shell/icons';

/** Keras's model.summary(), live: one row per layer in the order the model runs them. */
export function SummaryPanel() {
  const { t } = useTranslation();
  const doc = useEditor(selectDocument);
  const selected = useEditor((s) => s.selection.nodes);
  const flow = useReactFlow();
  const analysis = analysisOf(doc);
  const byId = new Map(doc.nodes.map((n) => [n.id, n]));
  // Layers that could be ordered first, then any left on a cycle, so every layer has a row.
  const ordered = [...analysis.order, ...doc.nodes.map((n) => n.id).filter((id) => !analysis.order.includes(id))];
  const graphProblems = analysis.problems.filter((p) => p.nodeId === '');
  const problemCount = analysis.problems.length;

  const selectRow = (id: string) => {
    useEditor.getState().select({ nodes: [id], edges: [] });
    const node = flow.getNode(id);
    if (node) void flow.fitView({ nodes: [node], duration: 250, maxZoom: 1.2, padding: 0.8 });
  };

  return (
    <section className="panel summary" aria-label={t('summary.title')} data-testid="summary">
      <div className="summary-header">
        <div className="panel-title">{t('summary.title')}</div>
        <div className="summary-totals">
          <span data-testid="summary-total">{t('summary.total', { value: formatNumber(analysis.totals.total) })}</span>
          <span data-testid="summary-trainable">{t('summary.trainable', { value: formatNumber(analysis.totals.trainable) })}</span>
          <span data-testid="summary-non-trainable">{t('summary.nonTrainable', { value: formatNumber(analysis.totals.nonTrainable) })}</span>
        </div>
        <div className={`summary-status ${problemCount ? 'bad' : 'ok'}`} data-testid="summary-status">
          <Icon name={problemCount ? 'alert' : 'check'} width={14} height={14} />
          {problemCount ? t('summary.problems', { count: problemCount }) : t('summary.noProblems')}
        </div>
      </div>
      <div className="summary-scroll">
        {doc.nodes.length === 0 ? (
          <p className="inspector-empty">{t('summary.empty')}</p>
        ) : (
          <table className="summary-table">
            <thead>
              <tr>
                <th>{t('summary.layer')}</th>
                <th>{t('summary.kind')}</th>
                <th>{t('summary.outputShape')}</th>
                <th className="num">{t('summary.params')}</th>
                <th>{t('summary.connectedTo')}</th>
              </tr>
            </thead>
            <tbody>
              {graphProblems.map((p, i) => (
                <tr key={i} className="problem-row">
                  <td>{t('summary.graphProblem')}</td>
                  <td colSpan={4}>{problemText(t, p)}</td>
                </tr>
              ))}
              {ordered.map((id) => {
                const node = byId.get(id)!;
                const a = analysis.nodes.get(id);
                const inputs = doc.edges.filter((e) => e.target === id).map((e) => byId.get(e.source)?.name ?? e.source);
                return (
                  <tr key={id} className={selected.includes(id) ? 'selected' : ''} onClick={() => selectRow(id)} data-testid="summary-row" data-node-id={id}>
                    <td>{node.name}</td>
                    <td>{t(`layers.${node.type}.label`, { defaultValue: node.type })}</td>
                    <td className="mono" data-testid="summary-shape">
                      {a ? a.outputShapes.map(formatShape).join(' ') : '—'}
                    </td>
                    <td className="num" data-testid="summary-params">
                      {a ? formatNumber(a.paramCount.trainable + a.paramCount.nonTrainable) : '—'}
                    </td>
                    <td className="muted connected" title={inputs.join(', ')}>
                      {inputs.join(', ')}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
