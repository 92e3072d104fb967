import type { AgreementCase } from '../../agreement/harness';

export const agreementCases: AgreementCase[] = [
  ...['linear', 'relu', 'relu6', 'elu', 'selu', 'sigmoid', 'hardSigmoid', 'tanh', 'softmax', 'softplus', 'softsign', 'swish', 'mish', 'gelu'].map(
    (activation): AgreementCase => ({ type: 'Activation', params: { activation }, inputs: [[null, 7]] }),
  ),
  { type: 'Activation', params: { activation: 'leakyRelu' }, inputs: [[null, 4, 5]] },
  { type: 'Activation', params: { activation: 'leakyRelu', alpha: 0.1 }, inputs: [[null, 3, 3, 2]] },
  { type: 'Activation', params: { activation: 'elu', alpha: 0.5 }, inputs: [[null, null, 6]] },
  { type: 'Activation', params: { activation: 'softmax' }, inputs: [[null, 5, 10]] },
];
