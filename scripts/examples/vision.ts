/**
 * Vision templates on the built-in datasets: LeNet-5 on the 10,000 MNIST digits that ship
 * with NN Designer (no download).
 */
import { build, save } from './builder';

save(
  'lenet5-mnist.nnd.json',
  build(
    'lenet5-mnist',
    'LeNet-5 (LeCun et al., 1998) on handwritten digits: two convolution + pooling stages find strokes and then their combinations, ' +
      'three Dense layers classify them into the ten digits. Trains on 8,000 of the built-in MNIST digits and validates on the other 2,000, ' +
      'reaching about 97–98 % validation accuracy in a few minutes on a laptop CPU. (ReLU and max pooling where the 1998 paper had tanh and average pooling: they train faster.)',
    [
      { type: 'Input', params: { shape: [28, 28, 1] }, at: [0, 0] },
      { type: 'Conv2D', params: { filters: 6, kernelSize: [5, 5], padding: 'same', activation: 'relu' }, at: [1, 0] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [2, 0] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [5, 5], padding: 'valid', activation: 'relu' }, at: [3, 0] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [4, 0] },
      { type: 'Flatten', at: [5, 0] },
      { type: 'Dense', params: { units: 120, activation: 'relu' }, at: [6, 0] },
      { type: 'Dense', params: { units: 84, activation: 'relu' }, at: [7, 0] },
      { type: 'Dense', params: { units: 10, activation: 'softmax' }, at: [8, 0] },
    ],
  ),
  { kind: 'builtin', name: 'mnist' },
  { optimizer: 'adam', learningRate: 0.002, loss: 'categoricalCrossentropy', metrics: ['accuracy'], epochs: 12, batchSize: 32, validationSplit: 0.2, seed: 5 },
);
