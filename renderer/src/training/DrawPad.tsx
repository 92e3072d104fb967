import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { emptyGrid, inkFromRgba, stroke, type InkGrid } from './draw-grid';

/** The pad's on-screen size: large enough to draw a digit with a mouse, whatever the model's resolution. */
export const DRAW_PAD_PX = 196;

/**
 * A drawing pad for a model that reads pictures: the person draws with the mouse, pen or
 * finger, white ink on black as in MNIST, at the model's own resolution. `onStrokeEnd`
 * fires when a stroke ends, so the prediction follows the drawing.
 */
export function DrawPad({ height, width, onStrokeEnd }: { height: number; width: number; onStrokeEnd: (grid: InkGrid) => void }) {
  const { t } = useTranslation();
  const canvas = useRef<HTMLCanvasElement>(null);
  const [grid, setGrid] = useState(() => emptyGrid(height, width));
  const [unreadable, setUnreadable] = useState(false);
  const last = useRef<{ row: number; column: number } | null>(null);
  const current = useRef(grid);
  current.current = grid;
  const cell = Math.max(4, Math.floor(DRAW_PAD_PX / Math.max(height, width)));

  useEffect(() => {
    const context = canvas.current?.getContext('2d');
    if (!context) return;
    context.fillStyle = '#000';
    context.fillRect(0, 0, width * cell, height * cell);
    for (let r = 0; r < height; r++)
      for (let c = 0; c < width; c++) {
        const v = grid.ink[r * width + c]!;
        if (v <= 0) continue;
        const grey = Math.round(v * 255);
        context.fillStyle = `rgb(${grey},${grey},${grey})`;
        context.fillRect(c * cell, r * cell, cell, cell);
      }
  }, [grid, height, width, cell]);

  const at = (event: React.PointerEvent<HTMLCanvasElement>) => {
    const box = event.currentTarget.getBoundingClientRect();
    return { row: ((event.clientY - box.top) / box.height) * height, column: ((event.clientX - box.left) / box.width) * width };
  };
  const paintTo = (point: { row: number; column: number }) => {
    const next = stroke(current.current, last.current ?? point, point);
    current.current = next;
    setGrid(next);
    last.current = point;
  };

  /** The picture scaled to the model's resolution, as if drawn, and answered at once. */
  const upload = async (file: File) => {
    const bitmap = await createImageBitmap(file);
    const scaled = document.createElement('canvas');
    scaled.width = width;
    scaled.height = height;
    const context = scaled.getContext('2d');
    if (!context) return;
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const next = inkFromRgba(context.getImageData(0, 0, width, height).data, height, width);
    current.current = next;
    setGrid(next);
    onStrokeEnd(next);
  };

  return (
    <div className="draw-pad">
      <canvas
        ref={canvas}
        width={width * cell}
        height={height * cell}
        aria-label={t('training.tryIt.drawHere')}
        data-testid="draw-pad"
        onPointerDown={(e) => {
          e.currentTarget.setPointerCapture(e.pointerId);
          last.current = null;
          paintTo(at(e));
        }}
        onPointerMove={(e) => {
          if (last.current) paintTo(at(e));
        }}
        onPointerUp={() => {
          if (!last.current) return;
          last.current = null;
          onStrokeEnd(current.current);
        }}
      />
      <div className="draw-pad-actions">
        <button
          className="btn small"
          onClick={() => {
            const blank = emptyGrid(height, width);
            setGrid(blank);
            current.current = blank;
          }}
          data-testid="draw-clear"
        >
          {t('training.tryIt.clear')}
        </button>
        <label className="btn small" data-testid="draw-upload">
          {t('training.tryIt.upload')}
          <input
            type="file"
            accept="image/*"
            hidden
            data-testid="draw-upload-input"
            onChange={(e) => {
              const file = e.currentTarget.files?.[0];
              e.currentTarget.value = '';
              setUnreadable(false);
              if (file) upload(file).catch(() => setUnreadable(true));
            }}
          />
        </label>
        {unreadable && <span className="field-error">{t('training.tryIt.uploadUnreadable')}</span>}
      </div>
    </div>
  );
}
