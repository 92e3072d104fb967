import { memo } from 'react';
import { useStore, type ReactFlowState } from '@xyflow/react';

/** Behind the wires and nodes, like React Flow's own background; the canvas colour is its own. */
const LAYER = { position: 'absolute', inset: 0, zIndex: -1, pointerEvents: 'none', backgroundColor: 'var(--canvas)', willChange: 'transform' } as const;

const transformOf = (s: ReactFlowState) => s.transform;

/**
 * The canvas's dot grid as one CSS background on its own compositor layer, shifted by a
 * transform as the view pans. React Flow's <Background> is an SVG pattern whose position
 * attributes change on every frame, so Chromium re-rasters the whole canvas area each
 * frame of a pan; here a pan only moves a layer, and the dots are drawn again only when
 * the zoom changes. Dots sit on multiples of `gap` in flow coordinates, like the snap grid.
 */
function DotGridView({ gap, size }: { gap: number; size: number }) {
  const [x, y, zoom] = useStore(transformOf);
  const step = gap * zoom;
  // Below ~5 px apart the dots are a grey haze that costs as much as it shows: leave them out.
  if (step < 5) return <div style={LAYER} data-testid="dot-grid" />;
  const radius = Math.max(0.5, (size * zoom) / 2);
  const wrap = (v: number) => ((((v - step / 2) % step) + step) % step) - step;
  return (
    <div
      data-testid="dot-grid"
      style={{
        ...LAYER,
        backgroundImage: `radial-gradient(circle at center, var(--grid) ${radius}px, transparent ${radius + 0.6}px)`,
        backgroundSize: `${step}px ${step}px`,
        inset: `0 ${-step}px ${-step}px 0`,
        transform: `translate3d(${wrap(x)}px, ${wrap(y)}px, 0)`,
      }}
    />
  );
}

export const DotGrid = memo(DotGridView);
