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

// A denoising autoencoder: the same digits, corrupted with Gaussian noise on the way in,
// are the target. The two pooling stages squeeze each digit through a 7×7 code; the two
// upsampling stages draw it back at 28×28.
save(
  'denoising-autoencoder-mnist.nnd.json',
  build(
    'denoising-autoencoder-mnist',
    'A denoising autoencoder on the built-in MNIST digits: each digit goes in with Gaussian noise (σ = 0.3) added, and the network must give back the clean digit. ' +
      'The encoder (convolution + max pooling, twice) squeezes the 28×28 image into a 7×7×16 code; the decoder (upsampling + convolution, twice) draws the image back. The last convolution is linear: under a squared error, a sigmoid there would flatten the gradient of the dark background and stall training at a black image. ' +
      'No labels are used: the target is the input itself (training.outputs binds the output to the field x, training.inputs adds the noise). ' +
      'QUALITY',
    [
      { type: 'Input', params: { shape: [28, 28, 1] }, at: [0, 0] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [1, 0] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [2, 0] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [3, 0] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [4, 0] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [5, 0] },
      { type: 'UpSampling2D', params: { size: [2, 2] }, at: [6, 0] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [7, 0] },
      { type: 'UpSampling2D', params: { size: [2, 2] }, at: [8, 0] },
      { type: 'Conv2D', params: { filters: 1, kernelSize: [3, 3], padding: 'same', activation: 'linear' }, at: [9, 0] },
    ],
  ),
  { kind: 'builtin', name: 'mnist' },
  {
    optimizer: 'adam',
    learningRate: 0.001,
    loss: 'mse',
    metrics: [],
    inputs: { input_1: { field: 'x', noise: { kind: 'gaussian', std: 0.3 } } },
    outputs: { conv2d_5: { target: 'x', loss: 'mse', metrics: ['psnr'] } },
    epochs: 5,
    batchSize: 32,
    validationSplit: 0.2,
    seed: 5,
  },
);
