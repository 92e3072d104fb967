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
      'The encoder (convolution + max pooling, twice) squeezes the 28×28 image into a 7×7×16 code; the decoder (upsampling + convolution, twice) draws it back at 28×28. ' +
      'No labels are used: the target is the input itself (training.outputs binds the output to the field x; training.inputs adds the noise, in training and validation alike). ' +
      'The last convolution is linear: under a squared error, a sigmoid there flattens the gradient of the dark background and can stall training at a black image. ' +
      'In 4 epochs over 8,000 digits (about 40 s on a 2-core laptop CPU) the validation PSNR passes 18.5 dB (19.3 dB with this seed), where the noisy input itself scores about 10.5 dB against the clean digit.',
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
      { type: 'Conv2D', params: { filters: 1, kernelSize: [3, 3], padding: 'same', activation: 'linear' }, at: [9, 0], name: 'reconstruction' },
    ],
  ),
  { kind: 'builtin', name: 'mnist' },
  {
    optimizer: 'adam',
    learningRate: 0.001,
    loss: 'mse',
    metrics: [],
    inputs: { input_1: { field: 'x', noise: { kind: 'gaussian', std: 0.3 } } },
    outputs: { reconstruction: { target: 'x', loss: 'mse', metrics: ['psnr'] } },
    epochs: 4,
    batchSize: 32,
    validationSplit: 0.2,
    seed: 5,
  },
);

// A U-Net (Ronneberger et al., 2015) on generated scenes of circles, squares and triangles:
// the encoder halves the image twice, the decoder doubles it back, and at each size a skip
// (Concatenate) hands the decoder the encoder's sharp, full-resolution features.
save(
  'unet-shapes.nnd.json',
  build(
    'unet-shapes',
    'A U-Net (Ronneberger et al., 2015) that segments generated 32×32 scenes of circles, squares and triangles (the built-in shapes set: 600 scenes with a class for every pixel). ' +
      'The encoder (convolution + max pooling, twice) sees more of the scene at each lower resolution; the decoder doubles it back — once with a learned Conv2DTranspose, once with a plain UpSampling2D — ' +
      'and after each step a Concatenate skip hands it the encoder features of the same size, so the outlines stay sharp. ' +
      'A 1×1 convolution with a softmax over the 4 classes (background, circle, square, triangle) at every pixel learns the mask with sparse categorical crossentropy. ' +
      'In 30 epochs (about 40 s on a 2-core laptop CPU) the validation mean IoU over the classes passes 0.85 (0.88 with this seed; pixel accuracy about 98.5 %). ' +
      'Where a shape is comes first, which it is takes the whole outline: the IoU may rest near 0.35–0.45 for a few epochs before it climbs.',
    [
      { type: 'Input', params: { shape: [32, 32, 1] }, at: [0, 1] },
      { type: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [1, 1] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [2, 2] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [3, 2] },
      { type: 'MaxPooling2D', params: { poolSize: [2, 2] }, at: [4, 3] },
      { type: 'Conv2D', params: { filters: 32, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [5, 3] },
      { type: 'Conv2DTranspose', params: { filters: 16, kernelSize: [2, 2], strides: [2, 2], padding: 'same', activation: 'relu' }, at: [6, 2] },
      { type: 'Concatenate', params: { axis: -1 }, at: [7, 2], from: ['conv2d_transpose_1', 'conv2d_2'] },
      { type: 'Conv2D', params: { filters: 16, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [8, 2] },
      { type: 'UpSampling2D', params: { size: [2, 2] }, at: [9, 1] },
      { type: 'Concatenate', params: { axis: -1 }, at: [10, 1], from: ['up_sampling2d_1', 'conv2d_1'] },
      { type: 'Conv2D', params: { filters: 8, kernelSize: [3, 3], padding: 'same', activation: 'relu' }, at: [11, 1] },
      { type: 'Conv2D', params: { filters: 4, kernelSize: [1, 1], padding: 'same', activation: 'softmax' }, at: [12, 1], name: 'mask' },
    ],
  ),
  { kind: 'shapes', size: 32, samples: 600, seed: 1, maxShapes: 3 },
  {
    optimizer: 'adam',
    learningRate: 0.005,
    loss: 'sparseCategoricalCrossentropy',
    metrics: ['accuracy'],
    outputs: { mask: { target: 'y', loss: 'sparseCategoricalCrossentropy', metrics: ['iou', 'accuracy'] } },
    epochs: 30,
    batchSize: 16,
    validationSplit: 0.2,
    seed: 3,
  },
);
