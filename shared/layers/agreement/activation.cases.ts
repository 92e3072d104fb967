import type { AgreementCase } from './harness';

export const activationCases: AgreementCase[] = [
  ...['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'].map(
    (activation): AgreementCase => ({ type: 'Activation', params: { activation }, inputs: [[null, 7]] }),
  ),
  { type: 'Activation', params: { activation: 'leakyRelu' }, inputs: [[null, 4, 5]] },
  { type: 'Activation', params: { activation: 'leakyRelu', alpha: 0.1 }, inputs: [[null, 3, 3, 2]] },
  { type: 'Activation', params: { activation: 'elu', alpha: 0.5 }, inputs: [[null, null, 6]] },
  { type: 'Activation', params: { activation: 'softmax' }, inputs: [[null, 5, 10]] },
];

export const regularizationCases: AgreementCase[] = [
  { type: 'Dropout', params: { rate: 0.3 }, inputs: [[null, 12]] },
  { type: 'Dropout', params: {}, inputs: [[null, null, 8]] },
  { type: 'Dropout', params: { rate: 0 }, inputs: [[null, 4, 4, 3]] },
];
