/**
 * The stride-1 Conv2D input gradient two ways, interleaved (issue #10): the padded forward
 * convolution of dy with the rotated filter, and dx = col2im(dy·Wᵀ) (conv-matmul.ts). Prints
 * the best of N blocks per path and shape, with the share of products col2im saves, which is
 * what conv-matmul.ts's COL2IM_MIN_SAVING rule was set from.
 * Run: npx tsx bench/engine/input-gradient-ab.ts [--blocks 7]
 */
import * as tf from '@tensorflow/tfjs';
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { selectBackend } from '../../electron/worker/backend';
import { registerFastPath } from '../../electron/worker/fast-path';
import { resetFastPathSwitches, setFastPathSwitches, type InputGradientPath } from '../../electron/worker/fast-path-switches';

const { values } = parseArgs({ options: { blocks: { type: 'string', default: '7' } } });
await registerFastPath();
await selectBackend('wasm');

// [batch, height, width, inC], [kh, kw, inC, outC]
const shapes: [number[], number[]][] = [
  [[64, 13, 13, 16], [3, 3, 16, 32]],
  [[64, 26, 26, 16], [3, 3, 16, 32]],
  [[64, 28, 28, 16], [3, 3, 16, 16]],
  [[64, 7, 7, 32], [3, 3, 32, 64]],
  [[64, 12, 12, 32], [5, 5, 32, 32]],
  [[32, 32, 32, 8], [3, 3, 8, 16]],
];
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
for (const [xShape, wShape] of shapes) {
  const outShape = [xShape[0]!, xShape[1]! - wShape[0]! + 1, xShape[2]! - wShape[1]! + 1, wShape[3]!];
  const dy = tf.randomNormal(outShape);
  const w = tf.randomNormal(wShape);
  const attrs = { strides: [1, 1], pad: 'valid', dataFormat: 'NHWC', dilations: [1, 1], inputShape: xShape };
  const time = (path: InputGradientPath) => {
    setFastPathSwitches({ inputGradientPath: path });
    const reps = 10;
    const start = performance.now();
    for (let i = 0; i < reps; i++) (tf.engine().runKernel(tf.Conv2DBackpropInput, { dy, filter: w }, attrs) as tf.Tensor).dispose();
    return (performance.now() - start) / reps;
  };
  time('convolution');
  time('col2im');
  const best = { convolution: Infinity, col2im: Infinity };
  for (let b = 0; b < Number(values.blocks); b++) {
    best.convolution = Math.min(best.convolution, time('convolution'));
    best.col2im = Math.min(best.col2im, time('col2im'));
  }
  const saving = 1 - (outShape[1]! * outShape[2]!) / (xShape[1]! * xShape[2]!);
  console.log(`x ${xShape.join('x')} w ${wShape.join('x')}: saving ${(saving * 100).toFixed(0)} %, convolution ${best.convolution.toFixed(2)} ms, col2im ${best.col2im.toFixed(2)} ms (${(best.convolution / best.col2im).toFixed(2)}x)`);
  dy.dispose();
  w.dispose();
}
resetFastPathSwitches();
console.log(`load ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
