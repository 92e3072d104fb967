import type { AgreementCase } from './harness';

export const poolingCases: AgreementCase[] = [
  { type: 'MaxPooling2D', params: {}, inputs: [[null, 28, 28, 32]] },
  { type: 'MaxPooling2D', params: { poolSize: [3, 3], strides: [2, 2] }, inputs: [[null, 15, 15, 4]] },
  { type: 'MaxPooling2D', params: { poolSize: [2, 2], padding: 'same' }, inputs: [[null, 7, 9, 3]] },
  { type: 'MaxPooling2D', params: { poolSize: [3, 2], strides: [1, 1] }, inputs: [[null, null, 6, 2]] },
  { type: 'AveragePooling2D', params: {}, inputs: [[null, 9, 9, 3]] },
  { type: 'AveragePooling2D', params: { poolSize: [8, 8], strides: [1, 1], padding: 'same' }, inputs: [[null, 8, 8, 64]] },
  { type: 'AveragePooling2D', params: { poolSize: [3, 3], strides: [2, 3] }, inputs: [[null, 13, 17, 1]] },
  { type: 'MaxPooling1D', params: {}, inputs: [[null, 100, 32]] },
  { type: 'MaxPooling1D', params: { poolSize: 3, strides: 2, padding: 'same' }, inputs: [[null, 11, 4]] },
  { type: 'MaxPooling1D', params: { poolSize: 2 }, inputs: [[null, null, 6]] },
  { type: 'AveragePooling1D', params: { poolSize: 4 }, inputs: [[null, 17, 3]] },
  { type: 'AveragePooling1D', params: { poolSize: 3, strides: 1, padding: 'same' }, inputs: [[null, 10, 2]] },
  { type: 'GlobalAveragePooling2D', params: {}, inputs: [[null, 7, 7, 64]] },
  { type: 'GlobalAveragePooling2D', params: {}, inputs: [[null, null, null, 3]] },
  { type: 'GlobalMaxPooling2D', params: {}, inputs: [[null, 5, 3, 10]] },
  { type: 'GlobalAveragePooling1D', params: {}, inputs: [[null, 20, 8]] },
  { type: 'GlobalAveragePooling1D', params: {}, inputs: [[null, null, 16]] },
  { type: 'GlobalMaxPooling1D', params: {}, inputs: [[null, null, 8]] },
  { type: 'GlobalAveragePooling2D', params: { keepDims: true }, inputs: [[null, 6, 5, 4]] },
  { type: 'GlobalMaxPooling2D', params: { keepDims: true }, inputs: [[null, null, null, 3]] },
  { type: 'GlobalAveragePooling1D', params: { keepDims: true }, inputs: [[null, 9, 2]] },
  { type: 'GlobalMaxPooling1D', params: { keepDims: true }, inputs: [[null, null, 5]] },
];

export const paddingCases: AgreementCase[] = [
  { type: 'ZeroPadding2D', params: {}, inputs: [[null, 28, 28, 1]] },
  { type: 'ZeroPadding2D', params: { padding: [[0, 1], [0, 1]] }, inputs: [[null, 112, 112, 16]] },
  { type: 'ZeroPadding2D', params: { padding: [2, 3] }, inputs: [[null, 5, 7, 3]] },
  { type: 'ZeroPadding2D', params: { padding: 2 }, inputs: [[null, null, 4, 2]] },
  { type: 'ZeroPadding2D', params: { padding: [[3, 0], [1, 2]] }, inputs: [[null, 6, 6, 1]] },
  { type: 'UpSampling2D', params: {}, inputs: [[null, 7, 7, 8]] },
  { type: 'UpSampling2D', params: { size: [3, 2] }, inputs: [[null, 5, 4, 2]] },
  { type: 'UpSampling2D', params: { size: [2, 2], interpolation: 'bilinear' }, inputs: [[null, null, null, 3]] },
];
