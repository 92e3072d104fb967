import type { TorchLayerEmitter } from '../../../codegen/torch';

/** The padding param (n, [rows, cols] or [[top, bottom], [left, right]]) as [[top, bottom], [left, right]]. */
function paddingSides(p: unknown): [[number, number], [number, number]] {
  if (typeof p === 'number') return [[p, p], [p, p]];
  const [rows, cols] = p as [unknown, unknown];
  if (typeof rows === 'number' && typeof cols === 'number') return [[rows, rows], [cols, cols]];
  return [rows as [number, number], cols as [number, number]];
}

export const pytorchEmitters: TorchLayerEmitter[] = [
  {
    type: 'ZeroPadding2D',
    forward(n, [x]) {
      const [[top, bottom], [left, right]] = paddingSides(n.params.padding);
      return `F.pad(${x}, (${left}, ${right}, ${top}, ${bottom}))`;
    },
  },
];
