import { memo } from 'react';
import type { NodeProps } from '@xyflow/react';
import { useTranslation } from 'react-i18next';
import type { GanRegionFlowNode } from './flow-elements';

/** A GAN's network as a labelled, tinted area behind its layers; it takes no clicks, so the canvas under it still pans and selects. */
function GanRegionView({ data }: NodeProps<GanRegionFlowNode>) {
  const { t } = useTranslation();
  const label = data.player === 'generator' ? t('canvas.gan.generator') : t('canvas.gan.discriminator');
  return (
    <div className={`gan-region ${data.player}`} data-testid="gan-region" data-player={data.player}>
      <span className="gan-region-label" data-testid="gan-region-label">
        {label}
      </span>
    </div>
  );
}

export const GanRegionNode = memo(GanRegionView);
