import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../i18n';
import { problemText } from '../i18n/problem-text';
import type { GraphInputRole } from '../../../shared/layers/graph/roles';
import type { LayerFlowNode, PortView } from './flow-elements';

/** What a graph Input takes, as its badge reads (keys spelled out so the locale check sees them). */
const GRAPH_ROLE_KEYS: Record<GraphInputRole, string> = {
  nodeFeatures: 'node.graphRole.nodeFeatures',
  edgeIndex: 'node.graphRole.edgeIndex',
  edgeFeatures: 'node.graphRole.edgeFeatures',
  graphIds: 'node.graphRole.graphIds',
};

function portTop(index: number, count: number): string {
  return `${((index + 1) / (count + 1)) * 100}%`;
}

function Ports({ ports, type }: { ports: PortView[]; type: 'source' | 'target' }) {
  const side = type === 'target' ? Position.Left : Position.Right;
  return (
    <>
      {ports.map((port, i) => (
        <Handle
          key={port.name}
          id={port.name}
          type={type}
          position={side}
          className={`layer-handle${port.many ? ' many' : ''}`}
          style={{ top: portTop(i, ports.length) }}
          data-testid={`${type === 'target' ? 'input' : 'output'}-port`}
          data-port={port.name}
          title={port.name}
        >
          {ports.length > 1 && (
            <span className="port-label" style={type === 'target' ? { left: 12, top: -4 } : { right: 12, top: -4 }}>
              {port.name}
            </span>
          )}
        </Handle>
      ))}
    </>
  );
}

function LayerNodeView({ data }: NodeProps<LayerFlowNode>) {
  const { t } = useTranslation();
  const hasProblem = data.problems.length > 0;
  const kindLabel = t(`layers.${data.type}.label`, { defaultValue: data.type });
  return (
    <div
      className={`layer-node${hasProblem ? ' has-problem' : ''}`}
      style={{ ['--family-color' as string]: `var(--family-${data.family})` }}
      data-testid="layer-node"
      data-layer-type={data.type}
      data-layer-name={data.name}
    >
      <Ports ports={data.inputs} type="target" />
      <div className="layer-node-header">
        <span className="layer-node-name" title={data.name}>
          {data.name}
        </span>
        <span className="layer-node-kind">{kindLabel}</span>
      </div>
      {data.graphRole && (
        <div className="layer-node-graph-role" data-testid="graph-role" data-graph-role={data.graphRole}>
          {t(GRAPH_ROLE_KEYS[data.graphRole])}
        </div>
      )}
      {data.label && <div className="layer-node-label">{data.label}</div>}
      {data.keyParams.length > 0 && (
        <div className="layer-node-params">
          {data.keyParams.map((p) => (
            <span key={p.name}>
              <b>{p.name}</b> {p.value}
            </span>
          ))}
        </div>
      )}
      <div className="layer-node-footer">
        <span className={`node-shape${data.shapes.length ? '' : ' unknown'}`} data-testid="node-shape" title={data.shapes.join(' ')}>
          {data.shapes.length ? data.shapes.join(' ') : t('node.noShape')}
        </span>
        {data.paramCount !== null && data.paramCount > 0 && (
          <span className="node-params" data-testid="node-param-count">
            {t('node.paramsCompact', { value: formatNumber(data.paramCount) })}
          </span>
        )}
      </div>
      {hasProblem && (
        <div className="node-problem" data-testid="node-problem" aria-label={data.problems.map((p) => problemText(t, p)).join('\n')}>
          !
          <div className="node-problem-tip" role="tooltip">
            {data.problems.map((p, i) => (
              <div key={i}>{problemText(t, p)}</div>
            ))}
          </div>
        </div>
      )}
      <Ports ports={data.outputs} type="source" />
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
