import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type EdgeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { FakeSamplesFlowEdge } from './flow-elements';

/**
 * The generator's output reaching the discriminator's input: dashed, because no edge of the
 * document carries it (the run feeds each fake batch to the discriminator), and not editable.
 */
function FakeSamplesEdgeView({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition }: EdgeProps<FakeSamplesFlowEdge>) {
  const { t } = useTranslation();
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, borderRadius: 14, offset: 28 });
  return (
    <>
      <BaseEdge id={id} path={path} className="gan-fake-wire" />
      <EdgeLabelRenderer>
        <div className="gan-fake-label nodrag nopan" style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)` }} data-testid="gan-fake-samples">
          {t('canvas.gan.fakeSamples')}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const FakeSamplesEdge = memo(FakeSamplesEdgeView);
