import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { NodeEmbeddings } from '../../../../shared/data/graph-embeddings';
import { getHost } from '../../host/client';
import { pointsByClass } from './embedding-points';
import './embeddings.css';
import { hostErrorMessage } from '../../i18n/said-text';

/** One colour per class, readable on light and dark themes; classes beyond the list reuse it. */
const CLASS_COLOURS = ['#4e79a7', '#f28e2b', '#59a14f', '#e15759', '#b07aa1', '#76b7b2', '#edc948', '#ff9da7', '#9c755f', '#bab0ac', '#17becf', '#8c564b'];

/**
 * After a graph run: the learned node (or graph) embeddings of a chosen layer, projected to
 * 2-D by PCA on the host and coloured by class. Communities a GNN has learned to tell apart
 * show as separate clouds; test nodes are drawn hollow so a person can see where the
 * held-out ones land.
 */
export function EmbeddingsView({ runId }: { runId: string }) {
  const { t } = useTranslation();
  const [layer, setLayer] = useState<string | undefined>(undefined);
  const [embeddings, setEmbeddings] = useState<NodeEmbeddings | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let current = true;
    setError(null);
    getHost()
      .nodeEmbeddings({ runId, ...(layer ? { layer } : {}) })
      .then((result) => current && setEmbeddings(result))
      .catch((err: unknown) => current && setError(hostErrorMessage(err)));
    return () => {
      current = false;
    };
  }, [runId, layer]);

  const groups = embeddings ? pointsByClass(embeddings) : [];
  return (
    <div className="eval-block embeddings" data-testid="embeddings-view">
      <div className="eval-head">
        <b>{t('training.embeddings.title')}</b>
        {embeddings && (
          <span className="muted">
            {t(embeddings.rows === 'graphs' ? 'training.embeddings.graphRows' : 'training.embeddings.nodeRows', {
              count: String(embeddings.points.length),
              dimensions: String(embeddings.dimensions),
            })}
          </span>
        )}
      </div>
      {embeddings && (
        <label className="embeddings-layer">
          {t('training.embeddings.layer')}
          <select value={embeddings.layer} onChange={(e) => setLayer(e.target.value)} data-testid="embeddings-layer">
            {embeddings.layers.map((name) => (
              <option key={name} value={name}>
                {name}
              </option>
            ))}
          </select>
        </label>
      )}
      {error && <div className="field-error">{error}</div>}
      {!embeddings && !error && <p className="muted">{t('training.embeddings.loading')}</p>}
      {embeddings && (
        <>
          <div className="scatter embeddings-plot">
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 6, right: 12, bottom: 4, left: 0 }}>
                <CartesianGrid stroke="var(--border)" strokeDasharray="3 3" />
                <XAxis dataKey="x" type="number" name="PC1" tick={{ fontSize: 10 }} />
                <YAxis dataKey="y" type="number" name="PC2" tick={{ fontSize: 10 }} width={40} />
                <Tooltip
                  contentStyle={{ background: 'var(--surface)', border: '1px solid var(--border)', borderRadius: 6, fontSize: 12 }}
                  formatter={(value) => (typeof value === 'number' ? value.toFixed(3) : String(value))}
                />
                <Legend wrapperStyle={{ fontSize: 11 }} />
                {groups.map((group) => (
                  <Scatter
                    key={group.label}
                    name={group.className}
                    data={group.points}
                    fill={CLASS_COLOURS[group.label % CLASS_COLOURS.length]}
                    shape={(props: { cx?: number; cy?: number; payload?: { split?: string } }) => {
                      const colour = CLASS_COLOURS[group.label % CLASS_COLOURS.length];
                      return <circle cx={props.cx} cy={props.cy} r={3} fill={props.payload?.split === 'test' ? 'none' : colour} stroke={colour} strokeWidth={1.2} />;
                    }}
                    isAnimationActive={false}
                  />
                ))}
              </ScatterChart>
            </ResponsiveContainer>
          </div>
          <p className="field-hint">
            {t('training.embeddings.explained', {
              pc1: (embeddings.explained[0] * 100).toFixed(0),
              pc2: (embeddings.explained[1] * 100).toFixed(0),
            })}
          </p>
        </>
      )}
    </div>
  );
}
