import { memo } from 'react';
import { Handle, Position, type NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import { paramLabel } from '../i18n/param-label';
import { problemText } from '../i18n/problem-text';
import type { GraphInputRole } from '../../../shared/layers/graph/roles';
import { faceWords } from './face-words';
import { FAKE_SAMPLES_HANDLE, type LayerFlowNode, type LayerNodeData, type PortView } from './flow-elements';

/** What a graph Input takes, as its badge reads (keys spelled out so the locale check sees them). */
const GRAPH_ROLE_KEYS: Record<GraphInputRole, string> = {
  nodeFeatures: 'node.graphRole.nodeFeatures',
  edgeIndex: 'node.graphRole.edgeIndex',
  edgeFeatures: 'node.graphRole.edgeFeatures',
  graphIds: 'node.graphRole.graphIds',
};

function PortHandle({ port, type, labelled }: { port: PortView; type: 'source' | 'target'; labelled: boolean }) {
  return (
    <Handle
      id={port.name}
      type={type}
      position={type === 'target' ? Position.Left : Position.Right}
      className={`layer-handle${port.many ? ' many' : ''}`}
      data-testid={`${type === 'target' ? 'input' : 'output'}-port`}
      data-port={port.name}
      title={port.name}
    >
      {labelled && <span className={`port-label ${type === 'target' ? 'in' : 'out'}`}>{port.name}</span>}
    </Handle>
  );
}

/**
 * A layer with several inputs or outputs (attention's query / key / value, a graph layer's
 * nodes / edges) gives each port a row of its own, its label beside its handle, so labels
 * never overlap each other or the parameters. A lone port sits at the middle of its side.
 */
function PortRows({ inputs, outputs }: { inputs: PortView[]; outputs: PortView[] }) {
  const rows = Math.max(inputs.length, outputs.length);
  return (
    <div className="layer-node-ports">
      {Array.from({ length: rows }, (_, i) => (
        <div className="layer-node-port-row" key={i}>
          {inputs.length > 1 && inputs[i] && <PortHandle port={inputs[i]} type="target" labelled />}
          {outputs.length > 1 && outputs[i] && <PortHandle port={outputs[i]} type="source" labelled />}
        </div>
      ))}
    </div>
  );
}

/** What a GAN's Input is fed: noise for the generator, real samples (and the generator's) for the discriminator. */
function GanTag({ tag }: { tag: NonNullable<LayerNodeData['ganTag']> }) {
  const { t } = useTranslation();
  if (tag.kind === 'real')
    return (
      <div className="layer-node-gan-tag real" data-testid="gan-tag" data-gan-tag="real">
        {t('canvas.gan.realSamples', { field: tag.field })}
      </div>
    );
  return (
    <div className="layer-node-gan-tag noise" data-testid="gan-tag" data-gan-tag="noise">
      {tag.distribution === 'uniform' ? t('canvas.gan.noiseUniform', { size: tag.size }) : t('canvas.gan.noiseNormal', { size: tag.size })}
    </div>
  );
}

function LayerNodeView({ data }: NodeProps<LayerFlowNode>) {
  const { t } = useTranslation();
  const hasProblem = data.problems.length > 0;
  const words = faceWords(t);
  const kindLabel = words.kindLabel(data.type, data.type);
  return (
    <div
      className={`layer-node${hasProblem ? ' has-problem' : ''}`}
      style={{ ['--family-color' as string]: `var(--family-${data.family})` }}
      data-testid="layer-node"
      data-layer-type={data.type}
      data-layer-name={data.name}
    >
      {data.inputs.length === 1 && <PortHandle port={data.inputs[0]!} type="target" labelled={false} />}
      {data.ganTag?.kind === 'real' && <Handle id={FAKE_SAMPLES_HANDLE} type="target" position={Position.Left} className="gan-fake-handle" isConnectable={false} />}
      <div className="layer-node-header">
        <div className="layer-node-name">{data.name}</div>
        <div className="layer-node-kind">{kindLabel}</div>
      </div>
      {data.graphRole && (
        <div className="layer-node-graph-role" data-testid="graph-role" data-graph-role={data.graphRole}>
          {t(GRAPH_ROLE_KEYS[data.graphRole])}
        </div>
      )}
      {data.ganTag && <GanTag tag={data.ganTag} />}
      {data.label && <div className="layer-node-label">{data.label}</div>}
      {(data.inputs.length > 1 || data.outputs.length > 1) && <PortRows inputs={data.inputs} outputs={data.outputs} />}
      {data.keyParams.length > 0 && (
        <div className="layer-node-params">
          {data.keyParams.map((p) => {
            // The label in the interface language; the Keras identifier on hover, as code names it.
            const { label, identifier } = paramLabel(t, p.name);
            return (
              <div key={p.name} data-param={p.name}>
                <b title={identifier ?? undefined}>{label}</b> {p.value}
              </div>
            );
          })}
        </div>
      )}
      <div className="layer-node-footer">
        <span className={`node-shape${data.shapes.length ? '' : ' unknown'}`} data-testid="node-shape">
          {data.shapes.length ? data.shapes.join(' ') : t('node.noShape')}
        </span>
        {data.paramCount !== null && data.paramCount > 0 && (
          <span className="node-params" data-testid="node-param-count">
            {words.paramCount(data.paramCount)}
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
      {data.outputs.length === 1 && <PortHandle port={data.outputs[0]!} type="source" labelled={false} />}
    </div>
  );
}

export const LayerNode = memo(LayerNodeView);
