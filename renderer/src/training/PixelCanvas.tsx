import { useEffect, useRef } from 'react';
import type { Pixels } from './evaluation-views';

/** Pixels drawn at their own resolution and shown `size` CSS pixels wide, sharp-edged. */
export function PixelCanvas({ pixels, size, label, testId }: { pixels: Pixels; size: number; label: string; testId?: string }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.putImageData(new ImageData(new Uint8ClampedArray(pixels.rgba), pixels.width, pixels.height), 0, 0);
  }, [pixels]);
  const scale = size / Math.max(pixels.width, pixels.height);
  return (
    <canvas
      ref={canvas}
      className="pixels"
      width={pixels.width}
      height={pixels.height}
      style={{ width: Math.round(pixels.width * scale), height: Math.round(pixels.height * scale) }}
      role="img"
      aria-label={label}
      title={label}
      data-testid={testId}
    />
  );
}
